package app.klient.platform.db;

import app.klient.platform.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The user whose reading rules the database applies to this thread's queries (identity's row policies read
 * {@code klient.user_id}, which {@link ActingDataSource} sets as a connection is taken): whoever is signed in on
 * this thread — the request's user, or the person a job acts for (a report mailed to them is made as them, a
 * figure is computed for its reader). Nobody signed in reads as Klient itself: everything.
 */
public final class ActingUser {

    private ActingUser() {
    }

    static String setting() {
        return Actor.current().map(actor -> String.valueOf(actor.id())).orElse("");
    }

    /**
     * Klient's own work inside a user's transaction that must meet every row — moving a merged customer's records,
     * which would otherwise leave behind those the merging user does not see: until closed, this transaction reads
     * as Klient itself. Must be called inside a transaction (the setting is the transaction's own).
     */
    public static Restore asSystem(JdbcClient jdbc) {
        String before = jdbc.sql("select coalesce(current_setting('klient.user_id', true), '')").query(String.class)
                .single();
        jdbc.sql("select set_config('klient.user_id', '', true)").query(String.class).single();
        return () -> jdbc.sql("select set_config('klient.user_id', :before, true)").param("before", before)
                .query(String.class).single();
    }

    /** Puts back whoever acted before. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
