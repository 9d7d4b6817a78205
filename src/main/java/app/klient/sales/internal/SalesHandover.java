package app.klient.sales.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import app.klient.customers.HandoverRows;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sales' part in a handover: the leaving person's open deals and the leads not yet converted or disqualified. */
@Component
@Order(10)
class SalesHandover implements HandoverParticipant {

    private static final List<HandoverRows> KINDS = List.of(
            new HandoverRows("deal", "deals", "owner_id", "status = 'OPEN'", "name"),
            new HandoverRows("lead", "leads", "owner_id", "status in ('NEW', 'CONTACTED', 'QUALIFIED')",
                    "coalesce(company_name, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), email, "
                            + "phone)"));

    private final JdbcClient jdbc;

    SalesHandover(JdbcClient jdbc) {
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
