package app.klient.projects.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.MyDaySection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On My day: the person's open tasks in projects still planned or under way, by project (what they wait for
 * marked), and the project's name beside each of their tasks that belongs to one.
 */
@Component
class ProjectsOnMyDay implements MyDaySection {

    static final int SHOWN = 30;

    private final JdbcClient jdbc;

    ProjectsOnMyDay(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One of the person's project tasks: {@code waiting} while the task it starts after is open. */
    public record MyTask(long id, String title, Instant dueAt, LocalDate startsOn, boolean waiting, boolean overdue,
            int version) {
    }

    public record MyProject(long id, String name, List<MyTask> tasks) {
    }

    @Override
    public Optional<Part> forUser(long userId, ZoneId zone) {
        Map<Long, MyProject> projects = new LinkedHashMap<>();
        Instant now = Instant.now();
        jdbc.sql("""
                select t.id, t.title, t.due_at, t.version, pt.starts_on, p.id as project_id, p.name,
                       coalesce(not b.done, false) as waiting
                from tasks t
                join project_tasks pt on pt.task_id = t.id
                join projects p on p.id = pt.project_id
                left join tasks b on b.id = pt.starts_after_task_id
                where t.assignee_id = :me and not t.done and p.status in ('PLANNED', 'ACTIVE')
                order by t.due_at, t.id
                limit :shown""").param("me", userId).param("shown", SHOWN).query((rs, n) -> {
                    Instant due = rs.getTimestamp("due_at").toInstant();
                    java.sql.Date starts = rs.getDate("starts_on");
                    MyTask task = new MyTask(rs.getLong("id"), rs.getString("title"), due,
                            starts == null ? null : starts.toLocalDate(), rs.getBoolean("waiting"), due.isBefore(now),
                            rs.getInt("version"));
                    projects.computeIfAbsent(rs.getLong("project_id"), id -> {
                        try {
                            return new MyProject(id, rs.getString("name"), new java.util.ArrayList<>());
                        }
                        catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).tasks().add(task);
                    return task;
                }).list();
        if (projects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Part(10, "projects/fragments", "myTasks", Map.of("projects",
                List.copyOf(projects.values()))));
    }

    @Override
    public Map<Long, Place> placesOf(Collection<Long> taskIds) {
        Map<Long, Place> places = new HashMap<>();
        if (taskIds.isEmpty()) {
            return places;
        }
        jdbc.sql("""
                select pt.task_id, p.id, p.name from project_tasks pt join projects p on p.id = pt.project_id
                where pt.task_id in (:ids)""").param("ids", taskIds)
                .query((rs, n) -> places.put(rs.getLong(1), new Place(rs.getString(3), "/projects/" + rs.getLong(2))))
                .list();
        return places;
    }
}
