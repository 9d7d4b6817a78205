package app.klient.activities;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.sales.Deals;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What each salesperson did in a period: calls, meetings, e-mails, deals moved, tasks done and overdue. */
@Service
public class TeamActivity {

    /** One person's figures. */
    public record Row(long userId, String name, long calls, long meetings, long emails, long dealsMoved,
            long tasksDone, long tasksOverdue) {

        public long total() {
            return calls + meetings + emails + dealsMoved + tasksDone;
        }
    }

    private final JdbcClient jdbc;
    private final Users users;
    private final Deals deals;

    TeamActivity(JdbcClient jdbc, Users users, Deals deals) {
        this.jdbc = jdbc;
        this.users = users;
        this.deals = deals;
    }

    @Transactional(readOnly = true)
    public List<Row> between(Instant from, Instant to, Long teamId) {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "teamActivity.forbidden");
        }
        Map<Long, Map<String, Long>> byType = new HashMap<>();
        jdbc.sql("""
                select owner_id, type, count(*) from activities
                where owner_id is not null and occurred_at >= :from and occurred_at < :to group by owner_id, type""")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> byType.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getLong(3))).list();
        Map<Long, Long> done = counts("""
                select assignee_id, count(*) from tasks where done and done_at >= :from and done_at < :to
                group by assignee_id""", from, to);
        Map<Long, Long> overdue = counts("""
                select assignee_id, count(*) from tasks where not done and due_at < now()
                  and due_at >= :from and due_at < :to group by assignee_id""", from, to);
        Map<Long, Long> moved = deals.movesByPerson(from, to);
        List<Row> rows = new ArrayList<>();
        for (UserSummary user : users.activeUsers()) {
            if (teamId != null && user.teams().stream().noneMatch(t -> t.id() == teamId)) {
                continue;
            }
            if (teamId == null && user.role() != Role.SALES && user.role() != Role.MANAGER) {
                continue;
            }
            Map<String, Long> types = byType.getOrDefault(user.id(), Map.of());
            rows.add(new Row(user.id(), user.name(), types.getOrDefault("CALL", 0L),
                    types.getOrDefault("MEETING", 0L) + types.getOrDefault("VISIT", 0L),
                    types.getOrDefault("EMAIL", 0L), moved.getOrDefault(user.id(), 0L), done.getOrDefault(user.id(), 0L),
                    overdue.getOrDefault(user.id(), 0L)));
        }
        rows.sort(java.util.Comparator.comparingLong(Row::total).reversed());
        return rows;
    }

    private Map<Long, Long> counts(String sql, Instant from, Instant to) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.sql(sql).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2))).list();
        return counts;
    }
}
