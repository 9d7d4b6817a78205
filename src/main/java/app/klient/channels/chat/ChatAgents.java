package app.klient.channels.chat;

import java.time.Duration;
import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who answers chats now: an agent sets themselves available, and counts as such only while a chat console of theirs
 * is open (it says so every half minute), so a closed laptop does not keep receiving chats nobody sees.
 */
@Service
public class ChatAgents {

    /** An agent whose console has not been heard from for this long is away. */
    static final Duration PRESENCE = Duration.ofSeconds(75);
    /** An agent with this many chats offered and not yet taken is offered no more until they take or pass one. */
    static final int PENDING_OFFERS = 2;

    private final JdbcClient jdbc;

    ChatAgents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Everybody but read-only users may answer chats (sales answer the questions before a purchase). */
    static void checkAgent() {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "chat.forbidden");
        }
    }

    @Transactional
    public void setAvailable(boolean available) {
        checkAgent();
        jdbc.sql("""
                insert into chat_agents (user_id, available, seen_at, changed_at) values (:user, :available, now(), now())
                on conflict (user_id) do update set available = :available, seen_at = now(), changed_at = now()""")
                .param("user", CurrentUser.id()).param("available", available).update();
        if (!available) {
            // the chats offered and not taken go to the others at once (ChatOffers)
            jdbc.sql("update chats set offered_to = null, offered_at = null where offered_to = :user "
                    + "and status = 'WAITING'").param("user", CurrentUser.id()).update();
        }
    }

    /** The console of the signed-in agent is open. */
    @Transactional
    public void present() {
        checkAgent();
        jdbc.sql("update chat_agents set seen_at = now() where user_id = :user").param("user", CurrentUser.id())
                .update();
    }

    @Transactional(readOnly = true)
    public boolean isAvailable(long userId) {
        return jdbc.sql("select coalesce((select available from chat_agents where user_id = :user), false)")
                .param("user", userId).query(Boolean.class).single();
    }

    /** The available agents now, among {@code members} (a team's) or anybody when null, by id. */
    @Transactional(readOnly = true)
    public List<Long> availableNow(List<Long> members) {
        return jdbc.sql("""
                select a.user_id from chat_agents a join users u on u.id = a.user_id
                where a.available and u.active and a.seen_at > now() - make_interval(secs => :presence)
                  and (select count(*) from chats c where c.offered_to = a.user_id and c.status = 'WAITING')
                      < :pending
                  and (cast(:members as bigint[]) is null or a.user_id = any(cast(:members as bigint[])))
                order by a.user_id""")
                .param("presence", PRESENCE.toSeconds()).param("pending", PENDING_OFFERS)
                .param("members", members == null ? null : members.toArray(Long[]::new))
                .query(Long.class).list();
    }
}
