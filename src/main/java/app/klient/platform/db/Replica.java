package app.klient.platform.db;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads that may lag a little behind the latest commit — reports, dashboard figures, exports, search — go to the
 * read replica when one is configured ({@code KLIENT_REPLICA_URL}), else to the primary as everything else does.
 * The first connection taken inside {@link #mayLag} comes from the replica: the read-only transaction the work runs
 * in. A transaction it opens inside (the audit log's) takes the primary's, and so does work already inside a
 * transaction, which must see what that transaction wrote.
 */
public final class Replica {

    private static final ThreadLocal<Boolean> WANTED = new ThreadLocal<>();

    private Replica() {
    }

    /** Runs {@code work}, whose first connection may come from the read replica. */
    public static <T> T mayLag(Supplier<T> work) {
        if (WANTED.get() != null || TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        WANTED.set(Boolean.TRUE);
        try {
            return work.get();
        }
        finally {
            WANTED.remove();
        }
    }

    /** Whether the connection being taken may come from the replica: once per {@link #mayLag}. */
    static boolean take() {
        if (Boolean.TRUE.equals(WANTED.get())) {
            WANTED.set(Boolean.FALSE);
            return true;
        }
        return false;
    }
}
