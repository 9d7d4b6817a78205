package app.klient.billing.ksef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.Seller;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads the company's KSeF settings (one row, V044) and, for the client alone, its token. */
@Component
public class KsefAccount {

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final Seller seller;
    private final app.klient.platform.Secrets secrets;

    KsefAccount(JdbcClient jdbc, Versions versions, AuditLog audit, Seller seller,
            app.klient.platform.Secrets secrets) {
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.seller = seller;
    }

    public KsefSettings settings() {
        return jdbc.sql("select enabled, environment, token is not null, enabled_at, version from ksef_settings")
                .query((rs, n) -> new KsefSettings(rs.getBoolean(1), KsefEnvironment.valueOf(rs.getString(2)),
                        rs.getBoolean(3), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getInt(5)))
                .single();
    }

    /** The KSeF token, for authenticating; never shown, logged or sent anywhere but to KSeF. */
    Optional<String> token() {
        return jdbc.sql("select token from ksef_settings").query(String.class).optional().map(secrets::open);
    }

    /** The token's column, kept sealed. */
    @org.springframework.context.annotation.Bean
    static app.klient.platform.StoredSecret ksefTokenSecret() {
        return new app.klient.platform.StoredSecret("ksef_settings", "id", "token");
    }

    // ---- ksef-desk: the administrator's settings (issue 17)

    /** A KSeF token as the portal issues it: printable characters without spaces, well below the column's size. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[\\x21-\\x7E]{8,1000}");

    /** The job's last contact with KSeF; {@code problem} is a message code ({@code ksef.problem.*}) or null. */
    public record LastContact(Instant at, String problem, Instant problemAt, Instant unavailableSince,
            Instant blockedUntil, String cause, Integer httpStatus, String problemUrl) {
    }

    /**
     * Changes the settings from the version the administrator saw. A new token replaces the stored one; none keeps
     * it. Switching on needs a token and the seller's NIP (without them nothing could be sent).
     */
    @Transactional
    public KsefSettings save(boolean enabled, KsefEnvironment environment, String newToken, Integer version) {
        checkAdministrator();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String token = newToken == null || newToken.isBlank() ? null : newToken.strip();
        if (token != null && !TOKEN.matcher(token).matches()) {
            errors.add("token", "ksef.tokenInvalid");
        }
        if (environment == null) {
            errors.add("environment", "ksef.environmentInvalid");
        }
        errors.throwIfAny();
        KsefSettings before = settings();
        if (enabled && token == null && !before.tokenSet()) {
            errors.add("token", "ksef.enableNeedsToken");
        }
        if (enabled && nip(seller.get().taxId()) == null) {
            errors.add("enabled", "ksef.enableNeedsNip");
        }
        errors.throwIfAny();
        versions.change("ksef_settings", 1, version).set("""
                enabled = :enabled, environment = :environment, token = coalesce(:token, token),
                enabled_at = case when :enabled and not enabled then now() when :enabled then enabled_at end,
                updated_at = now()""").param("enabled", enabled).param("environment", environment.name())
                .param("token", secrets.seal(token)).apply();
        KsefSettings after = settings();
        List<FieldChange> changes = new ArrayList<>(FieldChange.between(fields(before), fields(after)));
        if (token != null) {
            // that the token changed, never what it is
            changes.add(new FieldChange("token", null, null));
        }
        if (!changes.isEmpty()) {
            audit.record(AuditAction.UPDATE, "ksefSettings", 1, null, changes);
        }
        return after;
    }

    /** Only administrators see or change the company's link to KSeF. */
    public static void checkAdministrator() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "ksef.forbidden");
        }
    }

    /**
     * What the KSeF job last met (its columns of V046): when KSeF last answered, the last problem as a message code
     * and since when, since when KSeF has been unavailable, and until when its request limit holds the job back.
     */
    public LastContact lastContact() {
        return jdbc.sql("""
                select last_contact_at, last_problem, last_problem_at, unavailable_since, blocked_until,
                       last_problem_cause, last_problem_status, last_problem_url
                from ksef_settings""")
                .query((rs, n) -> new LastContact(instant(rs.getTimestamp(1)), rs.getString(2),
                        instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
                        rs.getString(6), (Integer) rs.getObject(7), rs.getString(8)))
                .single();
    }

    private static Instant instant(java.sql.Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    /** The ten digits of a Polish NIP written with or without dashes, spaces or the PL prefix; null if it is none. */
    public static String nip(String taxId) {
        if (taxId == null) {
            return null;
        }
        String digits = taxId.strip().replaceFirst("^(?i)PL", "").replaceAll("[\\s-]", "");
        return digits.matches("\\d{10}") ? digits : null;
    }


    private static Map<String, Object> fields(KsefSettings s) {
        return FieldChange.fields(s, "enabled", "environment");
    }
}
