package app.klient.billing.ksef;

import java.time.Instant;

/**
 * Where one invoice is on its way to KSeF, as its page and the API show it. {@code state} is WAITING, SENT, ACCEPTED
 * or REJECTED, or null when the invoice was never queued ({@code ksefEnabled} then says whether that is because KSeF
 * is switched off). {@code environment} is the KSeF environment it was queued for and {@code environmentNow} the one
 * set now: while they differ the invoice is held back (never sent to another environment than its own). {@code reason} and {@code todo} put KSeF's status code in plain words in the reader's language;
 * {@code statusDescription} is KSeF's own text. {@code version} is what sending a rejected invoice again names.
 */
public record KsefState(long invoiceId, boolean polish, boolean ksefEnabled, String state, boolean offline,
        String ksefNumber, Integer statusCode, String statusDescription, String statusDetails, String reason,
        String todo, boolean upoAvailable, int attempts, Instant queuedAt, Instant sentAt, Instant acceptedAt,
        String verificationUrl, Integer version, KsefEnvironment environment, KsefEnvironment environmentNow) {

    /** Queued for another environment than the one set now, and not yet accepted or rejected: it is not sent. */
    public boolean heldBack() {
        return environment != null && environment != environmentNow
                && ("WAITING".equals(state) || "SENT".equals(state));
    }

    public boolean queued() {
        return state != null;
    }

    public boolean rejected() {
        return "REJECTED".equals(state);
    }
}
