package app.klient.service.internal;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged customer's tickets follow the survivor. */
@Component
class MergedServiceRows {

    private final JdbcClient jdbc;

    MergedServiceRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        jdbc.sql("update tickets set " + column + " = :survivor, version = version + 1 where " + column
                + " in (:merged)").param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
    }
}
