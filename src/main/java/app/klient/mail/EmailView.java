package app.klient.mail;

import java.time.Instant;
import java.util.List;

import app.klient.platform.files.FileInfo;

/**
 * A message in or out; {@code threadId} is the first message of its conversation, {@code attachments} the files that
 * came with it (one without a path was too large to keep). {@code readError} says why a received message could not
 * be read (its raw source is then its only file); {@code delivery} is where a sent one stands in the outbox
 * (PENDING, SENT or FAILED, with the server's last answer in {@code deliveryError}).
 */
public record EmailView(long id, String direction, String messageId, String inReplyTo, Long threadId,
        String fromAddress, String toAddresses, String subject, String body, Long contactId, Long companyId,
        Long mailboxId, String status, Instant at, List<FileInfo> attachments, String readError, String delivery,
        String deliveryError) {
}
