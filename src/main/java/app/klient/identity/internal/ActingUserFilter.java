package app.klient.identity.internal;

import java.io.IOException;

import app.klient.platform.Actor;
import app.klient.platform.db.ActingUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security has said who is asking: from here to the end of the request, the database reads with
 * that user's record rules (identity.RecordAccess). Nobody signed in reads as Klient itself, which only the public
 * pages and sign-in do.
 */
@Component
class ActingUserFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (ActingUser.Restore restore = ActingUser.set(Actor.current().map(Actor::id).orElse(null))) {
            chain.doFilter(request, response);
        }
    }
}
