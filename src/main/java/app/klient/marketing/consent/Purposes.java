package app.klient.marketing.consent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Why a company may write to someone: newsletter, offers, surveys, or a purpose the administrator adds, each named
 * and worded in English, Polish and Czech. A purpose is never deleted (the history points at it); one no longer used
 * is switched off, and forms stop asking for it.
 */
@Service
public class Purposes {

    @Schema(description = "A purpose of consent, named and worded in three languages.")
    public record Purpose(@Schema(accessMode = Schema.AccessMode.READ_ONLY) Long id,
            @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,39}", message = "{consent.purpose.key}") String key,
            @NotBlank @Size(max = 100) String labelEn, @NotBlank @Size(max = 100) String labelPl,
            @NotBlank @Size(max = 100) String labelCs, @NotBlank @Size(max = 2000) String wordingEn,
            @NotBlank @Size(max = 2000) String wordingPl, @NotBlank @Size(max = 2000) String wordingCs,
            Boolean active, Integer version) {

        public String label(Locale locale) {
            return switch (locale.getLanguage()) {
                case "pl" -> labelPl;
                case "cs" -> labelCs;
                default -> labelEn;
            };
        }

        public String wording(Locale locale) {
            return switch (locale.getLanguage()) {
                case "pl" -> wordingPl;
                case "cs" -> wordingCs;
                default -> wordingEn;
            };
        }
    }

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;

    Purposes(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Purpose> list(boolean activeOnly) {
        return jdbc.sql("select * from consent_purposes" + (activeOnly ? " where active" : "") + " order by id")
                .query((rs, n) -> purpose(rs)).list();
    }

    @Transactional(readOnly = true)
    public Optional<Purpose> find(long id) {
        return jdbc.sql("select * from consent_purposes where id = :id").param("id", id)
                .query((rs, n) -> purpose(rs)).optional();
    }

    public Purpose get(long id) {
        return find(id).orElseThrow(() -> KlientException.notFound("consent.purpose.notFound"));
    }

    @Transactional
    public Purpose add(Purpose p) {
        Permission.MARKETING.check();
        checkKey(p.key(), null);
        long id = jdbc.sql("""
                insert into consent_purposes (key, label_en, label_pl, label_cs, wording_en, wording_pl, wording_cs,
                                              active)
                values (:key, :labelEn, :labelPl, :labelCs, :wordingEn, :wordingPl, :wordingCs, :active)
                returning id""")
                .param("key", p.key()).param("labelEn", p.labelEn().strip()).param("labelPl", p.labelPl().strip())
                .param("labelCs", p.labelCs().strip()).param("wordingEn", p.wordingEn().strip())
                .param("wordingPl", p.wordingPl().strip()).param("wordingCs", p.wordingCs().strip())
                .param("active", p.active() == null || p.active()).query(Long.class).single();
        audit.record(AuditAction.CREATE, "consent_purpose", id, p.key(), List.of());
        return get(id);
    }

    /**
     * Changes a purpose's names and wording (the wording people agreed to before stays in their history as it was)
     * or switches it off; its key stays.
     */
    @Transactional
    public Purpose change(long id, Purpose p) {
        Permission.MARKETING.check();
        Purpose before = get(id);
        if (p.key() != null && !p.key().equals(before.key())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("key", "consent.purpose.keyFixed")));
        }
        versions.change("consent_purposes", id, p.version()).set("""
                label_en = :labelEn, label_pl = :labelPl, label_cs = :labelCs, wording_en = :wordingEn,
                wording_pl = :wordingPl, wording_cs = :wordingCs, active = :active""")
                .param("labelEn", p.labelEn().strip()).param("labelPl", p.labelPl().strip())
                .param("labelCs", p.labelCs().strip()).param("wordingEn", p.wordingEn().strip())
                .param("wordingPl", p.wordingPl().strip()).param("wordingCs", p.wordingCs().strip())
                .param("active", p.active() == null ? before.active() : p.active())
                .notFound("consent.purpose.notFound").apply();
        audit.record(AuditAction.UPDATE, "consent_purpose", id, before.key(), List.of());
        return get(id);
    }

    private void checkKey(String key, Long except) {
        boolean taken = jdbc.sql("select exists (select 1 from consent_purposes where key = :key and id <> :id)")
                .param("key", key).param("id", except == null ? -1L : except).query(Boolean.class).single();
        if (taken) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("key", "consent.purpose.keyTaken")));
        }
    }

    private static Purpose purpose(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Purpose(rs.getLong("id"), rs.getString("key"), rs.getString("label_en"), rs.getString("label_pl"),
                rs.getString("label_cs"), rs.getString("wording_en"), rs.getString("wording_pl"),
                rs.getString("wording_cs"), rs.getBoolean("active"), rs.getInt("version"));
    }
}
