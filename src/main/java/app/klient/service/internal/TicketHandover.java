package app.klient.service.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The service desk's part in a handover: tickets assigned to the leaving person that are not resolved or closed. */
@Component
@Order(30)
class TicketHandover implements HandoverParticipant {

    private static final String OPEN = "assignee_id = :from and status in ('NEW', 'OPEN', 'WAITING', 'REOPENED')";

    private final JdbcClient jdbc;

    TicketHandover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Part> preview(long fromUserId) {
        int count = jdbc.sql("select count(*) from tickets where " + OPEN).param("from", fromUserId)
                .query(Integer.class).single();
        List<String> examples = jdbc.sql("select number || ' ' || subject from tickets where " + OPEN
                + " order by id limit 3").param("from", fromUserId).query(String.class).list();
        return List.of(new Part("ticket", count, examples));
    }

    @Override
    public List<Moved> handOver(long fromUserId, long toUserId) {
        List<Long> ids = jdbc.sql("update tickets set assignee_id = :to, updated_at = now(), version = version + 1 "
                + "where " + OPEN + " returning id").param("from", fromUserId).param("to", toUserId)
                .query(Long.class).list();
        return List.of(new Moved("ticket", "ticket", "assigneeId", ids));
    }
}
