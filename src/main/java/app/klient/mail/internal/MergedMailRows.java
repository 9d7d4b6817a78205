package app.klient.mail.internal;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** E-mails to and from a merged customer stay in the survivor's history. */
@Component
class MergedMailRows {

    private final JdbcClient jdbc;

    MergedMailRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        jdbc.sql("update emails set " + column + " = :survivor where " + column + " in (:merged)")
                .param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
    }
}
