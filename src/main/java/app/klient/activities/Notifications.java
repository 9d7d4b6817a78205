package app.klient.activities;

import java.util.List;

import app.klient.activities.push.PushDeliveries;
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
    private final PushDeliveries pushes;

    Notifications(JdbcClient jdbc, Phrases phrases, MessageSource messages, PushDeliveries pushes) {
        this.jdbc = jdbc;
        this.phrases = phrases;
        this.messages = messages;
        this.pushes = pushes;
    }

    /** A notice just told goes to its person's phones and browsers too (Web Push), sent after this transaction. */
    private void pushed(long userId, java.util.Optional<Long> told) {
        told.ifPresent(id -> pushes.enqueue(userId, id));
    }

    /** Tells a person something; a kind and source already told (one reminder per task) is not told twice. */
    @Transactional
    public void notify(long userId, String kind, String title, String link, Long sourceId) {
        pushed(userId, jdbc.sql("""
                insert into notifications (user_id, kind, title, link, source_id)
                values (:user, :kind, :title, :link, :source) on conflict do nothing returning id""")
                .param("user", userId).param("kind", kind)
                .param("title", title.length() > 300 ? title.substring(0, 300) : title).param("link", link)
                .param("source", sourceId).query(Long.class).optional());
    }

    /**
     * The same, with a title Klient words (a count, an amount, a state): kept as a code and its values and worded
     * when the person reads it, in their language, not in the language of whoever caused it.
     */
    @Transactional
    public void notify(long userId, String kind, Phrase title, String link, Long sourceId) {
        pushed(userId, jdbc.sql("""
                insert into notifications (user_id, kind, title_code, link, source_id)
                values (:user, :kind, cast(:code as jsonb), :link, :source) on conflict do nothing returning id""")
                .param("user", userId).param("kind", kind).param("code", phrases.json(title)).param("link", link)
                .param("source", sourceId).query(Long.class).optional());
    }

    /** How long like notices keep folding into the first: a bulk change is done within it. */
    static final java.time.Duration GROUPING = java.time.Duration.ofMinutes(1);
    /** How many names a folded notice shows. */
    static final int GROUP_NAMES = 3;

    /**
     * Tells a person one of many like things that come at once (a rule acting on each row of an import): an unread
     * notice of the same {@code group} told within the last minute takes this one in, worded by {@code grouped}
     * from how many it now holds and the first few names, instead of a new notice per thing.
     */
    @Transactional
    public void notifyGrouped(long userId, String kind, String group, Phrase single, String name, String link,
            Long sourceId, java.util.function.BiFunction<Integer, List<String>, Phrase> grouped) {
        record Open(long id, int count, List<String> names) {
        }
        Open open = jdbc.sql("""
                select id, group_count, group_names from notifications
                where user_id = :user and group_key = :group and read_at is null
                  and created_at > now() - :seconds * interval '1 second'
                order by created_at desc limit 1 for update""")
                .param("user", userId).param("group", group).param("seconds", GROUPING.toSeconds())
                .query((rs, n) -> new Open(rs.getLong(1), rs.getInt(2), rs.getArray(3) == null ? List.of()
                        : List.of((String[]) rs.getArray(3).getArray())))
                .optional().orElse(null);
        if (open == null) {
            pushed(userId, jdbc.sql("""
                    insert into notifications (user_id, kind, title_code, link, source_id, group_key, group_names)
                    values (:user, :kind, cast(:code as jsonb), :link, :source, :group, cast(:names as text[]))
                    on conflict do nothing returning id""")
                    .param("user", userId).param("kind", kind).param("code", phrases.json(single))
                    .param("link", link).param("source", sourceId).param("group", group)
                    .param("names", new String[] { name }).query(Long.class).optional());
            return;
        }
        List<String> names = new java.util.ArrayList<>(open.names());
        if (names.size() < GROUP_NAMES) {
            names.add(name);
        }
        int count = open.count() + 1;
        jdbc.sql("""
                update notifications set group_count = :count, group_names = cast(:names as text[]),
                    title_code = cast(:code as jsonb) where id = :id""")
                .param("count", count).param("names", names.toArray(String[]::new))
                .param("code", phrases.json(grouped.apply(count, List.copyOf(names)))).param("id", open.id()).update();
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
