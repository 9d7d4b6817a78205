package app.klient.activities.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import app.klient.customers.HandoverRows;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Activities' part in a handover: the leaving person's tasks that are not done (with their reminders). */
@Component
@Order(20)
class TaskHandover implements HandoverParticipant {

    private static final List<HandoverRows> KINDS = List.of(
            new HandoverRows("task", "tasks", "assignee_id", "not done", "title"));

    private final JdbcClient jdbc;

    TaskHandover(JdbcClient jdbc) {
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
