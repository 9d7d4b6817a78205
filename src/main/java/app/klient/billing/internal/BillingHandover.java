package app.klient.billing.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Billing's part in a handover: the leaving person's open quotes (drafted or sent, not yet decided) and open orders
 * (new or confirmed, neither fulfilled, cancelled nor invoiced). Decided quotes, invoices and what was invoiced stay
 * with who earned them: the commission follows the owner.
 */
@Component
@Order(40)
class BillingHandover implements HandoverParticipant {

    private static final String OPEN_QUOTES = "owner_id = :from and status in ('DRAFT', 'SENT')";
    private static final String OPEN_ORDERS = "owner_id = :from and status in ('NEW', 'CONFIRMED') "
            + "and not exists (select 1 from invoices i where i.order_id = orders.id)";

    private final JdbcClient jdbc;

    BillingHandover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Part> preview(long fromUserId) {
        return List.of(part("quote", "'OF/' || coalesce(root_id, id) || '/' || revision", "quotes", OPEN_QUOTES,
                fromUserId), part("order", "number", "orders", OPEN_ORDERS, fromUserId));
    }

    @Override
    public List<Moved> handOver(long fromUserId, long toUserId) {
        return List.of(new Moved("quote", "quote", "ownerId", move("quotes", OPEN_QUOTES, fromUserId, toUserId)),
                new Moved("order", "order", "ownerId", move("orders", OPEN_ORDERS, fromUserId, toUserId)));
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
