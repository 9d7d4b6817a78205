package app.klient.channels.messages;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A message a gateway received from a customer: the channel ({@code sms}, {@code whatsapp}, {@code messenger}: a
 * short slug), the sender's address (a phone number, an e-mail or a handle) and name, the text (plain text, at most
 * 4,000 characters, never shown as HTML), attachments (HTTPS addresses, at most 10), the sender's message id (the
 * same id again on the same channel is the same message) and when it was sent.
 */
public record MessageReport(String channel, String from, String senderName, String text,
        List<Attachment> attachments, String messageId, OffsetDateTime sentAt) {

    /** A file the gateway keeps: where (HTTPS), its name and type as the sender gave them. */
    public record Attachment(String url, String name, String contentType) {
    }
}
