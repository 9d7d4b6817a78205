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

        /**
         * The kind of failure as a message key, so the log reads in the reader's language (the error as the client
         * wrote it stays beside it, for the receiver's administrator): null when it is none of the known kinds.
         */
        public String errorKey() {
            if (error == null) {
                return null;
            }
            if (error.startsWith("No answer within") || error.startsWith("SocketTimeoutException")
                    || error.startsWith("ConnectTimeoutException")) {
                return "webhook.error.timeout";
            }
            if (error.startsWith("RefusedAddressException")) {
                return "webhook.error.refused";
            }
            if (error.startsWith("UnknownHostException")) {
                return "webhook.error.unknownHost";
            }
            if (error.startsWith("HttpHostConnectException") || error.startsWith("ConnectException")
                    || error.startsWith("NoRouteToHostException")) {
                return "webhook.error.connection";
            }
            if (error.startsWith("SSL")) {
                return "webhook.error.tls";
            }
            return null;
        }
    }
}
