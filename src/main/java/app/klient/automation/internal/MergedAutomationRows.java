package app.klient.automation.internal;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Rule runs of a merged customer, waiting or done, carry on with (and are logged on) the survivor. */
@Component
class MergedAutomationRows {

    private final JdbcClient jdbc;

    MergedAutomationRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        jdbc.sql("update automation_runs set record_id = :survivor where record_type = :type and record_id in (:merged)")
                .param("survivor", merged.survivorId()).param("type", merged.kind().auditName())
                .param("merged", merged.mergedIds()).update();
    }
}
