package app.klient.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.RetentionTarget;
import app.klient.privacy.internal.PrivacyRegister;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention rules: how long leads that never converted, contacts nobody heard of and e-mails are kept. A rule is
 * previewed before it is switched on; the job applies the rules that are on, in batches that each commit on their
 * own, so a node killed halfway leaves every record either done or still due, and the next run goes on.
 */
@Service
public class RetentionRules {

    /** Records taken away per transaction. */
    static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final Versions versions;
    private final List<RetentionTarget> targets;
    private final Privacy privacy;
    private final PrivacyRegister register;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    RetentionRules(JdbcClient jdbc, Versions versions, List<RetentionTarget> targets, Privacy privacy,
            PrivacyRegister register, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.targets = targets;
        this.privacy = privacy;
        this.register = register;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Transactional(readOnly = true)
    public List<RetentionRuleView> list() {
        return jdbc.sql("select * from retention_rules order by id").query(this::view).list();
    }

    @Transactional(readOnly = true)
    public RetentionRuleView get(long id) {
        return jdbc.sql("select * from retention_rules where id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("retention.notFound"));
    }

    @Transactional
    public RetentionRuleView update(long id, RetentionRuleForm form) {
        RetentionRuleView rule = get(id);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form == null || form.months() == null || form.months() < 1 || form.months() > 1200) {
            errors.add("months", "retention.months.invalid", "1", "1200");
        }
        if (form == null || form.action() == null) {
            errors.add("action", "retention.action.required");
        }
        else if (form.action() == RetentionAction.DELETE && !rule.mayDelete()) {
            errors.add("action", "retention.action.noDelete");
        }
        errors.throwIfAny();
        versions.change("retention_rules", id, form.version()).notFound("retention.notFound")
                .set("months = :months, action = :action, enabled = :enabled, updated_at = now()")
                .param("months", form.months()).param("action", form.action().name())
                .param("enabled", Boolean.TRUE.equals(form.enabled())).apply();
        RetentionRuleView saved = get(id);
        audit.record(AuditAction.UPDATE, "retentionRule", id, rule.kind(), FieldChange.between(
                Map.of("months", rule.months(), "action", rule.action().name(), "enabled", rule.enabled()),
                Map.of("months", saved.months(), "action", saved.action().name(), "enabled", saved.enabled())));
        return saved;
    }

    /** What the rule would touch if it ran now (with the months given, to try a value before saving it). */
    @Transactional(readOnly = true)
    public RetentionPreview preview(long id, Integer months, int limit) {
        RetentionRuleView rule = get(id);
        int m = months == null ? rule.months() : months;
        if (m < 1 || m > 1200) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("months", "retention.months.invalid", "1",
                    "1200")));
        }
        Instant cutoff = cutoff(m);
        RetentionTarget.Preview preview = target(rule.kind()).preview(cutoff, Math.max(1, Math.min(limit, 100)));
        return new RetentionPreview(rule, cutoff, preview.count(), preview.first());
    }

    /**
     * Applies one rule that is on and due (not run today, not held by another node), if any: batch by batch, each
     * its own transaction, then one register line for the run. Answers whether there was one.
     */
    public boolean runDue() {
        Optional<Long> claimed = transactions.execute(tx -> jdbc.sql("""
                update retention_rules set leased_until = now() + interval '15 minutes'
                 where id = (select id from retention_rules
                              where enabled and (last_run_at is null or last_run_at < now() - interval '1 day')
                                and (leased_until is null or leased_until < now())
                              order by id limit 1 for update skip locked)
                returning id""").query(Long.class).optional());
        claimed.ifPresent(this::run);
        return claimed.isPresent();
    }

    /** Runs the rule now, whatever its last run (the job's work and the administrator's "run now"). */
    public int run(long id) {
        RetentionRuleView rule = get(id);
        RetentionTarget target = target(rule.kind());
        Instant cutoff = cutoff(rule.months());
        boolean delete = rule.action() == RetentionAction.DELETE && target.deletes();
        ErasureReport total = new ErasureReport();
        int done = 0;
        int batch;
        do {
            batch = transactions.execute(tx -> {
                List<Long> due = target.due(cutoff, BATCH);
                int applied = target.apply(due, delete, subject -> {
                    ErasureReport report = privacy.erase(subject);
                    report.changed().forEach(total::changed);
                    report.kept().forEach(total::kept);
                });
                jdbc.sql("update retention_rules set leased_until = now() + interval '15 minutes' where id = :id")
                        .param("id", id).update();
                return applied;
            });
            done += batch;
        }
        while (batch == BATCH);
        int count = done;
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    update retention_rules set last_run_at = now(), last_count = :count, leased_until = null
                     where id = :id""").param("id", id).param("count", count).update();
            if (count > 0) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("kind", rule.kind());
                result.put("action", delete ? "DELETE" : "ANONYMIZE");
                result.put("cutoff", cutoff.toString());
                result.put("records", count);
                result.put("changed", total.changed());
                result.put("kept", total.kept());
                register.record(RequestKind.RETENTION, null, null, null, null, RequestedBy.COMPANY,
                        LocalDate.now(ZoneOffset.UTC), ErasureReason.RETENTION, result, id);
            }
        });
        return count;
    }

    private RetentionTarget target(String kind) {
        return targets.stream().filter(t -> t.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No retention target for " + kind));
    }

    private static Instant cutoff(int months) {
        return java.time.ZonedDateTime.now(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    private RetentionRuleView view(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString("kind");
        Timestamp last = rs.getTimestamp("last_run_at");
        return new RetentionRuleView(rs.getLong("id"), kind, rs.getInt("months"),
                RetentionAction.valueOf(rs.getString("action")), rs.getBoolean("enabled"),
                targets.stream().anyMatch(t -> t.kind().equals(kind) && t.deletes()),
                last == null ? null : last.toInstant(), (Integer) rs.getObject("last_count"), rs.getInt("version"));
    }
}
