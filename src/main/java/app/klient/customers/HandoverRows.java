package app.klient.customers;

import java.util.List;

import app.klient.customers.HandoverParticipant.Moved;
import app.klient.customers.HandoverParticipant.Part;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One kind of record a {@link HandoverParticipant} moves: rows of {@code table} whose {@code column} (owner_id,
 * assignee_id) names the leaving person and that are still open ({@code open}, a condition on {@code :from}),
 * shown by {@code name} (an SQL expression). The one way every module counts, names and moves them.
 * <p>
 * The move bumps each row's version without checking one: no client sent a version, and the condition itself is the
 * guard (a row another request gave to someone else meanwhile no longer matches and stays). The bump makes an edit
 * begun before the handover fail as stale instead of writing over it.
 */
public record HandoverRows(String kind, String table, String column, String open, String name) {

    public Part preview(JdbcClient jdbc, long from) {
        String where = " from " + table + " where " + column + " = :from and (" + open + ")";
        int count = jdbc.sql("select count(*)" + where).param("from", from).query(Integer.class).single();
        List<String> examples = jdbc.sql("select " + name + where + " order by id limit 3").param("from", from)
                .query(String.class).list();
        return new Part(kind, count, examples);
    }

    public Moved move(JdbcClient jdbc, long from, long to) {
        List<Long> ids = jdbc.sql("update " + table + " set " + column + " = :to, updated_at = now(), "
                + "version = version + 1 where " + column + " = :from and (" + open + ") returning id")
                .param("from", from).param("to", to).query(Long.class).list();
        String field = column.equals("owner_id") ? "ownerId" : "assigneeId";
        return new Moved(kind, kind, field, ids);
    }
}
