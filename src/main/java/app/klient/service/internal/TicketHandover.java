package app.klient.service.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import app.klient.customers.HandoverRows;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The service desk's part in a handover: tickets assigned to the leaving person that are not resolved or closed. */
@Component
@Order(30)
class TicketHandover implements HandoverParticipant {

    private static final List<HandoverRows> KINDS = List.of(new HandoverRows("ticket", "tickets", "assignee_id",
            "status in ('NEW', 'OPEN', 'WAITING', 'REOPENED')", "number || ' ' || subject"));

    private final JdbcClient jdbc;

    TicketHandover(JdbcClient jdbc) {
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
