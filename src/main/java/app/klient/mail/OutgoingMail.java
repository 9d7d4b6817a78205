package app.klient.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.platform.files.StoredFile;

/**
 * A message Klient sends: to whom, what, in which thread ({@code inReplyTo}), where replies go ({@code replyTo}, e.g.
 * the support mailbox), and whether a machine sent it on its own ({@code autoSubmitted}, RFC 3834), so that the
 * customer's auto-responder does not answer it. A marketing message also has an {@code html} part (the text
 * {@code body} stays the plain alternative) and {@code headers} of its own (List-Unsubscribe, RFC 8058). A message
 * sent to many ({@code bulk}: a journey's) carries {@code Precedence: bulk}, and its bounces go to the Bounces
 * mailbox: that mailbox's address is the envelope sender (SMTP MAIL FROM, the Return-Path) when there is one.
 */
public record OutgoingMail(List<String> to, String subject, String body, String messageId, String inReplyTo,
        String replyTo, String autoSubmitted, List<StoredFile> files, String html, Map<String, String> headers,
        boolean bulk) {

    public OutgoingMail {
        to = List.copyOf(to);
        files = List.copyOf(files);
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static OutgoingMail to(String to, String subject, String body) {
        return to(List.of(to), subject, body);
    }

    public static OutgoingMail to(List<String> to, String subject, String body) {
        return new OutgoingMail(to, subject, body, "<" + UUID.randomUUID() + "@klient>", null, null, null, List.of(),
                null, Map.of(), false);
    }

    public OutgoingMail withMessageId(String id) {
        return new OutgoingMail(to, subject, body, id, inReplyTo, replyTo, autoSubmitted, files, html, headers, bulk);
    }

    /** In the thread of that message (null: a new thread). */
    public OutgoingMail inReplyTo(String id) {
        return new OutgoingMail(to, subject, body, messageId, id, replyTo, autoSubmitted, files, html, headers,
                bulk);
    }

    /** Replies go to this address (null: to the sender). */
    public OutgoingMail replyTo(String address) {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, address, autoSubmitted, files, html,
                headers, bulk);
    }

    public OutgoingMail withFiles(List<StoredFile> attached) {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, autoSubmitted, attached, html,
                headers, bulk);
    }

    /** Sent by Klient in answer to a customer's message (an acknowledgement, a survey). */
    public OutgoingMail answeringAutomatically() {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, "auto-replied", files, html,
                headers, bulk);
    }

    /** Sent by Klient on its own (a reminder). */
    public OutgoingMail generatedAutomatically() {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, "auto-generated", files, html,
                headers, bulk);
    }

    /** With an HTML part beside the plain text {@code body}. */
    public OutgoingMail withHtml(String part) {
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, autoSubmitted, files, part, headers,
                bulk);
    }

    /** From this sender rather than the mail settings' one (a campaign's own name and address). */
    public OutgoingMail from(String address, String name) {
        try {
            return withHeader("From", new jakarta.mail.internet.InternetAddress(address, name,
                    java.nio.charset.StandardCharsets.UTF_8.name()).toString());
        }
        catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With one more header of its own (it replaces one of the same name). */
    public OutgoingMail withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, autoSubmitted, files, html, more,
                bulk);
    }

    /**
     * Sent to many (a journey, a campaign): with {@code Precedence: bulk}, and with the Bounces mailbox's address as
     * the envelope sender when an active Bounces mailbox has one, so that bounces reach it.
     */
    public OutgoingMail asBulk() {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put("Precedence", "bulk");
        return new OutgoingMail(to, subject, body, messageId, inReplyTo, replyTo, autoSubmitted, files, html, more,
                true);
    }
}
