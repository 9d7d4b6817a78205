package app.klient.identity.internal;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The moment between a right password and a right code. The session then holds only who is halfway ({@link Pending});
 * nobody is authenticated, so every page and API refuses it. It lasts a few minutes; the second step either signs
 * the user in (under a new session id) or starts over.
 */
@Component
public class SecondStep {

    static final String PENDING = "klient.twoFactor.pending";

    /** Who gave the right password, when, whether they must set a second factor up, and the secret shown to them. */
    public record Pending(long userId, boolean setup, Instant since, String secret) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        public Pending withSecret(String newSecret) {
            return new Pending(userId, setup, since, newSecret);
        }
    }

    private final SignIn signIn;
    private final Duration lasts;

    SecondStep(SignIn signIn, @Value("${klient.two-factor.second-step-for:5m}") Duration lasts) {
        this.signIn = signIn;
        this.lasts = lasts;
    }

    void begin(SecondFactorNeeded needed, HttpServletRequest request) {
        boolean existed = request.getSession(false) != null;
        HttpSession session = request.getSession(true);
        if (existed) {
            request.changeSessionId();
        }
        session.setAttribute(PENDING, new Pending(needed.userId(), needed.setup(), Instant.now(), null));
    }

    public Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING) instanceof Pending pending)) {
            return Optional.empty();
        }
        if (pending.since().plus(lasts).isBefore(Instant.now())) {
            session.removeAttribute(PENDING);
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    public void remember(Pending pending, HttpServletRequest request) {
        request.getSession(true).setAttribute(PENDING, pending);
    }

    public void cancel(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(PENDING);
        }
    }

    /** Signs the halfway user in under a new session id and goes on to the page first asked for, or home. */
    public void finish(Pending pending, String how, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        Authentication authentication = finishHere(pending, how, request, response);
        SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setRequestCache(SecurityConfiguration.pagesAskedFor());
        next.setDefaultTargetUrl("/");
        next.onAuthenticationSuccess(request, response, authentication);
    }

    /** Signs the halfway user in under a new session id, staying on this request (the caller answers it). */
    public Authentication finishHere(Pending pending, String how, HttpServletRequest request,
            HttpServletResponse response) {
        Authentication authentication = signIn.afterSecondFactor(pending.userId(), how);
        request.getSession().removeAttribute(PENDING);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
        return authentication;
    }
}
