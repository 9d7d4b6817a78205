package app.klient.identity;

import java.util.Arrays;
import java.util.Optional;

import app.klient.platform.Actor;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is signed in and in which role, for the rules of other modules (who may change what). */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Actor actor() {
        return Actor.current().orElseThrow(() -> new KlientException(HttpStatus.UNAUTHORIZED, "error.unauthorized"));
    }

    public static long id() {
        return actor().id();
    }

    public static Optional<Role> role() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return Optional.empty();
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5))
                .filter(name -> Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(name)))
                .map(Role::valueOf).findFirst();
    }

    public static boolean hasRole(Role... roles) {
        return role().map(r -> Arrays.asList(roles).contains(r)).orElse(false);
    }
}
