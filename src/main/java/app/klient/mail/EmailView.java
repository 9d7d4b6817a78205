package app.klient.mail;

import java.time.Instant;
import java.util.List;

import app.klient.platform.files.FileInfo;

/**
 * A message in or out; {@code threadId} is the first message of its conversation, {@code attachments} the files that
 * came with it.
 */
public record EmailView(long id, String direction, String messageId, String inReplyTo, Long threadId,
        String fromAddress, String toAddresses, String subject, String body, Long contactId, Long companyId,
        Long mailboxId, String status, Instant at, List<FileInfo> attachments) {
}
