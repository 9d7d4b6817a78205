package app.klient.activities.internal;

import java.util.List;

import app.klient.customers.HandoverParticipant;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Activities' part in a handover: the leaving person's tasks that are not done (with their reminders). */
@Component
@Order(20)
class TaskHandover implements HandoverParticipant {

    private final JdbcClient jdbc;

    TaskHandover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Part> preview(long fromUserId) {
        int count = jdbc.sql("select count(*) from tasks where assignee_id = :from and not done")
                .param("from", fromUserId).query(Integer.class).single();
        List<String> examples = jdbc.sql("select title from tasks where assignee_id = :from and not done "
                + "order by due_at, id limit 3").param("from", fromUserId).query(String.class).list();
        return List.of(new Part("task", count, examples));
    }

    @Override
    public List<Moved> handOver(long fromUserId, long toUserId) {
        List<Long> ids = jdbc.sql("""
                update tasks set assignee_id = :to, updated_at = now(), version = version + 1
                where assignee_id = :from and not done returning id""")
                .param("from", fromUserId).param("to", toUserId).query(Long.class).list();
        return List.of(new Moved("task", "task", "assigneeId", ids));
    }
}
