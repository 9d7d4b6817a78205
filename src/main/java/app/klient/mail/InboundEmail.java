package app.klient.mail;

import java.util.List;

/**
 * Published once for every message a mailbox stored (never for one it had stored before); the service desk turns
 * those of a support mailbox into tickets and ticket replies.
 */
public record InboundEmail(long emailId, long mailboxId, String purpose, String fromAddress, String subject,
        String body, String messageId, List<String> references, Long contactId) {
}
