package app.klient.identity.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two-factor sign-in with TOTP and one-use recovery codes: turning it on and off, checking a code (each at most once,
 * guessing throttled per user), the roles that must use it, and the administrator's reset. Every event is audited,
 * in the name of the user it concerns unless somebody else (the administrator) acts.
 */
@Service
public class TwoFactor {

    public static final int RECOVERY_CODES = 10;
    public static final int MAX_INPUT = 64;
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int RECOVERY_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a code was given. */
    public enum Method { CODE, RECOVERY_CODE }

    public record Status(boolean enabled, int recoveryCodesLeft, boolean required, Instant enabledAt) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final UserRepository users;
    private final TwoFactorSecrets secrets;
    private final TransactionTemplate transaction;
    private final int maxFailures;
    private final Duration window;

    TwoFactor(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, UserRepository users,
            TwoFactorSecrets secrets, TransactionTemplate transaction,
            @Value("${klient.two-factor.max-failures:5}") int maxFailures,
            @Value("${klient.two-factor.failure-window:15m}") Duration window) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.users = users;
        this.secrets = secrets;
        this.transaction = transaction;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    public Status status(long userId) {
        User user = user(userId);
        Instant enabledAt = jdbc.sql("select enabled_at from two_factor where user_id = :id").param("id", userId)
                .query(Instant.class).optional().orElse(null);
        int left = jdbc.sql("select count(*) from two_factor_recovery_codes where user_id = :id and used_at is null")
                .param("id", userId).query(Integer.class).single();
        return new Status(enabledAt != null, enabledAt == null ? 0 : left, required(user.getRole()), enabledAt);
    }

    public boolean enabled(long userId) {
        return jdbc.sql("select count(*) from two_factor where user_id = :id").param("id", userId)
                .query(Integer.class).single() > 0;
    }

    public boolean required(Role role) {
        return jdbc.sql("select count(*) from two_factor_required_roles where role = :role").param("role", role.name())
                .query(Integer.class).single() > 0;
    }

    public Set<Role> requiredRoles() {
        return jdbc.sql("select role from two_factor_required_roles").query(String.class).list().stream()
                .map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    public Set<Role> requireFor(Set<Role> roles) {
        Set<Role> before = requiredRoles();
        Set<Role> after = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from two_factor_required_roles").update();
            for (Role role : after) {
                jdbc.sql("insert into two_factor_required_roles (role) values (:role)").param("role", role.name())
                        .update();
            }
        });
        if (!before.equals(after)) {
            audit.record(AuditAction.TWO_FACTOR_POLICY, "two-factor", null,
                    "required for: " + (after.isEmpty() ? "-" : after.stream().map(Role::name)
                            .collect(Collectors.joining(", "))), List.of());
        }
        return after;
    }

    /**
     * Turns two-factor sign-in on with the secret the user's app was given, once they prove it works with one of its
     * codes; answers the new recovery codes, shown this once.
     */
    public List<String> enable(long userId, String secret, String code) {
        User user = user(userId);
        if (enabled(userId)) {
            throw KlientException.conflict("twofactor.error.alreadyOn");
        }
        OptionalLong step = Totp.matchingStep(secret, clean(code), Instant.now());
        if (step.isEmpty()) {
            throw KlientException.invalid("twofactor.error.wrong");
        }
        List<String> codes = newRecoveryCodes();
        transaction.executeWithoutResult(status -> {
            jdbc.sql("insert into two_factor (user_id, secret, last_step) values (:id, :secret, :step)")
                    .param("id", userId).param("secret", secrets.stored(secret)).param("step", step.getAsLong())
                    .update();
            storeRecoveryCodes(userId, codes);
        });
        audit.record(AuditAction.TWO_FACTOR_ON, "user", userId, null, List.of(), userId, user.getEmail());
        return codes;
    }

    /** Turns it off, after the user proves who they are with a code, a recovery code or their password. */
    public void disable(long userId, String codeOrPassword) {
        User user = user(userId);
        if (!enabled(userId)) {
            return;
        }
        if (required(user.getRole())) {
            throw KlientException.conflict("twofactor.error.requiredForRole");
        }
        confirm(user, codeOrPassword);
        forget(userId);
        audit.record(AuditAction.TWO_FACTOR_OFF, "user", userId, null, List.of(), userId, user.getEmail());
    }

    /** New recovery codes in place of the old ones (all of which stop working), after a code or the password. */
    public List<String> newRecoveryCodes(long userId, String codeOrPassword) {
        User user = user(userId);
        if (!enabled(userId)) {
            throw KlientException.conflict("twofactor.error.notOn");
        }
        confirm(user, codeOrPassword);
        List<String> codes = newRecoveryCodes();
        transaction.executeWithoutResult(status -> storeRecoveryCodes(userId, codes));
        audit.record(AuditAction.RECOVERY_CODES_NEW, "user", userId, null, List.of(), userId, user.getEmail());
        return codes;
    }

    /** The administrator takes a user's second factor away (a lost phone): they sign in with the password again. */
    public void reset(long userId) {
        User user = user(userId);
        forget(userId);
        jdbc.sql("delete from two_factor_failures where user_id = :id").param("id", userId).update();
        audit.record(AuditAction.TWO_FACTOR_RESET, "user", userId, "of " + user.getEmail(), List.of(),
                java.util.Optional.empty());
    }

    /**
     * Checks a code from the user's app or one of their recovery codes. A code is taken once: the step it belongs to
     * is kept, and no code of that step or an earlier one is taken again. After too many wrong codes within the
     * window every code is refused until the oldest failure leaves it.
     */
    public Method verify(long userId, String given) {
        User user = user(userId);
        String secret = jdbc.sql("select secret from two_factor where user_id = :id").param("id", userId)
                .query(String.class).optional().map(secrets::secret)
                .orElseThrow(() -> KlientException.conflict("twofactor.error.notOn"));
        throttle(user);
        String code = clean(given);
        if (code.length() == Totp.DIGITS && code.chars().allMatch(Character::isDigit)) {
            OptionalLong step = Totp.matchingStep(secret, code, Instant.now());
            if (step.isEmpty()) {
                throw failed(user, "wrong code", "twofactor.error.wrong");
            }
            int taken = jdbc.sql("update two_factor set last_step = :step where user_id = :id and last_step < :step")
                    .param("step", step.getAsLong()).param("id", userId).update();
            if (taken == 0) {
                throw failed(user, "code used before", "twofactor.error.reused");
            }
            succeeded(userId);
            return Method.CODE;
        }
        String recovery = code.replace("-", "").toLowerCase(Locale.ROOT);
        if (recovery.length() == RECOVERY_LENGTH) {
            record Row(long id, String hash) {
            }
            List<Row> rows = jdbc.sql("select id, code_hash as hash from two_factor_recovery_codes where user_id = :id "
                    + "and used_at is null order by id").param("id", userId).query(Row.class).list();
            for (Row row : rows) {
                if (passwords.matches(recovery, row.hash())) {
                    int spent = jdbc.sql("update two_factor_recovery_codes set used_at = now() "
                            + "where id = :id and used_at is null").param("id", row.id()).update();
                    if (spent == 0) {
                        break;
                    }
                    succeeded(userId);
                    audit.record(AuditAction.RECOVERY_CODE_USED, "user", userId, (rows.size() - 1) + " left",
                            List.of(), userId, user.getEmail());
                    return Method.RECOVERY_CODE;
                }
            }
            // a spent code is refused like any wrong one (its hash is no longer among the unused)
            throw failed(user, "wrong recovery code", "twofactor.error.wrongRecovery");
        }
        throw failed(user, "wrong code", "twofactor.error.wrong");
    }

    private void confirm(User user, String codeOrPassword) {
        String given = codeOrPassword == null ? "" : codeOrPassword;
        throttle(user);
        if (given.length() <= 128 && passwords.matches(given, user.getPasswordHash())) {
            succeeded(user.getId());
            return;
        }
        verify(user.getId(), given);
    }

    private void throttle(User user) {
        long failures = jdbc.sql("""
                select count(*) from two_factor_failures
                where user_id = :id and failed_at > now() - make_interval(secs => :seconds)
                """).param("id", user.getId()).param("seconds", window.toSeconds()).query(Long.class).single();
        if (failures >= maxFailures) {
            audit.record(AuditAction.TWO_FACTOR_FAILED, "user", user.getId(), "locked", List.of(), user.getId(),
                    user.getEmail());
            throw new KlientException(HttpStatus.TOO_MANY_REQUESTS, "twofactor.error.locked",
                    Math.max(1, window.toMinutes()));
        }
    }

    private KlientException failed(User user, String reason, String messageKey) {
        jdbc.sql("insert into two_factor_failures (user_id) values (:id)").param("id", user.getId()).update();
        audit.record(AuditAction.TWO_FACTOR_FAILED, "user", user.getId(), reason, List.of(), user.getId(),
                user.getEmail());
        return KlientException.invalid(messageKey);
    }

    private void succeeded(long userId) {
        jdbc.sql("delete from two_factor_failures where user_id = :id").param("id", userId).update();
    }

    private void forget(long userId) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from two_factor_recovery_codes where user_id = :id").param("id", userId).update();
            jdbc.sql("delete from two_factor where user_id = :id").param("id", userId).update();
        });
    }

    private void storeRecoveryCodes(long userId, List<String> codes) {
        jdbc.sql("delete from two_factor_recovery_codes where user_id = :id").param("id", userId).update();
        for (String code : codes) {
            jdbc.sql("insert into two_factor_recovery_codes (user_id, code_hash) values (:id, :hash)")
                    .param("id", userId).param("hash", passwords.encode(code.replace("-", ""))).update();
        }
    }

    /** Ten codes of ten letters and digits that cannot be mistaken for each other (about 50 bits each). */
    private static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < RECOVERY_LENGTH; c++) {
                if (c == RECOVERY_LENGTH / 2) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    private static String clean(String code) {
        if (code == null || code.length() > MAX_INPUT) {
            return "";
        }
        return code.replace(" ", "").replace("\u00a0", "").strip();
    }

    private User user(long userId) {
        return users.findById(userId).orElseThrow(() -> KlientException.notFound("user.notFound"));
    }
}
