package app.klient.platform;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The person behind the current request, as far as modules other than identity need to know. */
public interface Actor {

    long id();

    String email();

    String displayName();

    Locale locale();

    ZoneId timeZone();

    static Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
            return Optional.of(actor);
        }
        return Optional.empty();
    }
}
