package app.klient.audit.internal;

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

    AuditPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "audit";
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
                .param("contacts", subject.contactIds().stream().map(String::valueOf).toArray(String[]::new))
                .param("leads", subject.leadIds().stream().map(String::valueOf).toArray(String[]::new)).update());
        report.changed("audit_events", redaction.scrub(subject, "audit_events"));
    }
}
