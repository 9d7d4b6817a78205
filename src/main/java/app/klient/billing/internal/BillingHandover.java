package app.klient.billing.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import app.klient.customers.HandoverRows;
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

    private static final List<HandoverRows> KINDS = List.of(
            new HandoverRows("quote", "quotes", "owner_id", "status in ('DRAFT', 'SENT')",
                    "'OF/' || coalesce(root_id, id) || '/' || revision"),
            new HandoverRows("order", "orders", "owner_id", "status in ('NEW', 'CONFIRMED') "
                    + "and not exists (select 1 from invoices i where i.order_id = orders.id)", "number"));

    private final JdbcClient jdbc;

    BillingHandover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Part> preview(long fromUserId) {
        return KINDS.stream().map(k -> k.preview(jdbc, fromUserId)).toList();
    }

    @Override
    public List<Moved> handOver(long fromUserId, long toUserId) {
        return KINDS.stream().map(k -> k.move(jdbc, fromUserId, toUserId)).toList();
    }
}
