package app.klient.mail;

import java.time.Instant;

/** A message in or out; {@code threadId} is the first message of its conversation. */
public record EmailView(long id, String direction, String messageId, String inReplyTo, Long threadId,
        String fromAddress, String toAddresses, String subject, String body, Long contactId, Long companyId,
        Long mailboxId, String status, Instant at, int attachments) {
}
