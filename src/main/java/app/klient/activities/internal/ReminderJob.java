package app.klient.activities.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import app.klient.activities.Notifications;
import app.klient.activities.TaskReminderDue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends the reminders that are due: claims them with {@code FOR UPDATE SKIP LOCKED} (so each goes out once however
 * many nodes run this), marks them sent, rings the assignee's bell and publishes {@link TaskReminderDue} for the
 * e-mail — all in one transaction, so a crash before the commit leaves the reminder for the next run.
 */
@Component
public class ReminderJob {

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    ReminderJob(JdbcClient jdbc, Notifications notifications, ApplicationEventPublisher events,
            org.springframework.transaction.support.TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.events = events;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${klient.reminders.every:PT15S}", initialDelayString = "PT2S")
    public void tick() {
        // each batch in its own transaction (a call to this bean's own method would skip its proxy)
        while (Integer.valueOf(50).equals(transaction.execute(status -> claimAndSend()))) {
            // a full batch: there may be more waiting
        }
    }

    /** Sends what is due now, in the caller's transaction or a new one. */
    @Transactional
    public int sendDue() {
        return claimAndSend();
    }

    private int claimAndSend() {
        record Due(long id, long assignee, String title, Instant dueAt) {
        }
        List<Due> due = jdbc.sql("""
                select id, assignee_id, title, due_at from tasks
                where remind_at <= :now and reminded_at is null and not done
                order by remind_at limit 50 for update skip locked""").param("now", Timestamp.from(Instant.now()))
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        for (Due task : due) {
            jdbc.sql("update tasks set reminded_at = now() where id = :id").param("id", task.id()).update();
            notifications.notify(task.assignee(), "TASK_REMINDER", task.title(), "/tasks/" + task.id(), task.id());
            events.publishEvent(new TaskReminderDue(task.id(), task.assignee(), task.title(), task.dueAt()));
        }
        return due.size();
    }
}
