package app.klient.activities.web;

import app.klient.activities.Notifications;
import app.klient.platform.Actor;
import org.springframework.stereotype.Component;

/**
 * The bell in the top bar ({@code @bell.unread()} in the layout): how many notifications the signed-in person has
 * not read. Asked for by the layout as it renders, so API requests, which render none, never count them.
 */
@Component("bell")
class BellModel {

    private final Notifications notifications;

    BellModel(Notifications notifications) {
        this.notifications = notifications;
    }

    public Long unread() {
        return Actor.current().isPresent() ? notifications.unread() : null;
    }
}
