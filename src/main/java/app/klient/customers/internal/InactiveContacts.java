package app.klient.customers.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts nobody has heard of for years: neither the record nor anything on its timeline (where the other modules
 * write calls, e-mails, orders and tickets) is newer than the cutoff. Such a contact is anonymized, never deleted:
 * invoices and deals still point at it.
 */
@Component
class InactiveContacts implements RetentionTarget {

    private static final String DUE = """
            from contacts c
            where c.updated_at < :cutoff and not (c.last_name = :erased and c.first_name is null)
              and not exists (select 1 from timeline_entries t where t.contact_id = c.id and t.occurred_at >= :cutoff)""";

    private final JdbcClient jdbc;

    InactiveContacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "CONTACTS_INACTIVE";
    }

    @Override
    public boolean deletes() {
        return false;
    }

    @Override
    public Preview preview(Instant cutoff, int limit) {
        long count = jdbc.sql("select count(*) " + DUE).param("cutoff", Timestamp.from(cutoff))
                .param("erased", DataSubject.ERASED).query(Long.class).single();
        List<Item> first = jdbc.sql("select c.id, concat_ws(' ', c.first_name, c.last_name), c.updated_at " + DUE
                        + " order by c.updated_at, c.id limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query((rs, i) -> new Item(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
        return new Preview(count, first);
    }

    @Override
    public List<Long> due(Instant cutoff, int limit) {
        return jdbc.sql("select c.id " + DUE + " order by c.updated_at, c.id limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query(Long.class).list();
    }

    @Override
    public int apply(List<Long> ids, boolean delete, Consumer<DataSubject> erasePerson) {
        for (long id : ids) {
            DataSubject subject = new DataSubject();
            subject.addContact(id);
            subject.narrow();
            erasePerson.accept(subject);
        }
        return ids.size();
    }
}
