package app.klient.mail;

import java.util.List;

/**
 * A report a mail system sent about a message Klient sent, read from a multipart/report message a mailbox received
 * (published right after its {@link InboundEmail}): a delivery status notification (RFC 3464: the message bounced,
 * was delayed or was delivered, per recipient) or a complaint (RFC 5965 feedback report: a recipient marked it as
 * spam). {@code originalMessageId} is the Message-ID of the message reported on, when the report quotes it.
 */
public record DeliveryReport(long emailId, long mailboxId, String mailboxPurpose, Kind kind, String originalMessageId,
        List<Recipient> recipients, String feedbackType) {

    public enum Kind {
        DELIVERY_STATUS, COMPLAINT
    }

    /**
     * One recipient of the reported message: its address, the action (failed, delayed, delivered, relayed, expanded),
     * the status code (5.1.1 permanent, 4.2.2 transient, 2.0.0 success) and the remote server's words.
     */
    public record Recipient(String address, String action, String status, String diagnostic) {

        /** A permanent failure (5.x.x, or a failure without a code). */
        public boolean permanent() {
            return status != null ? status.startsWith("5") : "failed".equalsIgnoreCase(action);
        }

        /** A transient failure (4.x.x, or a delay). */
        public boolean temporary() {
            return status != null ? status.startsWith("4") : "delayed".equalsIgnoreCase(action);
        }

        public boolean delivered() {
            return !permanent() && !temporary() && ("delivered".equalsIgnoreCase(action)
                    || "relayed".equalsIgnoreCase(action) || "expanded".equalsIgnoreCase(action));
        }
    }
}
