package app.klient.analytics.models;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the models say of a private customer (a contact invoiced without a company): their scores, churn risk and
 * reasons. Exported with the person's data; erased with them (derived figures, nothing the law makes the company keep).
 */
@Component
class ModelsPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    ModelsPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "models";
    }

    @Override
    public void export(DataSubject subject, app.klient.platform.privacy.PersonalDataExport export) {
        if (!subject.contactIds().isEmpty()) {
            export.rows(section(), "customer_scores", jdbc.sql("""
                    select customer_id as contact_id, recency_days, purchases, revenue, r_score, f_score, m_score,
                           group_no, churn_probability, reasons::text as reasons, scored_at
                      from customer_scores where customer_kind = 'contact' and customer_id in (:ids)
                     order by customer_id""").param("ids", subject.contactIds()).query().listOfRows());
        }
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        if (!subject.contactIds().isEmpty()) {
            report.changed("customer_scores", jdbc.sql("delete from customer_scores where customer_kind = 'contact'"
                    + " and customer_id in (:ids)").param("ids", subject.contactIds()).update());
        }
    }
}
