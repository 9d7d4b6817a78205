package app.klient.billing.internal;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged customer's quotes, orders and invoices follow the survivor. An issued invoice moves its link only: the buyer's name, tax id and address it was issued with stay as printed (the database allows the link to move during a merge alone). */
@Component
class MergedBillingRows {

    private final JdbcClient jdbc;

    MergedBillingRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        for (String table : java.util.List.of("quotes", "orders")) {
            jdbc.sql("update " + table + " set " + column + " = :survivor, version = version + 1 where " + column
                    + " in (:merged)").param("survivor", merged.survivorId()).param("merged", merged.mergedIds())
                    .update();
        }
        jdbc.sql("update invoices set " + column + " = :survivor where " + column + " in (:merged)")
                .param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
    }
}
