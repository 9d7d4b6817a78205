package app.klient.documents.internal;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Documents made for a merged customer stay on the survivor's card. */
@Component
class MergedDocumentRows {

    private final JdbcClient jdbc;

    MergedDocumentRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        jdbc.sql("update generated_documents set " + column + " = :survivor where " + column + " in (:merged)")
                .param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
    }
}
