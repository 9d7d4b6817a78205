package app.klient.sales.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Leads that came in before the cutoff and never became a customer. They are anonymized (the funnel keeps counting
 * them), each as a person of their own, so their e-mails, consents and activities forget them too.
 */
@Component
class UnconvertedLeads implements RetentionTarget {

    private static final String DUE = """
            from leads where status <> 'CONVERTED' and created_at < :cutoff
              and not (last_name = :erased and email is null and phone is null)""";

    private final JdbcClient jdbc;

    UnconvertedLeads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "LEADS_NOT_CONVERTED";
    }

    @Override
    public boolean deletes() {
        return false;
    }

    @Override
    public Preview preview(Instant cutoff, int limit) {
        long count = jdbc.sql("select count(*) " + DUE).param("cutoff", Timestamp.from(cutoff))
                .param("erased", DataSubject.ERASED).query(Long.class).single();
        List<Item> first = jdbc.sql("select id, concat_ws(' ', first_name, last_name, company_name), created_at " + DUE
                        + " order by created_at, id limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query((rs, i) -> new Item(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
        return new Preview(count, first);
    }

    @Override
    public List<Long> due(Instant cutoff, int limit) {
        return jdbc.sql("select id " + DUE + " order by created_at, id limit :limit")
                .param("cutoff", Timestamp.from(cutoff)).param("erased", DataSubject.ERASED).param("limit", limit)
                .query(Long.class).list();
    }

    @Override
    public int apply(List<Long> ids, boolean delete, Consumer<DataSubject> erasePerson) {
        for (long id : ids) {
            DataSubject subject = new DataSubject();
            subject.addLead(id);
            subject.narrow();
            erasePerson.accept(subject);
        }
        return ids.size();
    }
}
