package app.klient.identity.internal;

import java.util.Optional;

import app.klient.platform.Actor;
import app.klient.platform.web.RequestActors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The person behind a request before the security filters ran: a valid bearer token's user, else the user signed in
 * to the request's session (which the session filter, running before Klient's own filters, has already found).
 */
@Component
class EarlyRequestActors implements RequestActors {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;

    EarlyRequestActors(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Actor> of(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return tokens.authenticate(header.substring(BEARER.length()).trim()).map(Actor.class::cast);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(HttpSessionSecurityContextRepository
                .SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context) {
            Authentication authentication = context.getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
                return Optional.of(actor);
            }
        }
        return Optional.empty();
    }
}
