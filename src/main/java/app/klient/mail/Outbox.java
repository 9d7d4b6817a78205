package app.klient.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import app.klient.platform.files.StoredFile;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every message Klient sends is first stored here, in the transaction of the work that asked for it, and sent once
 * that transaction commits. A message the server refuses (or a server that is down or not set up yet) is tried again
 * later with growing pauses, by whichever node gets to it first: the row is locked while it is sent, so no two nodes
 * send it together. After {@value #MAX_ATTEMPTS} refusals it stays as failed, for the administrator to see.
 */
@Component
class Outbox {

    static final int MAX_ATTEMPTS = 12;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper
            .builder().build();
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final JdbcClient jdbc;
    private final MailSettings server;
    private final TransactionTemplate separately;
    private final Mailboxes mailboxes;

    Outbox(JdbcClient jdbc, MailSettings server, Mailboxes mailboxes, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.server = server;
        this.mailboxes = mailboxes;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Stores the message; it is sent when the current transaction commits (at once when there is none). */
    void enqueue(OutgoingMail mail) {
        long id = jdbc.sql("""
                insert into outgoing_mail (message_id, to_addresses, reply_to, in_reply_to, subject, body,
                    auto_submitted, html, headers, bulk)
                values (:messageId, :to, :replyTo, :inReplyTo, :subject, :body, :auto, :html, cast(:headers as jsonb),
                    :bulk)
                returning id""")
                .param("bulk", mail.bulk())
                .param("messageId", mail.messageId()).param("to", mail.to().toArray(String[]::new))
                .param("html", mail.html()).param("headers", JSON.writeValueAsString(mail.headers()))
                .param("replyTo", mail.replyTo()).param("inReplyTo", mail.inReplyTo())
                .param("subject", cut(mail.subject(), 1000)).param("body", mail.body())
                .param("auto", mail.autoSubmitted()).query(Long.class).single();
        for (StoredFile file : mail.files()) {
            jdbc.sql("insert into outgoing_mail_files (mail_id, filename, content_type, data) values (:mail, :name, "
                    + ":type, :data)").param("mail", id).param("name", cut(file.filename(), 255))
                    .param("type", cut(file.contentType(), 200)).param("data", file.data()).update();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    attempt(id);
                }
            });
        }
        else {
            attempt(id);
        }
    }

    /**
     * Tries every message that is due once: those whose first try failed, and those whose node stopped right after
     * the commit. Answers how many went out.
     */
    @Scheduled(fixedDelayString = "${klient.mail.outbox-every:PT30S}", initialDelayString = "PT15S")
    int sendDue() {
        List<Long> due = jdbc.sql("""
                select id from outgoing_mail where status = 'PENDING' and next_attempt_at <= now()
                order by next_attempt_at, id limit 200""").query(Long.class).list();
        int sent = 0;
        for (long id : due) {
            sent += attempt(id) ? 1 : 0;
        }
        return sent;
    }

    /** One try at one message; false when it was not sent now (refused, or another node has it). */
    boolean attempt(long id) {
        try {
            return Boolean.TRUE.equals(separately.execute(status -> {
                Pending mail = jdbc.sql("""
                        select id, message_id, to_addresses, reply_to, in_reply_to, subject, body, auto_submitted,
                               attempts, html, headers, bulk
                        from outgoing_mail where id = :id and status = 'PENDING' for update skip locked""")
                        .param("id", id).query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2),
                                strings(rs.getArray(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                                headers(rs.getString(11)), rs.getBoolean(12)))
                        .optional().orElse(null);
                if (mail == null) {
                    return false;
                }
                try {
                    send(mail);
                    jdbc.sql("update outgoing_mail set status = 'SENT', sent_at = now(), attempts = attempts + 1, "
                            + "last_error = null where id = :id").param("id", id).update();
                    return true;
                }
                catch (MailException | MessagingException | UnsupportedEncodingException e) {
                    int attempts = mail.attempts() + 1;
                    String error = app.klient.mail.internal.Reasons.of(e);
                    jdbc.sql("""
                            update outgoing_mail set attempts = :attempts, last_error = :error,
                                status = case when :attempts >= :max then 'FAILED' else 'PENDING' end,
                                next_attempt_at = now() + make_interval(mins => :pause)
                            where id = :id""").param("attempts", attempts).param("error", cut(error, 500))
                            .param("max", MAX_ATTEMPTS).param("pause", pauseAfter(attempts)).param("id", id).update();
                    log.warn("Mail {} to {} not sent (attempt {} of {}): {}", mail.messageId(), mail.to(), attempts,
                            MAX_ATTEMPTS, error.lines().findFirst().orElse(""));
                    return false;
                }
            }));
        }
        catch (RuntimeException e) {
            // the database, not the mail server: the row stays pending and the job tries again
            log.warn("Mail {} not sent now: {}", id, e.toString());
            return false;
        }
    }

    /** Minutes to wait after the given number of failed tries: 1, 2, 4 … up to six hours (about a day in all). */
    static int pauseAfter(int attempts) {
        return (int) Math.min(360, 1L << Math.min(20, attempts - 1));
    }

    private void send(Pending mail) throws MessagingException, UnsupportedEncodingException {
        JavaMailSenderImpl sender = server.sender();
        if (sender == null) {
            throw new NotConfigured();
        }
        List<StoredFile> files = jdbc.sql("select filename, content_type, data from outgoing_mail_files where "
                + "mail_id = :id order by id").param("id", mail.id())
                .query((rs, n) -> new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
        if (mail.bulk()) {
            // bounces of a message to many go to the Bounces mailbox: its address is the envelope sender (MAIL FROM);
            // the sender is made afresh for each message, so this stays with this one (before its session is made)
            mailboxes.bouncesAddress().ifPresent(address -> sender.getJavaMailProperties().put("mail.smtp.from",
                    address));
        }
        MimeMessage message = new MimeMessage(sender.getSession()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.messageId());
            }
        };
        MimeMessageHelper helper = new MimeMessageHelper(message, !files.isEmpty() || mail.html() != null,
                StandardCharsets.UTF_8.name());
        helper.setFrom(new InternetAddress(server.from(), server.fromName(), StandardCharsets.UTF_8.name()));
        helper.setTo(mail.to().toArray(String[]::new));
        if (mail.replyTo() != null) {
            helper.setReplyTo(mail.replyTo());
        }
        helper.setSubject(mail.subject());
        if (mail.html() != null) {
            helper.setText(mail.body(), mail.html());
        }
        else {
            helper.setText(mail.body(), false);
        }
        for (StoredFile file : files) {
            helper.addAttachment(file.filename(), new ByteArrayResource(file.data()), file.contentType());
        }
        if (mail.inReplyTo() != null) {
            message.setHeader("In-Reply-To", mail.inReplyTo());
            message.setHeader("References", mail.inReplyTo());
        }
        if (mail.autoSubmitted() != null) {
            message.setHeader("Auto-Submitted", mail.autoSubmitted());
        }
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        sender.send(message);
    }

    private record Pending(long id, String messageId, List<String> to, String replyTo, String inReplyTo,
            String subject, String body, String autoSubmitted, int attempts, String html,
            Map<String, String> headers, boolean bulk) {
    }

    private static Map<String, String> headers(String json) {
        return json == null ? Map.of() : JSON.readValue(json, new tools.jackson.core.type.TypeReference<Map<String,
                String>>() {
        });
    }

    private static final class NotConfigured extends MessagingException {
        NotConfigured() {
            super("no SMTP server is set up");
        }
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
