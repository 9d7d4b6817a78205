package app.klient.service.internal;

import java.util.List;

import app.klient.activities.Notifications;
import app.klient.identity.Role;
import app.klient.identity.Users;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Watches the service targets every minute: an hour before a ticket's resolution target (a quarter of an hour before
 * its first-response target) its assignee is warned; a ticket past
 * its first-response or resolution target is marked breached and escalated to the managers. Rows are claimed with
 * SKIP LOCKED and marked, so every warning and escalation happens once whatever the number of nodes.
 */
@Component
public class SlaWatch {

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final Users users;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    SlaWatch(JdbcClient jdbc, Notifications notifications, Users users,
            org.springframework.transaction.support.TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.users = users;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${klient.sla.every:PT60S}", initialDelayString = "PT30S")
    public void tick() {
        transaction.executeWithoutResult(status -> check());
    }

    @Transactional
    public void check() {
        record Due(long id, String number, String subject, Long assignee) {
        }
        List<Due> warn = jdbc.sql("""
                select id, number, subject, assignee_id from tickets
                where status in ('NEW', 'OPEN', 'REOPENED') and warned_at is null and not breached
                  and resolution_due_at < now() + interval '1 hour' and resolution_due_at >= now()
                for update skip locked""")
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4)))
                .list();
        for (Due t : warn) {
            jdbc.sql("update tickets set warned_at = now() where id = :id").param("id", t.id()).update();
            if (t.assignee() != null) {
                notifications.notify(t.assignee(), "SLA_WARNING", t.number() + " " + t.subject(), "/tickets/" + t.id(),
                        null);
            }
        }
        // first answers are warned a quarter of an hour ahead: their targets are short
        List<Due> answer = jdbc.sql("""
                select id, number, subject, assignee_id from tickets
                where status in ('NEW', 'OPEN', 'REOPENED') and response_warned_at is null and not breached
                  and first_responded_at is null and first_response_due_at < now() + interval '15 minutes'
                  and first_response_due_at >= now()
                for update skip locked""")
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4)))
                .list();
        for (Due t : answer) {
            jdbc.sql("update tickets set response_warned_at = now() where id = :id").param("id", t.id()).update();
            if (t.assignee() != null) {
                notifications.notify(t.assignee(), "SLA_RESPONSE_WARNING", t.number() + " " + t.subject(),
                        "/tickets/" + t.id(), null);
            }
        }
        List<Due> breached = jdbc.sql("""
                select id, number, subject, assignee_id from tickets
                where status in ('NEW', 'OPEN', 'REOPENED') and not breached
                  and (resolution_due_at < now() or (first_responded_at is null and first_response_due_at < now()))
                for update skip locked""")
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4)))
                .list();
        List<Long> managers = users.activeUsers().stream().filter(u -> u.role() == Role.MANAGER)
                .map(app.klient.identity.UserSummary::id).toList();
        for (Due t : breached) {
            jdbc.sql("update tickets set breached = true where id = :id").param("id", t.id()).update();
            for (Long manager : managers) {
                notifications.notify(manager, "SLA_BREACH", t.number() + " " + t.subject(), "/tickets/" + t.id(), null);
            }
            if (t.assignee() != null) {
                notifications.notify(t.assignee(), "SLA_BREACH", t.number() + " " + t.subject(), "/tickets/" + t.id(),
                        null);
            }
        }
    }
}
