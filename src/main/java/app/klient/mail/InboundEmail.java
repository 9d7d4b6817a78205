package app.klient.mail;

import java.util.List;

/**
 * Published once for every message a mailbox stored (never for one it had stored before); the service desk turns
 * those of a support mailbox into tickets, and replies to a ticket from any mailbox into its conversation.
 * {@code automatic} marks bounces, delivery reports and auto-replies, which nobody should answer.
 */
public record InboundEmail(long emailId, long mailboxId, String purpose, String fromAddress, String subject,
        String body, String messageId, List<String> references, Long contactId, boolean automatic) {
}
