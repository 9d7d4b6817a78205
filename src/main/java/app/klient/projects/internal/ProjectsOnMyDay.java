package app.klient.projects.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.MyDaySection;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
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
    private final Tasks tasks;

    ProjectsOnMyDay(JdbcClient jdbc, Tasks tasks) {
        this.jdbc = jdbc;
        this.tasks = tasks;
    }

    /** One of the person's project tasks: {@code waiting} while the task it starts after is open. */
    public record MyTask(TaskView task, LocalDate startsOn, boolean waiting) {
    }

    public record MyProject(long id, String name, List<MyTask> tasks) {
    }

    @Override
    public Optional<Part> forUser(long userId, ZoneId zone) {
        record Row(long task, LocalDate startsOn, boolean waiting, long project, String name) {
        }
        List<Row> rows = jdbc.sql("""
                select t.id, pt.starts_on, coalesce(not b.done, false) as waiting, p.id as project_id, p.name
                from tasks t
                join project_tasks pt on pt.task_id = t.id
                join projects p on p.id = pt.project_id
                left join tasks b on b.id = pt.starts_after_task_id
                where t.assignee_id = :me and not t.done and p.status in ('PLANNED', 'ACTIVE')
                order by t.due_at, t.id
                limit :shown""").param("me", userId).param("shown", SHOWN)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate(),
                        rs.getBoolean(3), rs.getLong(4), rs.getString(5)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, TaskView> tasks = new HashMap<>();
        this.tasks.byIds(rows.stream().map(Row::task).toList()).forEach(t -> tasks.put(t.id(), t));
        Map<Long, MyProject> projects = new LinkedHashMap<>();
        for (Row row : rows) {
            TaskView task = tasks.get(row.task());
            if (task != null) {
                projects.computeIfAbsent(row.project(), id -> new MyProject(id, row.name(), new java.util.ArrayList<>()))
                        .tasks().add(new MyTask(task, row.startsOn(), row.waiting()));
            }
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
