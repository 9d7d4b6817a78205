package app.klient.automation.internal;

import java.util.List;

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
 * Rule runs and webhook deliveries carry copies of records (a change's before and after, a payload sent). Erasure
 * takes the person out of those copies; it runs last, after the other modules' changes were captured.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 5)
class AutomationPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    AutomationPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "automation";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        // copies of the records exported by their own modules
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        // a change of the person's own record is a copy of it, the erasure's own change included
        report.changed("automation_changes", jdbc.sql("""
                update automation_changes set before = null, after = null
                 where (record_type = 'contact' and record_id = any(cast(:contacts as bigint[])))
                    or (record_type = 'lead' and record_id = any(cast(:leads as bigint[])))""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new)).update());
        for (String table : List.of("automation_changes", "automation_runs", "automation_run_steps",
                "webhook_deliveries", "webhook_attempts")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
