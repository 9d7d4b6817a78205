package app.klient.platform.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link RetentionTarget} whose records are people: the due ones are found by one query, and each is anonymized as
 * a person of their own, never deleted, so that every module forgets them while invoices, deals and the funnel's
 * figures still count the record. The query's parameters are {@code :cutoff} and {@code :erased}
 * ({@link DataSubject#ERASED}, to leave out who is anonymized already).
 */
public abstract class PeopleRetention implements RetentionTarget {

    private final JdbcClient jdbc;
    private final String kind;
    private final String due;
    private final String id;
    private final String label;
    private final String at;

    /**
     * @param due   the {@code from ... where ...} of the due records
     * @param id    the id column, {@code label} the SQL of a name a person recognizes, {@code at} the date the
     *              cutoff is compared with (the oldest go first)
     */
    protected PeopleRetention(JdbcClient jdbc, String kind, String due, String id, String label, String at) {
        this.jdbc = jdbc;
        this.kind = kind;
        this.due = due;
        this.id = id;
        this.label = label;
        this.at = at;
    }

    /** Names the record in the person to erase: as a contact, as a lead. */
    protected abstract void add(DataSubject subject, long id);

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public boolean deletes() {
        return false;
    }

    @Override
    public Preview preview(Instant cutoff, int limit) {
        long count = jdbc.sql("select count(*) " + due).param("cutoff", Timestamp.from(cutoff))
                .param("erased", DataSubject.ERASED).query(Long.class).single();
        List<Item> first = jdbc.sql("select " + id + ", " + label + ", " + at + " " + due + " order by " + at + ", "
                        + id + " limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query((rs, i) -> new Item(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
        return new Preview(count, first);
    }

    @Override
    public List<Long> due(Instant cutoff, int limit) {
        return jdbc.sql("select " + id + " " + due + " order by " + at + ", " + id + " limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query(Long.class).list();
    }

    @Override
    public int apply(List<Long> ids, boolean delete, Consumer<DataSubject> erasePerson) {
        for (long record : ids) {
            DataSubject subject = new DataSubject();
            add(subject, record);
            subject.narrow();
            erasePerson.accept(subject);
        }
        return ids.size();
    }
}
