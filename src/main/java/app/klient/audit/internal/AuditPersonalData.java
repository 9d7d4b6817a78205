package app.klient.audit.internal;

import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditChain;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log keeps who changed what, and the values before and after: erasure takes away the values of the
 * person's own records and takes the person's names, addresses and numbers out of all other values (who acted, when
 * and on which record stays). It runs after the modules whose records it describes.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class AuditPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;
    private final AuditLog audit;

    AuditPersonalData(JdbcClient jdbc, Redaction redaction, AuditLog audit) {
        this.jdbc = jdbc;
        this.redaction = redaction;
        this.audit = audit;
    }

    @Override
    public String section() {
        return "audit";
    }

    /**
     * The names of records merged into the person's: the log is all that is left of them, and they may have spelled
     * the person otherwise ("Lukasz Zoltowski" merged into "Łukasz Żółtowski").
     */
    @Override
    public void identify(DataSubject subject) {
        if (subject.mergedContactIds().isEmpty()) {
            return;
        }
        // every first name with every surname a merged record had: a rename is one field at a time
        jdbc.sql("""
                select e.entity_id,
                       array_agg(distinct v.name) filter (where c.value ->> 'field' = 'firstName'),
                       array_agg(distinct v.name) filter (where c.value ->> 'field' = 'lastName')
                  from audit_events e
                 cross join lateral jsonb_array_elements(case when jsonb_typeof(e.changes) = 'array' then e.changes
                                                              else '[]' end) c(value)
                 cross join lateral (values (c.value ->> 'oldValue'), (c.value ->> 'newValue')) v(name)
                 where e.entity_type = 'contact' and e.entity_id = any(cast(:ids as text[])) and v.name is not null
                 group by e.entity_id""")
                .param("ids", ids(subject.mergedContactIds()))
                .query((rs, i) -> {
                    java.sql.Array firsts = rs.getArray(2);
                    java.sql.Array lasts = rs.getArray(3);
                    if (firsts != null && lasts != null) {
                        for (String first : (String[]) firsts.getArray()) {
                            for (String last : (String[]) lasts.getArray()) {
                                subject.addName(first, last);
                            }
                        }
                    }
                    return 0;
                }).list();
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        // the log is the company's record of its own work, not data about the person beyond what the records hold
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        // the person's own records' history is their data field by field (a surname alone, a birthday)
        report.changed("audit_events", jdbc.sql("""
                update audit_events set changes = null
                 where changes is not null
                   and ((entity_type = 'contact' and entity_id = any(cast(:contacts as text[])))
                        or (entity_type = 'lead' and entity_id = any(cast(:leads as text[]))))""")
                .param("contacts", ids(java.util.stream.Stream.concat(subject.contactIds().stream(),
                        subject.mergedContactIds().stream()).toList()))
                .param("leads", ids(subject.leadIds())).update());
        report.changed("audit_events", redaction.scrub(subject, "audit_events"));
        // the log is append-only: the database lets an erasure redact values (klient.erasing, V143) and marks the rows
        // redacted now; this event, itself chained, says how many, so the verification can tell them from tampering
        long redacted = jdbc.sql("select count(*) from audit_events where redacted_at = now()").query(Long.class)
                .single();
        if (redacted > 0) {
            audit.record(AuditAction.UPDATE, AuditChain.REDACTION, null, null,
                    List.of(new FieldChange(AuditChain.REDACTED_ENTRIES, null, String.valueOf(redacted))));
        }
    }

    private static String[] ids(java.util.Collection<Long> ids) {
        return ids.stream().map(String::valueOf).toArray(String[]::new);
    }
}
