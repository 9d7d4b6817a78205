package app.klient.analytics.models;

/**
 * A reason behind a score, kept as a code and the customer's figures and told in the reader's language when read
 * ({@code models.reason.<code>}): e.g. {@code overdue} 210 and 90 — "No purchase for 210 days, usually every 90".
 */
public record Reason(String code, double value, Double usual) {
}
