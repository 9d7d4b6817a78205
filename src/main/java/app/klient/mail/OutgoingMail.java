package app.klient.mail;

import java.util.List;
import java.util.UUID;

import app.klient.platform.files.StoredFile;

/**
 * A message Klient sends: to whom, what, in which thread ({@code inReplyTo}), where replies go ({@code replyTo}, e.g.
 * the support mailbox), and whether a machine sent it on its own ({@code autoSubmitted}, RFC 3834), so that the
 * customer's auto-responder does not answer it.
 */
public record OutgoingMail(List<String> to, String subject, String body, String messageId, String inReplyTo,
        String replyTo, String autoSubmitted, List<StoredFile> files) {

    public OutgoingMail {
        to = List.copyOf(to);
        files = List.copyOf(files);
    }

    public static OutgoingMail to(String to, String subject, String body) {
        return to(List.of(to), subject, body);
    }

    public static OutgoingMail to(List<String> to, String subject, String body) {
        return new OutgoingMail(to, subject, body, "<" + UUID.randomUUID() + "@klient>", null, null, null, List.of());
    }

    public OutgoingMail withMessageId(String id) {
        return new OutgoingMail(to, subject, body, id, inReplyTo, replyTo, autoSubmitted, files);
    }

    /** In the thread of that message (null: a new thread). */
    public OutgoingMail inReplyTo(String id) {
        return new OutgoingMail(to, subject, body, messageId, id, replyTo, autoSubmitted, files);
    }

    /** Replies go to this address (null: to the sender). */
    public OutgoingMail replyTo(String address) {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, address, autoSubmitted, files);
    }

    public OutgoingMail withFiles(List<StoredFile> attached) {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, autoSubmitted, attached);
    }

    /** Sent by Klient in answer to a customer's message (an acknowledgement, a survey). */
    public OutgoingMail answeringAutomatically() {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, "auto-replied", files);
    }

    /** Sent by Klient on its own (a reminder). */
    public OutgoingMail generatedAutomatically() {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, "auto-generated", files);
    }
}
