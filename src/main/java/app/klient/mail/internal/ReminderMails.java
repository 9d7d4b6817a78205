package app.klient.mail.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.UUID;

import app.klient.activities.TaskReminderDue;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.mail.Emails;
import app.klient.mail.OutgoingMail;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The e-mail of a task reminder, in its assignee's language and time zone. It is an event listener of the event
 * publication registry: an event not yet handled when the application stops is handled after the restart.
 */
@Component
class ReminderMails {

    private final Users users;
    private final Emails emails;
    private final MessageSource messages;

    ReminderMails(Users users, Emails emails, MessageSource messages) {
        this.users = users;
        this.emails = emails;
        this.messages = messages;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReminderMails.class);

    @ApplicationModuleListener
    void on(TaskReminderDue due) {
        try {
            send(due);
        }
        catch (RuntimeException e) {
            // left incomplete in the event publication registry: sent again after a restart
            log.warn("The reminder e-mail of task {} could not be sent: {}", due.taskId(), e.toString());
            throw e;
        }
    }

    private void send(TaskReminderDue due) {
        UserSummary user = users.get(due.assigneeId());
        Locale locale = Locale.forLanguageTag(user.locale());
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .withZone(java.time.ZoneId.of(user.timeZone())).format(due.dueAt());
        emails.deliver(OutgoingMail.to(user.email(),
                messages.getMessage("reminder.subject", new Object[] { due.title() }, locale),
                messages.getMessage("reminder.body", new Object[] { due.title(), when }, locale))
                .withMessageId("<reminder-" + due.taskId() + "-" + UUID.randomUUID() + "@klient>")
                .generatedAutomatically());
    }
}
