package app.klient.automation.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One message to one subscription: its event, its webhook-id (the same on every attempt and redelivery), where it
 * stands (PENDING, DELIVERED, FAILED), how many times it was tried, the last answer, and when it is due again.
 */
public record WebhookDelivery(long id, long subscriptionId, String messageId, String eventType, String state,
        int attempts, Integer lastStatus, String lastError, Instant createdAt, Instant lastAttemptAt,
        Instant deliveredAt, Instant nextAttemptAt) {

    /** A delivery with what was sent and every attempt, oldest first. */
    public record Details(WebhookDelivery delivery, String payload, List<Attempt> attempts) {
    }

    /** One try: when, how long, the HTTP status (null: no answer), the start of the answer, or the error. */
    public record Attempt(Instant attemptedAt, int durationMs, Integer status, String response, String error) {
    }
}
