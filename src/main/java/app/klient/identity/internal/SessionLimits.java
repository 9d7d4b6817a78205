package app.klient.identity.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session that began longer ago than the absolute timeout, however busy it was (the request then meets the
 * sign-in page like any request without a session), and notes on a signed-in session the browser and address it is
 * used from, for the list of one's sessions.
 */
class SessionLimits extends OncePerRequestFilter {

    static final String DEVICE = "klient.session.device";
    static final String ADDRESS = "klient.session.address";
    private static final int LONGEST_DEVICE = 400;

    private final Duration absoluteTimeout;

    SessionLimits(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && System.currentTimeMillis() - session.getCreationTime() > absoluteTimeout.toMillis()) {
            session.invalidate();
        }
        chain.doFilter(request, response);
        describe(request);
    }

    private static void describe(HttpServletRequest request) {
        HttpSession session;
        try {
            session = request.getSession(false);
            if (session == null || session.getAttribute(
                    HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) == null) {
                return;
            }
            String agent = request.getHeader("User-Agent");
            String device = agent == null ? "" : agent.length() > LONGEST_DEVICE ? agent.substring(0, LONGEST_DEVICE)
                    : agent;
            // written only when changed: most requests leave the session's attributes as they were
            if (!Objects.equals(session.getAttribute(DEVICE), device)) {
                session.setAttribute(DEVICE, device);
            }
            if (!Objects.equals(session.getAttribute(ADDRESS), request.getRemoteAddr())) {
                session.setAttribute(ADDRESS, request.getRemoteAddr());
            }
        }
        catch (IllegalStateException invalidated) {
            // signed out during this request
        }
    }
}
