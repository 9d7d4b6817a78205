package app.klient.identity.internal;

import app.klient.identity.Devices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * The browsers a person is signed in with. Each is named outside by a handle derived from its stored id, so neither
 * the id nor anything that leads to the cookie leaves the server.
 */
@Service
public class SignedInSessions {

    /** One signed-in browser; {@code current} is the session this request came with. */
    public record SignedInSession(String id, String browser, String system, String userAgent, String address,
            Instant signedInAt, Instant lastUsedAt, Instant expiresAt, boolean current) {
    }

    /** What a person ends on the account page instead of one session: all but the one they are using. */
    public static final String ALL_OTHERS = "others";

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final UserRepository users;
    private final PasswordEncoder passwords;

    private final org.springframework.context.ApplicationEventPublisher events;

    SignedInSessions(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcClient jdbc, AuditLog audit,
            UserRepository users, PasswordEncoder passwords, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.passwords = passwords;
    }

    /**
     * Ends one of one's own sessions ({@code handle}) or all but the current one ({@link #ALL_OTHERS}) from a page,
     * after the password is given again: someone at a browser left signed in must not be able to throw its owner out
     * of the others (ASVS 7.5.2).
     */
    public int endConfirmed(long userId, String password, String handle, String currentId) {
        User user = users.findById(userId).orElseThrow(() -> KlientException.notFound("user.notFound"));
        if (password == null || password.isEmpty() || !passwords.matches(password, user.getPasswordHash())) {
            throw KlientException.invalid("session.passwordWrong");
        }
        if (!ALL_OTHERS.equals(handle)) {
            end(userId, handle);
            return 1;
        }
        int ended = 0;
        for (Map.Entry<String, ? extends Session> entry : sessions.findByPrincipalName(user.getEmail()).entrySet()) {
            if (!entry.getKey().equals(currentId)) {
                sessions.deleteById(entry.getKey());
                audit.record(AuditAction.SESSION_ENDED, "user", userId, describe(entry.getValue()), List.of());
                ended++;
            }
        }
        return ended;
    }

    /** The user's sessions, the most recently used first; {@code currentId} is this request's session id or null. */
    public List<SignedInSession> list(long userId, String currentId) {
        String email = email(userId);
        return sessions.findByPrincipalName(email).entrySet().stream()
                .filter(entry -> !entry.getValue().isExpired())
                .map(entry -> summary(entry.getKey(), entry.getValue(), currentId))
                .sorted(Comparator.comparing(SignedInSession::lastUsedAt).reversed()).toList();
    }

    /** Ends one of the user's own sessions, named by the handle {@link #list} gave it. */
    public void end(long userId, String handle) {
        String email = email(userId);
        Map.Entry<String, ? extends Session> found = null;
        for (Map.Entry<String, ? extends Session> entry : sessions.findByPrincipalName(email).entrySet()) {
            if (handle(entry.getKey()).equals(handle)) {
                found = entry;
            }
        }
        if (found == null) {
            throw KlientException.notFound("session.notFound");
        }
        sessions.deleteById(found.getKey());
        audit.record(AuditAction.SESSION_ENDED, "user", userId, describe(found.getValue()), List.of());
    }

    /** Ends every session of the user (an administrator's doing); answers how many there were. */
    public int signOutEverywhere(long userId) {
        String email = email(userId);
        Map<String, ? extends Session> all = sessions.findByPrincipalName(email);
        all.keySet().forEach(sessions::deleteById);
        audit.record(AuditAction.SIGNED_OUT_EVERYWHERE, "user", userId, email + " (" + all.size() + ")",
                List.of());
        events.publishEvent(new app.klient.identity.SignedOutEverywhere(userId));
        return all.size();
    }

    private String email(long userId) {
        return jdbc.sql("select email from users where id = :id").param("id", userId).query(String.class)
                .optional().orElseThrow(() -> KlientException.notFound("user.notFound"));
    }

    private static SignedInSession summary(String id, Session session, String currentId) {
        Object agent = session.getAttribute(SessionLimits.DEVICE);
        Object address = session.getAttribute(SessionLimits.ADDRESS);
        String userAgent = agent instanceof String s && !s.isEmpty() ? s : null;
        Devices.Device device = Devices.of(userAgent);
        return new SignedInSession(handle(id), device.browser(), device.system(), userAgent,
                address instanceof String a ? a : null, session.getCreationTime(), session.getLastAccessedTime(),
                session.getLastAccessedTime().plus(session.getMaxInactiveInterval()), id.equals(currentId));
    }

    private static String describe(Session session) {
        Object agent = session.getAttribute(SessionLimits.DEVICE);
        Devices.Device device = Devices.of(agent instanceof String s ? s : null);
        Object address = session.getAttribute(SessionLimits.ADDRESS);
        return (device.browser() == null ? "?" : device.browser()) + " / "
                + (device.system() == null ? "?" : device.system())
                + (address instanceof String a ? ", " + a : "");
    }

    /** What a session is called outside: not its stored id, from which (being a hash) nothing follows anyway. */
    static String handle(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("klient-session-handle:" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
