package app.klient.activities;

import java.util.List;

import app.klient.identity.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The notification bell: what Klient tells a person (a reminder, a mention, an escalation), read or not yet. */
@Service
public class Notifications {

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    @Transactional(readOnly = true)
    public List<NotificationView> mine(int limit) {
        return jdbc.sql("""
                select id, kind, title, link, created_at, read_at is not null from notifications
                where user_id = :user order by created_at desc, id desc limit :limit""")
                .param("user", CurrentUser.id()).param("limit", limit)
                .query((rs, n) -> new NotificationView(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getBoolean(6)))
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
