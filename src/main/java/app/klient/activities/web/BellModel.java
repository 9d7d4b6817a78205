package app.klient.activities.web;

import app.klient.activities.Notifications;
import app.klient.platform.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The bell in the top bar: how many notifications the signed-in person has not read. */
@ControllerAdvice(annotations = Controller.class)
class BellModel {

    private final Notifications notifications;

    BellModel(Notifications notifications) {
        this.notifications = notifications;
    }

    @ModelAttribute("unreadNotifications")
    Long unread() {
        return Actor.current().isPresent() ? notifications.unread() : null;
    }
}
