package app.klient.surveys.internal;

import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Survey invitations and answers of a merged customer count for the survivor; an occasion both were asked for stays once. */
@Component
class MergedSurveyRows {

    private final JdbcClient jdbc;

    MergedSurveyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        for (String table : java.util.List.of("survey_invitations", "survey_responses")) {
            jdbc.sql("update " + table + " set " + column + " = :survivor where " + column + " in (:merged)")
                    .param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
        }
        if (merged.kind() == CustomerType.CONTACT) {
            for (Long gone : merged.mergedIds()) {
                jdbc.sql("""
                        delete from survey_occasions x where contact_id = :gone and exists (select 1
                          from survey_occasions y where y.survey_id = x.survey_id and y.cause_kind = x.cause_kind
                           and y.cause_id = x.cause_id and y.contact_id = :survivor)""")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
                jdbc.sql("update survey_occasions set contact_id = :survivor where contact_id = :gone")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
            }
        }
    }
}
