package app.klient.activities;

import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.platform.Phrase;
import app.klient.platform.web.Phrases;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The notification bell: what Klient tells a person (a reminder, a mention, an escalation), read or not yet. */
@Service
public class Notifications {

    private final JdbcClient jdbc;
    private final Phrases phrases;
    private final MessageSource messages;

    Notifications(JdbcClient jdbc, Phrases phrases, MessageSource messages) {
        this.jdbc = jdbc;
        this.phrases = phrases;
        this.messages = messages;
    }

    /** Tells a person something; a kind and source already told (one reminder per task) is not told twice. */
    @Transactional
    public void notify(long userId, String kind, String title, String link, Long sourceId) {
        jdbc.sql("""
                insert into notifications (user_id, kind, title, link, source_id)
                values (:user, :kind, :title, :link, :source) on conflict do nothing""")
                .param("user", userId).param("kind", kind)
                .param("title", title.length() > 300 ? title.substring(0, 300) : title).param("link", link)
                .param("source", sourceId).update();
    }

    /**
     * The same, with a title Klient words (a count, an amount, a state): kept as a code and its values and worded
     * when the person reads it, in their language, not in the language of whoever caused it.
     */
    @Transactional
    public void notify(long userId, String kind, Phrase title, String link, Long sourceId) {
        jdbc.sql("""
                insert into notifications (user_id, kind, title_code, link, source_id)
                values (:user, :kind, cast(:code as jsonb), :link, :source) on conflict do nothing""")
                .param("user", userId).param("kind", kind).param("code", phrases.json(title)).param("link", link)
                .param("source", sourceId).update();
    }

    @Transactional(readOnly = true)
    public List<NotificationView> mine(int limit) {
        return jdbc.sql("""
                select id, kind, title, link, created_at, read_at is not null, title_code from notifications
                where user_id = :user order by created_at desc, id desc limit :limit""")
                .param("user", CurrentUser.id()).param("limit", limit)
                .query((rs, n) -> {
                    String kind = rs.getString(2);
                    Phrase code = phrases.parse(rs.getString(7));
                    return new NotificationView(rs.getLong(1), kind, messages.getMessage("notification.kind." + kind,
                            null, kind, LocaleContextHolder.getLocale()),
                            code == null ? rs.getString(3) : phrases.render(code), code, rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getBoolean(6));
                })
                .list();
    }

    @Transactional(readOnly = true)
    public long unread() {
        return jdbc.sql("select count(*) from notifications where user_id = :user and read_at is null")
                .param("user", CurrentUser.id()).query(Long.class).single();
    }

    @Transactional
    public void readAll() {
        jdbc.sql("update notifications set read_at = now() where user_id = :user and read_at is null")
                .param("user", CurrentUser.id()).update();
    }
}
