package app.klient.sales.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sales' part in a handover: the leaving person's open deals and the leads not yet converted or disqualified. */
@Component
@Order(10)
class SalesHandover implements HandoverParticipant {

    private static final String OPEN_DEALS = "owner_id = :from and status = 'OPEN'";
    private static final String OPEN_LEADS = "owner_id = :from and status in ('NEW', 'CONTACTED', 'QUALIFIED')";

    private final JdbcClient jdbc;

    SalesHandover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Part> preview(long fromUserId) {
        return List.of(part("deal", "name", "deals", OPEN_DEALS, fromUserId),
                part("lead", "coalesce(company_name, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), "
                        + "email, phone)", "leads", OPEN_LEADS, fromUserId));
    }

    @Override
    public List<Moved> handOver(long fromUserId, long toUserId) {
        return List.of(new Moved("deal", "deal", "ownerId", move("deals", OPEN_DEALS, fromUserId, toUserId)),
                new Moved("lead", "lead", "ownerId", move("leads", OPEN_LEADS, fromUserId, toUserId)));
    }

    private Part part(String kind, String name, String table, String where, long from) {
        int count = jdbc.sql("select count(*) from " + table + " where " + where).param("from", from)
                .query(Integer.class).single();
        List<String> examples = jdbc.sql("select " + name + " from " + table + " where " + where
                + " order by id limit 3").param("from", from).query(String.class).list();
        return new Part(kind, count, examples);
    }

    private List<Long> move(String table, String where, long from, long to) {
        return jdbc.sql("update " + table + " set owner_id = :to, updated_at = now(), version = version + 1 where "
                + where + " returning id").param("from", from).param("to", to).query(Long.class).list();
    }
}
