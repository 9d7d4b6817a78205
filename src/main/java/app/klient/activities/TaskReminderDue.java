package app.klient.activities;

import java.time.Instant;

/**
 * Published when a task's reminder falls due (once, by the node that claimed it); the mail module sends the e-mail.
 * Kept in the event publication registry until handled, so a restart in between does not lose it.
 */
public record TaskReminderDue(long taskId, long assigneeId, String title, Instant dueAt) {
}
