package app.klient.activities.push;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import app.klient.platform.Secrets;
import app.klient.platform.push.WebPush;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every notification to every browser of its person, from the moment it is told until it is delivered or given up:
 * stored in the notification's own transaction, taken by one node at a time under a lease (a node that dies mid-send
 * leaves it to the next once the lease runs out), and after each attempt delivered, due again after the next pause
 * of {@link #RETRIES}, or failed for good. A push service that no longer knows the browser (404, 410) ends its
 * subscription.
 */
@Component
public class PushDeliveries {

    /** The pauses before the second, third … attempt; a notification older than a day is not worth a buzz. */
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6));
    static final Duration LEASE = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final Secrets secrets;

    PushDeliveries(JdbcClient jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** Queues a notification just told for every browser of its person, in the caller's transaction. */
    @Transactional
    public int enqueue(long userId, long notificationId) {
        return jdbc.sql("""
                insert into push_deliveries (subscription_id, notification_id, next_attempt_at)
                select s.id, :notification, now() from push_subscriptions s join users u on u.id = s.user_id
                where s.user_id = :user and u.active
                on conflict do nothing""")
                .param("notification", notificationId).param("user", userId).update();
    }

    /** One delivery taken to be sent. */
    record Due(long id, long subscriptionId, long notificationId, long userId, int attempts, WebPush.Target target) {
    }

    /** Takes up to {@code max} deliveries that are due and not held by another node, holding them for the lease. */
    @Transactional
    List<Due> take(int max) {
        return jdbc.sql("""
                with taken as (
                    update push_deliveries d set leased_until = now() + :lease * interval '1 second'
                    where d.id in (
                        select p.id from push_deliveries p
                        where p.state = 'PENDING' and p.next_attempt_at <= now()
                          and (p.leased_until is null or p.leased_until < now())
                        order by p.next_attempt_at, p.id limit :max for update skip locked)
                    returning d.id, d.subscription_id, d.notification_id, d.attempts)
                select t.id, t.subscription_id, t.notification_id, t.attempts, s.user_id, s.endpoint, s.p256dh, s.auth
                from taken t join push_subscriptions s on s.id = t.subscription_id
                order by t.id""")
                .param("lease", LEASE.toSeconds()).param("max", max)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(5), rs.getInt(4),
                        new WebPush.Target(URI.create(rs.getString(6)), decode(rs.getString(7)),
                                decode(secrets.open(rs.getString(8))))))
                .list();
    }

    /**
     * Writes down an attempt and what follows from it: delivered; the subscription ended (the push service forgot
     * the browser); failed for good (the push service refused the request, or the last retry); or due again.
     */
    @Transactional
    void record(Due due, WebPush.Outcome outcome) {
        if (outcome.gone()) {
            jdbc.sql("delete from push_subscriptions where id = :id").param("id", due.subscriptionId()).update();
            return;
        }
        if (outcome.delivered()) {
            jdbc.sql("""
                    update push_deliveries set state = 'DELIVERED', attempts = attempts + 1, delivered_at = now(),
                        next_attempt_at = null, leased_until = null, last_status = :status, last_error = null
                    where id = :id""").param("status", outcome.status()).param("id", due.id()).update();
            jdbc.sql("update push_subscriptions set last_push_at = now() where id = :id")
                    .param("id", due.subscriptionId()).update();
            return;
        }
        int attempts = due.attempts() + 1;
        boolean last = outcome.refused() || attempts > RETRIES.size();
        jdbc.sql("""
                update push_deliveries set state = :state, attempts = :attempts, leased_until = null,
                    last_status = :status, last_error = :error,
                    next_attempt_at = case when :last then null else now() + :pause * interval '1 second' end
                where id = :id""")
                .param("state", last ? "FAILED" : "PENDING").param("attempts", attempts)
                .param("status", outcome.status()).param("error", outcome.error()).param("last", last)
                .param("pause", last ? 0 : RETRIES.get(attempts - 1).toSeconds()).param("id", due.id()).update();
    }

    /** A delivery whose notification can no longer be worded (its person is gone): nothing to send. */
    @Transactional
    void drop(Due due) {
        jdbc.sql("update push_deliveries set state = 'FAILED', leased_until = null, next_attempt_at = null where id = :id")
                .param("id", due.id()).update();
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url.replace("=", ""));
    }
}
