package app.klient.channels.internal;

import java.util.List;

import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged customer's chats, calls and conversations follow the survivor. */
@Component
class MergedChannelRows {

    private final JdbcClient jdbc;

    MergedChannelRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        for (String table : List.of("chats", "calls", "conversations")) {
            jdbc.sql("update " + table + " set " + column + " = :survivor where " + column + " in (:merged)")
                    .param("survivor", merged.survivorId()).param("merged", merged.mergedIds()).update();
        }
    }
}
