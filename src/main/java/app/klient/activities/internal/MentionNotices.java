package app.klient.activities.internal;

import app.klient.activities.Notifications;
import app.klient.customers.NoteMentioned;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A colleague named in a note hears of it in the bell, with a link to the note: in the note's own transaction, so a
 * note that is not saved tells nobody, and once per note and person (a unique index), however often it is edited.
 */
@Component
class MentionNotices {

    private final Notifications notifications;

    MentionNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    @EventListener
    void mentioned(NoteMentioned event) {
        event.userIds().forEach(user -> notifications.notify(user, "MENTION", event.title(), event.link(),
                event.noteId()));
    }
}
