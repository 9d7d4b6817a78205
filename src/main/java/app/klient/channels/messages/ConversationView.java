package app.klient.channels.messages;

import java.time.Instant;
import java.util.List;

/**
 * One customer's thread on one channel: who (the address, the name they gave, the contact or company matched or
 * linked), whether it is open, how many of their messages nobody has read, who looks after it, the ticket made from
 * it, and (when read one at a time) its messages oldest first.
 */
public record ConversationView(long id, String channel, String address, String senderName, Long contactId,
        Long companyId, String customerName, Long assigneeId, String assigneeName, String state, int unread,
        Instant lastMessageAt, String lastText, Long ticketId, Instant createdAt, int version,
        List<MessageView> messages) {

    /** One message: in or out, its text and files, when, who answered, and how an answer's delivery went. */
    public record MessageView(long id, String direction, String messageId, String text,
            List<MessageReport.Attachment> attachments, Instant sentAt, Long authorId, String authorName,
            Delivery delivery) {
    }

    /** SENDING, SENT or FAILED, the tries so far, and the last answer's status or error. */
    public record Delivery(String state, int attempts, Integer lastStatus, String lastError) {
    }
}
