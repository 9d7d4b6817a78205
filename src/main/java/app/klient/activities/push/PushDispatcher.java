package app.klient.activities.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import app.klient.identity.Users;
import app.klient.platform.Fanout;
import app.klient.platform.Phrase;
import app.klient.platform.push.PushEncryption;
import app.klient.platform.push.WebPush;
import app.klient.platform.web.Phrases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the pushes that are due, a few at once: each worded when it is sent, in its person's language (the kind of
 * notification as the title, what it says as the body, and the link to open). Runs on every node; the lease keeps
 * two nodes from sending the same push together.
 */
@Component
public class PushDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
    static final int SENDERS = 8;
    /** How long a push service keeps a push for a phone that is off: after a day it is old news. */
    static final Duration TTL = Duration.ofDays(1);

    private final PushDeliveries deliveries;
    private final WebPush push;
    private final JdbcClient jdbc;
    private final Users users;
    private final Phrases phrases;
    private final MessageSource messages;
    private final JsonMapper json;
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
        Thread thread = new Thread(r, "push-sender");
        thread.setDaemon(true);
        return thread;
    });

    PushDispatcher(PushDeliveries deliveries, WebPush push, JdbcClient jdbc, Users users, Phrases phrases,
            MessageSource messages, JsonMapper json) {
        this.deliveries = deliveries;
        this.push = push;
        this.jdbc = jdbc;
        this.users = users;
        this.phrases = phrases;
        this.messages = messages;
        this.json = json;
    }

    @Scheduled(fixedDelayString = "${klient.push.poll-every:PT1S}", initialDelayString = "PT20S")
    void dispatchDue() {
        while (dispatch(SENDERS * 4) > 0) {
            // more may be due: take the next batch at once
        }
    }

    /** Sends up to {@code max} due pushes and waits for every outcome; answers how many were taken. */
    public int dispatch(int max) {
        List<PushDeliveries.Due> due = deliveries.take(max);
        Fanout.each(senders, due, this::send,
                failure -> log.warn("A push could not be written down; its lease runs out and it is sent again", failure));
        return due.size();
    }

    private void send(PushDeliveries.Due due) {
        byte[] payload = payload(due);
        if (payload == null) {
            deliveries.drop(due);
            return;
        }
        deliveries.record(due, push.send(due.target(), payload, TTL, "n" + due.notificationId()));
    }

    /** The notification as the service worker shows it, in its person's language; null when it is gone. */
    byte[] payload(PushDeliveries.Due due) {
        record Told(String kind, String title, String code, String link) {
        }
        Told told = jdbc.sql("select kind, title, title_code, link from notifications where id = :id")
                .param("id", due.notificationId())
                .query((rs, n) -> new Told(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional().orElse(null);
        if (told == null) {
            return null;
        }
        Locale before = LocaleContextHolder.getLocale();
        try {
            LocaleContextHolder.setLocale(Locale.forLanguageTag(users.get(due.userId()).locale()));
            Locale locale = LocaleContextHolder.getLocale();
            Phrase code = phrases.parse(told.code());
            String body = code == null ? told.title() : phrases.render(code);
            ObjectNode message = json.createObjectNode();
            message.put("title", messages.getMessage("notification.kind." + told.kind(), null, told.kind(), locale));
            message.put("body", body == null ? "" : body);
            message.put("url", told.link() == null || !told.link().startsWith("/") || told.link().startsWith("//") ? "/notifications" : told.link());
            message.put("tag", "klient-" + due.notificationId());
            byte[] bytes = json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
            if (bytes.length > PushEncryption.MAX_PLAINTEXT) {
                message.put("body", cut(message.get("body").asString(), 1000));
                bytes = json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        }
        catch (RuntimeException e) {
            log.warn("A push could not be worded", e);
            return null;
        }
        finally {
            LocaleContextHolder.setLocale(before);
        }
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
