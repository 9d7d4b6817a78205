package app.klient.sales.internal;

import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged company's or contact's deals and leads follow the survivor; a person on a deal twice stays once. */
@Component
class MergedSalesRows {

    private final JdbcClient jdbc;

    MergedSalesRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        for (String table : java.util.List.of("deals", "leads")) {
            if (table.equals("deals") && merged.kind() == CustomerType.CONTACT) {
                continue;
            }
            jdbc.sql("update " + table + " set " + column + " = :survivor, version = version + 1 where " + column
                    + " in (:merged)").param("survivor", merged.survivorId()).param("merged", merged.mergedIds())
                    .update();
        }
        if (merged.kind() == CustomerType.CONTACT) {
            for (Long gone : merged.mergedIds()) {
                jdbc.sql("""
                        delete from deal_contacts x where contact_id = :gone and exists (select 1 from deal_contacts y
                         where y.deal_id = x.deal_id and y.contact_id = :survivor)""")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
                jdbc.sql("update deal_contacts set contact_id = :survivor where contact_id = :gone")
                        .param("gone", gone).param("survivor", merged.survivorId()).update();
            }
        }
    }
}
