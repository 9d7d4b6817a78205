package app.klient.activities.internal;

import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged customer's calls, meetings and tasks follow the survivor; a person at a meeting twice stays once. */
@Component
class MergedActivityRows {

    private final JdbcClient jdbc;

    MergedActivityRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        for (String table : java.util.List.of("activities", "tasks")) {
            jdbc.sql("update " + table + " set " + column + " = :survivor, version = version + 1 where " + column
                    + " in (:merged)").param("survivor", merged.survivorId()).param("merged", merged.mergedIds())
                    .update();
        }
        if (merged.kind() == CustomerType.CONTACT) {
            for (Long gone : merged.mergedIds()) {
                jdbc.sql("""
                        delete from activity_participants x where contact_id = :gone and exists (select 1
                          from activity_participants y where y.activity_id = x.activity_id and y.contact_id = :survivor)""")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
                jdbc.sql("update activity_participants set contact_id = :survivor where contact_id = :gone")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
            }
        }
    }
}
