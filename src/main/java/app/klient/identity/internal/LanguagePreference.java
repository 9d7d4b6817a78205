package app.klient.identity.internal;

import app.klient.identity.Users;
import app.klient.platform.web.LanguageChosen;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A language picked with {@code ?lang=} becomes the user's preference, so it follows them to another browser. */
@Component
class LanguagePreference {

    private final Users users;

    LanguagePreference(Users users) {
        this.users = users;
    }

    @EventListener
    void on(LanguageChosen event) {
        users.rememberLanguage(event.userId(), event.locale());
    }
}
