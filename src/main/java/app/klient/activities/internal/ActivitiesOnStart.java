package app.klient.activities.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.Activities;
import app.klient.activities.ActivityView;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
import app.klient.activities.TeamActivity;
import app.klient.identity.StartSection;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import org.springframework.stereotype.Component;

/**
 * The start page's activity blocks: today's tasks (and those overdue) and meetings for everybody who works with
 * customers; for a manager, the team's calls, meetings and e-mails of the last seven days per person and its overdue
 * tasks.
 */
@Component
class ActivitiesOnStart implements StartSection {

    static final int SHOWN = 8;

    private final Tasks tasks;
    private final Activities activities;
    private final TeamActivity teamActivity;
    private final Users users;

    ActivitiesOnStart(Tasks tasks, Activities activities, TeamActivity teamActivity, Users users) {
        this.tasks = tasks;
        this.activities = activities;
        this.teamActivity = teamActivity;
        this.users = users;
    }

    /**
     * One person's week as a stacked bar: calls, meetings and e-mails, each as a share (percent) of the busiest
     * person's total, so the bars compare.
     */
    public record Week(long userId, String name, long calls, long meetings, long emails, int callsWidth,
            int meetingsWidth, int emailsWidth) {

        public long total() {
            return calls + meetings + emails;
        }

        public int meetingsX() {
            return callsWidth;
        }

        public int emailsX() {
            return callsWidth + meetingsWidth;
        }
    }

    @Override
    public Optional<Part> forUser(Viewer viewer) {
        Map<String, Object> data = new HashMap<>();
        switch (viewer.role()) {
            case SALES, MARKETING, SUPPORT -> {
                today(viewer, data);
                return Optional.of(new Part(20, "activities/start", "today", data, false));
            }
            case MANAGER -> {
                today(viewer, data);
                List<Long> team = team(viewer);
                data.put("week", week(viewer));
                data.put("overdue", tasks.overdue(team, SHOWN));
                data.put("overdueCount", tasks.countOverdue(team));
                return Optional.of(new Part(20, "activities/start", "manager", data, false));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private void today(Viewer viewer, Map<String, Object> data) {
        LocalDate today = LocalDate.now(viewer.zone());
        Instant start = today.atStartOfDay(viewer.zone()).toInstant();
        List<TaskView> open = tasks.openUntil(viewer.userId(), today, viewer.zone());
        data.put("tasks", open.stream().limit(SHOWN).toList());
        data.put("taskCount", open.size());
        data.put("overdueMine", open.stream().filter(t -> t.dueAt().isBefore(start)).count());
        List<ActivityView> meetings = activities.meetingsOf(viewer.userId(), start,
                today.plusDays(1).atStartOfDay(viewer.zone()).toInstant());
        data.put("meetings", meetings.stream().limit(SHOWN).toList());
    }

    /** The manager's people: the active members of their teams, themselves included; everybody without a team. */
    private List<Long> team(Viewer viewer) {
        if (viewer.teamIds().isEmpty()) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (UserSummary user : users.activeUsers()) {
            if (user.id() == viewer.userId() || user.teams().stream().anyMatch(t -> viewer.teamIds().contains(t.id()))) {
                ids.add(user.id());
            }
        }
        return ids;
    }

    private List<Week> week(Viewer viewer) {
        Instant to = Instant.now();
        Instant from = to.minus(7, ChronoUnit.DAYS);
        Map<Long, TeamActivity.Row> rows = new LinkedHashMap<>();
        if (viewer.teamIds().isEmpty()) {
            teamActivity.between(from, to, null).forEach(r -> rows.put(r.userId(), r));
        }
        else {
            for (Long team : viewer.teamIds()) {
                teamActivity.between(from, to, team).forEach(r -> rows.putIfAbsent(r.userId(), r));
            }
        }
        long best = Math.max(1, rows.values().stream().mapToLong(r -> r.calls() + r.meetings() + r.emails()).max()
                .orElse(1));
        return rows.values().stream()
                .sorted((a, b) -> Long.compare(b.calls() + b.meetings() + b.emails(), a.calls() + a.meetings() + a.emails()))
                .limit(12)
                .map(r -> new Week(r.userId(), r.name(), r.calls(), r.meetings(), r.emails(), width(r.calls(), best),
                        width(r.meetings(), best), width(r.emails(), best)))
                .toList();
    }

    private static int width(long value, long best) {
        return (int) Math.round(value * 100.0 / best);
    }

}
