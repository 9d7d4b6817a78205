package app.klient.platform.db;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Settings for a transaction that reads many rows to answer one question (survey results, a segment's members):
 * a time limit, so a question that cannot be answered in time is an error rather than a hang, and no JIT
 * compilation, which PostgreSQL would otherwise start for such plans and which costs more than it saves on them (the
 * NPS of a million-contact segment: 1.5 s with it, 0.9 s without). Both end with the transaction.
 */
public final class LongReads {

    private LongReads() {
    }

    /** Applies the settings to the current transaction; outside one there is nothing to apply them to. */
    public static void limit(JdbcClient jdbc, Duration timeout) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            jdbc.sql("select set_config('statement_timeout', :timeout, true), set_config('jit', 'off', true)")
                    .param("timeout", timeout.toMillis() + "ms").query().singleRow();
        }
    }
}
