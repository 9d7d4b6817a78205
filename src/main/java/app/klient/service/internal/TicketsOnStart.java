package app.klient.service.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.identity.Role;
import app.klient.identity.StartSection;
import app.klient.platform.web.BarChart;
import app.klient.service.TicketPriority;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The start page's service-desk blocks for a support agent: my queue (open tickets assigned to me by priority, and the
 * unassigned ones in my categories and teams) and the tickets near or past their targets; for a manager, the team's
 * tickets near or past their targets.
 */
@Component
class TicketsOnStart implements StartSection {

    static final int SHOWN = 8;
    static final String OPEN = "('NEW', 'OPEN', 'REOPENED', 'WAITING')";
    /** Targets run in these; a ticket waiting for the customer is paused. */
    static final String RUNNING = "('NEW', 'OPEN', 'REOPENED')";

    private final JdbcClient jdbc;
    private final MessageSource messages;

    TicketsOnStart(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** A ticket as a line of the start page. */
    public record Line(long id, String number, String subject, String priority, String status, Instant dueAt,
            boolean breached, boolean late) {
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Part> forUser(Viewer viewer) {
        if (viewer.role() == Role.MANAGER) {
            return Optional.of(teamBreaches(viewer));
        }
        if (viewer.role() != Role.SUPPORT) {
            return Optional.empty();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("me", viewer.userId());
        params.put("teams", viewer.teamIds().isEmpty() ? List.of(-1L) : List.copyOf(viewer.teamIds()));
        params.put("limit", SHOWN);
        params.put("soon", Timestamp.from(Instant.now().plus(2, ChronoUnit.HOURS)));
        String unassigned = "t.assignee_id is null and (t.team_id in (:teams) or t.category in (select c.name from "
                + "ticket_categories c where c.active and (c.assignee_id = :me or c.team_id in (:teams))))";
        Map<String, Object> data = new HashMap<>();
        data.put("mine", lines("t.assignee_id = :me and t.status in " + OPEN, params));
        data.put("mineCount", count("t.assignee_id = :me and t.status in " + OPEN, params));
        data.put("unassigned", lines(unassigned + " and t.status in " + OPEN, params));
        data.put("unassignedCount", count(unassigned + " and t.status in " + OPEN, params));
        String near = "(t.assignee_id = :me or " + unassigned + ") and t.status in " + RUNNING
                + " and (t.breached or t.resolution_due_at < :soon"
                + " or (t.first_responded_at is null and t.first_response_due_at < :soon))";
        data.put("breaches", lines(near, params));
        data.put("breachCount", count(near, params));
        Map<String, Long> byPriority = new HashMap<>();
        jdbc.sql("select t.priority, count(*) from tickets t where t.assignee_id = :me and t.status in " + OPEN
                + " group by t.priority").params(params)
                .query((rs, n) -> byPriority.put(rs.getString(1), rs.getLong(2))).list();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (TicketPriority priority : List.of(TicketPriority.URGENT, TicketPriority.HIGH, TicketPriority.NORMAL,
                TicketPriority.LOW)) {
            bars.add(new BarChart.Bar(messages.getMessage("ticket.priority." + priority.name(), null,
                    priority.name(), LocaleContextHolder.getLocale()), "/tickets?view=mine",
                    BigDecimal.valueOf(byPriority.getOrDefault(priority.name(), 0L)), null));
        }
        data.put("priorities", BarChart.counts(bars));
        return Optional.of(new Part(5, "service/start", "queue", data, false));
    }

    /**
     * A manager's view of the desk: the tickets near or past their targets that their teams answer for (given to
     * one of the teams, or assigned to one of its members); a manager in no team oversees the whole desk.
     */
    private Part teamBreaches(Viewer viewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("teams", viewer.teamIds().isEmpty() ? List.of(-1L) : List.copyOf(viewer.teamIds()));
        params.put("limit", SHOWN);
        params.put("soon", Timestamp.from(Instant.now().plus(2, ChronoUnit.HOURS)));
        String theirs = viewer.teamIds().isEmpty() ? "true" : "(t.team_id in (:teams) or t.assignee_id in "
                + "(select ut.user_id from user_teams ut where ut.team_id in (:teams)))";
        String near = theirs + " and t.status in " + RUNNING + " and (t.breached or t.resolution_due_at < :soon"
                + " or (t.first_responded_at is null and t.first_response_due_at < :soon))";
        Map<String, Object> data = new HashMap<>();
        data.put("breaches", lines(near, params));
        data.put("breachCount", count(near, params));
        return new Part(6, "service/start", "teamBreaches", data, false);
    }

    private List<Line> lines(String where, Map<String, Object> params) {
        return jdbc.sql("select t.id, t.number, t.subject, t.priority, t.status, t.resolution_due_at, t.breached "
                + "from tickets t where " + where + " order by t.resolution_due_at, t.id limit :limit").params(params)
                .query(TicketsOnStart::line).list();
    }

    private long count(String where, Map<String, Object> params) {
        return jdbc.sql("select count(*) from tickets t where " + where).params(params).query(Long.class).single();
    }

    private static Line line(ResultSet rs, int n) throws SQLException {
        Timestamp due = rs.getTimestamp("resolution_due_at");
        String status = rs.getString("status");
        boolean late = due != null && due.toInstant().isBefore(Instant.now()) && !"WAITING".equals(status);
        return new Line(rs.getLong("id"), rs.getString("number"), rs.getString("subject"), rs.getString("priority"),
                status, due == null ? null : due.toInstant(), rs.getBoolean("breached"), late);
    }
}
