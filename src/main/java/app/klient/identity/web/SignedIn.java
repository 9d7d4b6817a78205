package app.klient.identity.web;

import app.klient.identity.internal.SignedInUser;
import app.klient.platform.Actor;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;

/** The signed-in user of a request handled by identity's own controllers. */
final class SignedIn {

    private SignedIn() {
    }

    static SignedInUser get() {
        return Actor.current().filter(SignedInUser.class::isInstance).map(SignedInUser.class::cast)
                .orElseThrow(() -> new KlientException(HttpStatus.UNAUTHORIZED, "error.unauthorized"));
    }
}
