package app.klient.mail.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.mail.DeliveryReport;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;

/**
 * Reads the machine part of a multipart/report message: a delivery status (RFC 3464, {@code message/delivery-status})
 * or a feedback report (RFC 5965 and the ARF format mail providers send complaints in, {@code
 * message/feedback-report}), with the Message-ID of the reported message from its quoted copy or headers.
 */
final class DeliveryReports {

    private static final int MAX_PART = 256 * 1024;
    private static final int MAX_RECIPIENTS = 100;
    private static final int MAX_SOURCE = 10 * 1024 * 1024;

    private DeliveryReports() {
    }

    /** The report a message carries; empty when it is no report this reads (or an unreadable one). */
    static Optional<DeliveryReport> read(Part message, long emailId, long mailboxId, String purpose)
            throws MessagingException, IOException {
        if (!message.isMimeType("multipart/report")) {
            return Optional.empty();
        }
        // read from the message's own source rather than the IMAP server's idea of its structure: servers differ
        // on the parts of a report (message/feedback-report, a quoted message/rfc822)
        java.io.ByteArrayOutputStream source = new java.io.ByteArrayOutputStream();
        message.writeTo(source);
        if (source.size() > MAX_SOURCE) {
            return Optional.empty();
        }
        message = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(source.toByteArray()));
        String reportType = new ContentType(message.getContentType()).getParameter("report-type");
        Multipart parts = (Multipart) message.getContent();
        List<Map<String, String>> status = null;
        Map<String, String> feedback = null;
        InternetHeaders original = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                status = blocks(bytes(part));
            }
            else if (part.isMimeType("message/feedback-report")) {
                List<Map<String, String>> blocks = blocks(bytes(part));
                feedback = blocks.isEmpty() ? Map.of() : blocks.get(0);
            }
            else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")
                    || part.isMimeType("message/rfc822-headers") || part.isMimeType("message/global")
                    || part.isMimeType("message/global-headers")) {
                original = new InternetHeaders(new ByteArrayInputStream(bytes(part)));
            }
        }
        String originalId = original == null ? null : first(original, "Message-ID");
        if (feedback != null || "feedback-report".equalsIgnoreCase(reportType)) {
            Map<String, String> fields = feedback == null ? Map.of() : feedback;
            List<DeliveryReport.Recipient> recipients = new ArrayList<>();
            String rcpt = address(fields.get("original-rcpt-to"));
            if (rcpt == null && original != null) {
                rcpt = address(first(original, "To"));
            }
            if (rcpt != null) {
                recipients.add(new DeliveryReport.Recipient(rcpt, "complained", null, fields.get("feedback-type")));
            }
            return Optional.of(new DeliveryReport(emailId, mailboxId, purpose, DeliveryReport.Kind.COMPLAINT,
                    originalId, recipients, cut(fields.getOrDefault("feedback-type", "abuse"), 40)));
        }
        if (status == null) {
            return Optional.empty();
        }
        List<DeliveryReport.Recipient> recipients = new ArrayList<>();
        // the first block is about the message, each following one about a recipient
        for (Map<String, String> block : status.subList(Math.min(1, status.size()), status.size())) {
            String address = address(block.getOrDefault("final-recipient", block.get("original-recipient")));
            if (address == null || recipients.size() >= MAX_RECIPIENTS) {
                continue;
            }
            String code = block.get("status");
            code = code == null ? null : code.strip().split("[\\s(]", 2)[0];
            recipients.add(new DeliveryReport.Recipient(address, cut(lower(block.get("action")), 20),
                    code != null && code.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? code : null,
                    cut(block.get("diagnostic-code"), 400)));
        }
        return Optional.of(new DeliveryReport(emailId, mailboxId, purpose, DeliveryReport.Kind.DELIVERY_STATUS,
                originalId, recipients, null));
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(MAX_PART);
        }
    }

    /** Header-like fields in blocks separated by empty lines; names lower-cased, folded lines joined. */
    static List<Map<String, String>> blocks(byte[] text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String last = null;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                last = null;
            }
            else if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                block.merge(last, " " + line.strip(), String::concat);
            }
            else if (line.indexOf(':') > 0) {
                last = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                block.putIfAbsent(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    /** {@code rfc822; Jan@Example.com} or {@code <jan@example.com>} → {@code jan@example.com}. */
    static String address(String field) {
        if (field == null) {
            return null;
        }
        String value = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        int lt = value.indexOf('<');
        int gt = value.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            value = value.substring(lt + 1, gt);
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        return value.length() > 3 && value.length() <= 320 && value.indexOf('@') > 0 && !value.contains(" ")
                && value.indexOf('\0') < 0 ? value : null;
    }

    private static String first(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? null : cut(values[0].strip(), 300);
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String cut(String s, int max) {
        return s == null ? null : (s.length() <= max ? s : s.substring(0, max)).replace("\0", "");
    }
}
