package app.klient.identity.internal;

import java.util.List;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks an e-mail and password, for the login form and for {@code POST /api/v1/auth/token}: throttled per account
 * and address, the same work for unknown e-mails as for known ones, and every outcome in the audit log. A deactivated
 * account is only reported as such to someone who knows its password.
 */
@Component
public class SignIn implements AuthenticationProvider {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final String unknownUserHash;
    private final JdbcClient jdbc;
    private final TwoFactor twoFactor;

    SignIn(UserRepository users, PasswordEncoder passwords, LoginThrottle throttle, AuditLog audit, JdbcClient jdbc,
            TwoFactor twoFactor) {
        this.users = users;
        this.twoFactor = twoFactor;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.unknownUserHash = passwords.encode("no such user, but the same work");
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String email = normalize(attempt.getName());
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        Optional<User> user = email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        try {
            throttle.check(email, address);
        }
        catch (LockedException e) {
            failed(email, user, "locked:" + e.getMessage());
            throw e;
        }
        if (user.isEmpty() || password.length() > 1000) {
            passwords.matches(password.length() > 1000 ? "" : password, unknownUserHash);
            throttle.failed(email, address);
            failed(email, user, "bad credentials");
            throw new BadCredentialsException("bad credentials");
        }
        User found = user.get();
        if (!passwords.matches(password, found.getPasswordHash())) {
            throttle.failed(email, address);
            failed(email, user, "bad credentials");
            throw new BadCredentialsException("bad credentials");
        }
        if (!found.isActive()) {
            failed(email, user, "deactivated");
            throw new DisabledException("deactivated");
        }
        throttle.succeeded(email);
        if (passwords.upgradeEncoding(found.getPasswordHash())) {
            // the one moment Klient holds the password: a hash from before Argon2 (or weaker settings) is made anew;
            // only if nobody changed it meanwhile, and not as a change of password (no sessions end, no version)
            jdbc.sql("update users set password_hash = :hash where id = :id and password_hash = :old")
                    .param("hash", passwords.encode(password)).param("id", found.getId())
                    .param("old", found.getPasswordHash()).update();
        }
        // the password alone signs nobody in who has a second factor, or whose role requires one
        if (twoFactor.enabled(found.getId())) {
            throw new SecondFactorNeeded(found.getId(), false);
        }
        if (twoFactor.required(found.getRole())) {
            throw new SecondFactorNeeded(found.getId(), true);
        }
        return signedIn(found, null);
    }

    /** Signs in a user who passed the second step after their password (SecondStep): still only an active one. */
    public Authentication afterSecondFactor(long userId, String how) {
        User found = users.findById(userId).filter(User::isActive)
                .orElseThrow(() -> new DisabledException("deactivated"));
        return signedIn(found, how);
    }

    private Authentication signedIn(User found, String how) {
        SignedInUser principal = SignedInUser.of(found);
        principal.eraseCredentials();
        audit.record(AuditAction.LOGIN, "user", found.getId(), how, List.of(), found.getId(), found.getEmail());
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    private void failed(String email, Optional<User> user, String reason) {
        audit.record(AuditAction.LOGIN_FAILED, "user", user.map(User::getId).orElse(null), reason, List.of(),
                user.map(User::getId).orElse(null), email);
    }

    static String normalize(String email) {
        if (email == null) {
            return "";
        }
        String trimmed = email.trim().toLowerCase(java.util.Locale.ROOT);
        return trimmed.length() > 254 ? trimmed.substring(0, 254) : trimmed;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
