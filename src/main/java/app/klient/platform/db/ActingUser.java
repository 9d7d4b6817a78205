package app.klient.platform.db;

/**
 * The user whose reading rules the database applies to this thread's queries (identity's row policies read
 * {@code klient.user_id}). Set by identity for the length of a request, or by a job that works for one person;
 * unset, a query reads as Klient itself: everything.
 */
public final class ActingUser {

    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private ActingUser() {
    }

    /** Acts as {@code userId} (null: as Klient itself) until the returned handle is closed. */
    public static Restore set(Long userId) {
        Long before = CURRENT.get();
        CURRENT.set(userId);
        return () -> CURRENT.set(before);
    }

    /** Klient's own work inside a user's request (a merge, numbering, an erasure): reads every row until closed. */
    public static Restore asSystem() {
        return set(null);
    }

    static String setting() {
        Long id = CURRENT.get();
        return id == null ? "" : id.toString();
    }

    /** Puts back whoever acted before. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
