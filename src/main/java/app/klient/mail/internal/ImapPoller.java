package app.klient.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import app.klient.customers.Contacts;
import app.klient.mail.Emails;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the IMAP mailboxes. Each message is stored in its own transaction and only once: the Message-ID is unique
 * in the database, so a poll interrupted halfway and run again skips what it stored. A message from a contact's
 * address (or answering a message Klient knows) goes on that contact's timeline; the rest waits in the inbox.
 * A mailbox is claimed for a poll by one node at a time.
 */
@Component
public class ImapPoller {

    private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);
    private static final int MAX_ATTACHMENT = app.klient.platform.files.StoredFile.MAX_BYTES;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Contacts contacts;
    private final Emails inbox;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final app.klient.platform.Secrets secrets;

    ImapPoller(JdbcClient jdbc, TransactionTemplate transaction, Contacts contacts, Emails inbox,
            org.springframework.context.ApplicationEventPublisher events, app.klient.platform.Secrets secrets) {
        this.events = events;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.contacts = contacts;
        this.inbox = inbox;
    }

    @Scheduled(fixedDelayString = "${klient.mail.poll-every:PT60S}", initialDelayString = "PT20S")
    public void pollAll() {
        List<Long> due = jdbc.sql("""
                update mailboxes set last_polled_at = now()
                where active and (last_polled_at is null or last_polled_at < now() - interval '50 seconds')
                returning id""").query(Long.class).list();
        due.forEach(this::poll);
    }

    /** Reads one mailbox now; answers how many new messages it stored. */
    public int poll(long mailboxId) {
        record Box(String host, int port, String user, String password, boolean ssl, String folder, long lastUid) {
        }
        Box box = jdbc.sql("select host, port, username, password, security, folder, last_uid from mailboxes "
                + "where id = :id").param("id", mailboxId)
                .query((rs, n) -> new Box(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        "SSL".equals(rs.getString(5)), rs.getString(6), rs.getLong(7)))
                .single();
        String protocol = box.ssl() ? "imaps" : "imap";
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "30000");
        // large parts come in pieces of 1 MiB rather than the default 16 KiB: a 10 MB attachment is 14 round trips,
        // not 850 (against GreenMail, 52 s became a few)
        props.put("mail." + protocol + ".fetchsize", String.valueOf(1 << 20));
        int stored = 0;
        try (Store store = Session.getInstance(props).getStore(protocol)) {
            store.connect(box.host(), box.port(), box.user(), secrets.open(box.password()));
            Folder folder = store.getFolder(box.folder());
            folder.open(Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                for (Message message : uids.getMessagesByUID(box.lastUid() + 1, UIDFolder.MAXUID)) {
                    long uid = uids.getUID(message);
                    if (uid <= box.lastUid()) {
                        continue;
                    }
                    Boolean added;
                    try {
                        added = transaction.execute(status -> {
                            boolean fresh = store(mailboxId, message);
                            advance(mailboxId, uid);
                            return fresh;
                        });
                    }
                    catch (RuntimeException unreadable) {
                        if (connectionLost(unreadable)) {
                            throw unreadable;
                        }
                        // one message Klient cannot read must not stop the mailbox: it is kept as it came, with the
                        // reason, and the mailbox moves on
                        log.warn("Message {} of mailbox {} cannot be read, kept as raw source: {}", uid, mailboxId,
                                Reasons.of(unreadable));
                        added = transaction.execute(status -> {
                            boolean fresh = storeRaw(mailboxId, uid, message, Reasons.of(unreadable));
                            advance(mailboxId, uid);
                            return fresh;
                        });
                    }
                    stored += Boolean.TRUE.equals(added) ? 1 : 0;
                }
            }
            finally {
                folder.close(false);
            }
        }
        catch (MessagingException | RuntimeException e) {
            log.warn("Polling mailbox {} failed: {}", mailboxId, e.getMessage());
            jdbc.sql("update mailboxes set last_error = :error where id = :id").param("error", Reasons.of(e))
                    .param("id", mailboxId).update();
        }
        return stored;
    }

    private void advance(long mailboxId, long uid) {
        jdbc.sql("update mailboxes set last_uid = greatest(last_uid, :uid), last_error = null where id = :id")
                .param("uid", uid).param("id", mailboxId).update();
    }

    /**
     * Keeps a message that could not be read as its raw source (an attachment "message.eml") with the reason, waiting
     * in the inbox for a person; answers false when this mailbox already has it.
     */
    private boolean storeRaw(long mailboxId, long uid, Message message, String error) {
        byte[] raw;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            message.writeTo(out);
            raw = out.toByteArray();
        }
        catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read message " + uid + ": " + e.getMessage(), e);
        }
        String messageId = null;
        String from = "unknown";
        String subject = "";
        try {
            messageId = header(message, "Message-ID");
            subject = message.getSubject() == null ? "" : message.getSubject();
            from = message.getFrom() == null || message.getFrom().length == 0 ? from
                    : ((InternetAddress) message.getFrom()[0]).getAddress().toLowerCase(Locale.ROOT);
        }
        catch (MessagingException | RuntimeException headersToo) {
            // the raw source says it all
        }
        Long id = jdbc.sql("""
                insert into emails (direction, message_id, from_address, to_addresses, subject, body, mailbox_id,
                    status, read_error)
                values ('INBOUND', :messageId, :from, '', :subject, '', :mailbox, 'UNASSIGNED', :error)
                on conflict (mailbox_id, message_id) do nothing returning id""")
                .param("messageId", cut(clean(messageId == null ? "<unreadable-" + mailboxId + "-" + uid + "@klient>"
                        : messageId), 300))
                .param("from", cut(clean(from), 320)).param("subject", cut(clean(subject), 500))
                .param("mailbox", mailboxId).param("error", cut(clean(error), 500)).query(Long.class).optional()
                .orElse(null);
        if (id == null) {
            return false;
        }
        jdbc.sql("update emails set thread_id = id where id = :id").param("id", id).update();
        jdbc.sql("insert into email_attachments (email_id, filename, content_type, size, data) values (:email, "
                + "'message.eml', 'message/rfc822', :size, :data)").param("email", id).param("size", raw.length)
                .param("data", raw).update();
        return true;
    }

    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.mail.FolderClosedException || t instanceof jakarta.mail.StoreClosedException) {
                return true;
            }
        }
        return false;
    }

    private boolean store(long mailboxId, Message message) {
        try {
            String messageId = header(message, "Message-ID");
            if (messageId == null) {
                messageId = "<" + mailboxId + "." + message.getSentDate() + "." + message.getSubject() + "@klient>";
            }
            if (jdbc.sql("select count(*) from emails where message_id = :id and mailbox_id = :mailbox")
                    .param("id", messageId).param("mailbox", mailboxId).query(Long.class).single() > 0) {
                return false;
            }
            boolean automatic = automatic(message);
            String from = message.getFrom() == null || message.getFrom().length == 0 ? "unknown"
                    : ((InternetAddress) message.getFrom()[0]).getAddress().toLowerCase(Locale.ROOT);
            Address[] recipients = message.getAllRecipients();
            String to = recipients == null ? "" : Arrays.stream(recipients).map(Address::toString)
                    .collect(Collectors.joining(", "));
            String inReplyTo = header(message, "In-Reply-To");
            List<String> references = new ArrayList<>();
            if (inReplyTo != null) {
                references.add(inReplyTo);
            }
            String refs = header(message, "References");
            if (refs != null) {
                references.addAll(Arrays.asList(refs.split("\\s+")));
            }
            record Thread(long threadId, Long contactId) {
            }
            Thread thread = references.isEmpty() ? null : jdbc.sql("""
                    select coalesce(thread_id, id), contact_id from emails where message_id in (:refs)
                    order by id limit 1""").param("refs", references)
                    .query((rs, n) -> new Thread(rs.getLong(1), (Long) rs.getObject(2))).optional().orElse(null);
            List<Attachment> attachments = new ArrayList<>();
            String body = text(message, attachments);
            Instant at = message.getSentDate() == null ? Instant.now() : message.getSentDate().toInstant();
            String subject = message.getSubject() == null ? "" : message.getSubject();
            Long id = jdbc.sql("""
                    insert into emails (direction, message_id, in_reply_to, thread_id, from_address, to_addresses,
                        subject, body, mailbox_id, status, at)
                    values ('INBOUND', :messageId, :inReplyTo, :thread, :from, :to, :subject, :body, :mailbox,
                        'UNASSIGNED', :at)
                    on conflict (mailbox_id, message_id) do nothing returning id""")
                    .param("messageId", cut(clean(messageId), 300)).param("inReplyTo", cut(clean(inReplyTo), 300))
                    .param("thread", thread == null ? null : thread.threadId()).param("from", cut(clean(from), 320))
                    .param("to", cut(clean(to), 2000)).param("subject", cut(clean(subject), 500))
                    .param("body", clean(body))
                    .param("mailbox", mailboxId).param("at", java.sql.Timestamp.from(at)).query(Long.class)
                    .optional().orElse(null);
            if (id == null) {
                return false;
            }
            if (thread == null) {
                jdbc.sql("update emails set thread_id = id where id = :id").param("id", id).update();
            }
            for (Attachment a : attachments) {
                jdbc.sql("insert into email_attachments (email_id, filename, content_type, size, data) values "
                        + "(:email, :name, :type, :size, :data)").param("email", id)
                        .param("name", cut(clean(a.name()), 255)).param("type", cut(clean(a.type()), 200))
                        .param("size", a.size()).param("data", a.data()).update();
            }
            Long contact = contacts.findByEmail(from).orElse(thread == null ? null : thread.contactId());
            String purpose = jdbc.sql("select purpose from mailboxes where id = :id").param("id", mailboxId)
                    .query(String.class).single();
            boolean copy = jdbc.sql("select exists (select 1 from emails where message_id = :mid and id <> :id)")
                    .param("mid", cut(clean(messageId), 300)).param("id", id).query(Boolean.class).single();
            if (copy) {
                // the same message reached another mailbox first: it is on the timeline once
                jdbc.sql("update emails set status = 'RECEIVED' where id = :id").param("id", id).update();
            }
            else if (contact != null) {
                inbox.attach(id, contact, clean(subject), clean(body), at);
            }
            else if ("SUPPORT".equals(purpose) && !automatic || "BOUNCES".equals(purpose)) {
                // (a bounce mailbox's reports are read by marketing, not by a person)
                // the ticket made of it is its record: it does not wait in the sales inbox
                jdbc.sql("update emails set status = 'RECEIVED' where id = :id").param("id", id).update();
            }
            events.publishEvent(new app.klient.mail.InboundEmail(id, mailboxId, purpose, clean(from), clean(subject),
                    clean(body), cut(clean(messageId), 300), references.stream().map(ImapPoller::clean).toList(),
                    contact, automatic));
            if (automatic) {
                // a bounce or a complaint about a message Klient sent: marketing keeps its suppression list by it
                DeliveryReports.read(message, id, mailboxId, purpose).ifPresent(events::publishEvent);
            }
            return true;
        }
        catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read a message: " + e.getMessage(), e);
        }
    }

    /** A file of a message; {@code data} is null when it was over the size limit and only its name is kept. */
    private record Attachment(String name, String type, long size, byte[] data) {
    }

    /**
     * Bounces, delivery and read reports, out-of-office replies and list mail (RFC 3834 and the headers mail
     * systems use in practice): stored, but nobody answers them.
     */
    static boolean automatic(Message message) throws MessagingException {
        String auto = header(message, "Auto-Submitted");
        if (auto != null && !auto.toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && precedence.toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return true;
        }
        if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null
                || header(message, "List-Id") != null) {
            return true;
        }
        if (message.isMimeType("multipart/report")) {
            return true;
        }
        String returnPath = header(message, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return true;
        }
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
                && address.getAddress() != null) {
            String local = address.getAddress().toLowerCase(Locale.ROOT);
            local = local.contains("@") ? local.substring(0, local.indexOf('@')) : local;
            return local.equals("mailer-daemon") || local.equals("postmaster");
        }
        return false;
    }

    /** PostgreSQL keeps no NUL character in text; a message may carry them. */
    static String clean(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }

    /** The plain text of a message (HTML without its tags when there is no plain part); attachments collected. */
    private static String text(Part part, List<Attachment> attachments) throws MessagingException, IOException {
        if (part.getFileName() != null && (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                || !part.isMimeType("text/*"))) {
            if (attachments.size() < 20) {
                try (InputStream in = part.getInputStream()) {
                    byte[] data = in.readNBytes(MAX_ATTACHMENT + 1);
                    String name = app.klient.platform.files.Files.safeName(part.getFileName());
                    String type = part.getContentType().split(";")[0];
                    if (data.length <= MAX_ATTACHMENT) {
                        attachments.add(new Attachment(name, type, data.length, data));
                    }
                    else {
                        // too large to keep: the message still says that it came, and how large it was
                        attachments.add(new Attachment(name, type, data.length + in.transferTo(OutputStream
                                .nullOutputStream()), null));
                    }
                }
            }
            return "";
        }
        if (part.isMimeType("text/plain")) {
            return content(part);
        }
        if (part.isMimeType("text/html")) {
            return content(part).replaceAll("(?s)<style.*?</style>", "").replaceAll("<[^>]+>", " ")
                    .replaceAll("[ \\t]+", " ").strip();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multi = (Multipart) part.getContent();
            String plain = null;
            String other = null;
            for (int i = 0; i < multi.getCount(); i++) {
                BodyPart child = multi.getBodyPart(i);
                String text = text(child, attachments);
                if (child.isMimeType("text/plain") && plain == null) {
                    plain = text;
                }
                else if (!text.isEmpty() && other == null) {
                    other = text;
                }
            }
            return plain != null ? plain : other == null ? "" : other;
        }
        return "";
    }

    /**
     * The text of a part; one in a character set Java does not know (or that lies about its set) is read as UTF-8,
     * with what does not decode replaced, rather than not at all.
     */
    private static String content(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String text) {
                return text;
            }
        }
        catch (java.io.UnsupportedEncodingException unknownCharset) {
            // read below
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String header(Message message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0].strip();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
