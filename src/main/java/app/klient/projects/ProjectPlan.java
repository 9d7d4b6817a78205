package app.klient.projects;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's plan: milestones with dates, and tasks — ordinary tasks (assignee, due date, reminder, My day) tied to
 * the project, optionally to a milestone, with the day they start and the task they start after. Those who may change
 * the project plan it; a task waiting for an unfinished one is shown as blocked.
 */
@Service
public class ProjectPlan {

    /** A task is due at the end of its day in its assignee's time zone. */
    static final LocalTime END_OF_DAY = LocalTime.of(17, 0);

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Tasks tasks;
    private final Users users;
    private final Versions versions;
    private final WorkDays workDays;

    ProjectPlan(JdbcClient jdbc, Projects projects, Tasks tasks, Users users, Versions versions, WorkDays workDays) {
        this.workDays = workDays;
        this.jdbc = jdbc;
        this.projects = projects;
        this.tasks = tasks;
        this.users = users;
        this.versions = versions;
    }

    public record MilestoneForm(String name, LocalDate dueOn, Integer version) {
    }

    public record MilestoneView(long id, long projectId, String name, LocalDate dueOn, Instant doneAt, int version,
            long tasks, long tasksDone, boolean late) {
    }

    /**
     * A task of the project: what any task has, and the day it starts, the milestone it belongs to, the task it
     * starts after and its estimate in hours.
     */
    public record ProjectTaskForm(String title, String description, Long assigneeId, LocalDate startsOn,
            LocalDate dueOn, Long milestoneId, Long startsAfterTaskId, BigDecimal estimateHours, Priority priority,
            Integer reminderMinutesBefore) {
    }

    /** A task of the project as read; {@code blocked}: it starts after a task not yet done. */
    public record ProjectTask(TaskView task, Long milestoneId, LocalDate startsOn, Long startsAfterTaskId,
            Integer estimateMinutes, boolean blocked) {
    }

    // ------------------------------------------------------------------------------------------------ milestones

    @Transactional
    public MilestoneView addMilestone(long projectId, MilestoneForm form) {
        projects.changeable(projectId);
        checkMilestone(form);
        long id = jdbc.sql("""
                insert into project_milestones (project_id, name, due_on, position)
                values (:project, :name, :due,
                    (select coalesce(max(position), 0) + 1 from project_milestones where project_id = :project))
                returning id""").param("project", projectId).param("name", form.name().strip())
                .param("due", Date.valueOf(form.dueOn())).query(Long.class).single();
        return milestone(projectId, id);
    }

    @Transactional
    public MilestoneView updateMilestone(long projectId, long id, MilestoneForm form) {
        projects.changeable(projectId);
        MilestoneView current = milestone(projectId, id);
        Versions.check(form.version(), current.version());
        checkMilestone(form);
        versions.change("project_milestones", id, form.version()).set("name = :name, due_on = :due")
                .param("name", form.name().strip()).param("due", Date.valueOf(form.dueOn()))
                .notFound("project.milestone.notFound").apply();
        return milestone(projectId, id);
    }

    /** Marks a milestone reached, or not yet. */
    @Transactional
    public MilestoneView reach(long projectId, long id, boolean reached, Integer version) {
        projects.changeable(projectId);
        Versions.required(version);
        MilestoneView current = milestone(projectId, id);
        Versions.check(version, current.version());
        versions.change("project_milestones", id, version)
                .set("done_at = case when :reached then coalesce(done_at, now()) end").param("reached", reached)
                .notFound("project.milestone.notFound").apply();
        return milestone(projectId, id);
    }

    /** Removes a milestone; its tasks stay in the project without one. */
    @Transactional
    public void removeMilestone(long projectId, long id) {
        projects.changeable(projectId);
        milestone(projectId, id);
        jdbc.sql("delete from project_milestones where id = :id").param("id", id).update();
    }

    @Transactional(readOnly = true)
    public List<MilestoneView> milestones(long projectId) {
        projects.get(projectId);
        return jdbc.sql(MILESTONES + " where m.project_id = :project order by m.due_on, m.position, m.id")
                .param("project", projectId).query((rs, n) -> milestone(rs)).list();
    }

    private MilestoneView milestone(long projectId, long id) {
        return jdbc.sql(MILESTONES + " where m.project_id = :project and m.id = :id").param("project", projectId)
                .param("id", id).query((rs, n) -> milestone(rs)).optional()
                .orElseThrow(() -> KlientException.notFound("project.milestone.notFound"));
    }

    private static final String MILESTONES = """
            select m.*, (select count(*) from project_tasks pt where pt.milestone_id = m.id) as tasks,
                   (select count(*) from project_tasks pt join tasks t on t.id = pt.task_id
                    where pt.milestone_id = m.id and t.done) as tasks_done
            from project_milestones m""";

    private static MilestoneView milestone(java.sql.ResultSet rs) throws java.sql.SQLException {
        LocalDate due = Projects.date(rs, "due_on");
        Instant done = Projects.instant(rs, "done_at");
        return new MilestoneView(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"), due, done,
                rs.getInt("version"), rs.getLong("tasks"), rs.getLong("tasks_done"),
                done == null && due.isBefore(LocalDate.now()));
    }

    private static void checkMilestone(MilestoneForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty()) {
            errors.add("name", "project.milestone.name.required");
        }
        else if (name.length() > Projects.NAME_MAX) {
            errors.add("name", "error.tooLong", Projects.NAME_MAX);
        }
        if (form.dueOn() == null) {
            errors.add("dueOn", "project.milestone.dueOn.required");
        }
        else if (form.dueOn().getYear() < 2000 || form.dueOn().getYear() > 2100) {
            errors.add("dueOn", "project.date.invalid");
        }
        errors.throwIfAny();
    }

    // ------------------------------------------------------------------------------------------------ tasks

    /** Adds a task to the project: a task for its assignee (the reader when left out) on the project's customer. */
    @Transactional
    public ProjectTask addTask(long projectId, ProjectTaskForm form) {
        ProjectView project = projects.changeable(projectId);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String title = form.title() == null ? "" : form.title().strip();
        if (title.isEmpty()) {
            errors.add("title", "error.required");
        }
        else if (title.length() > Projects.NAME_MAX) {
            errors.add("title", "error.tooLong", Projects.NAME_MAX);
        }
        if (form.description() != null && form.description().length() > Projects.TEXT_MAX) {
            errors.add("description", "error.tooLong", Projects.TEXT_MAX);
        }
        if (form.reminderMinutesBefore() != null
                && (form.reminderMinutesBefore() < 0 || form.reminderMinutesBefore() > 40320)) {
            errors.add("reminderMinutesBefore", "project.reminder.invalid");
        }
        if (form.milestoneId() != null && jdbc.sql("""
                select count(*) from project_milestones where id = :id and project_id = :project""")
                .param("id", form.milestoneId()).param("project", projectId).query(Long.class).single() == 0) {
            errors.add("milestoneId", "project.milestone.notFound");
        }
        LocalDate after = null;
        if (form.startsAfterTaskId() != null) {
            after = jdbc.sql("""
                    select cast(t.due_at as date) from project_tasks pt join tasks t on t.id = pt.task_id
                    where pt.task_id = :task and pt.project_id = :project""").param("task", form.startsAfterTaskId())
                    .param("project", projectId).query(LocalDate.class).optional().orElse(null);
            if (after == null) {
                errors.add("startsAfterTaskId", "project.task.notInProject");
            }
        }
        if (form.dueOn() == null) {
            errors.add("dueOn", "project.task.dueOn.required");
        }
        else if (form.dueOn().getYear() < 2000 || form.dueOn().getYear() > 2100) {
            errors.add("dueOn", "project.date.invalid");
        }
        LocalDate starts = form.startsOn() != null ? form.startsOn() : after == null ? null : workDays.after(after, 1);
        if (after != null && form.startsOn() != null && !form.startsOn().isAfter(after)) {
            // a task that waits for another starts once that one is due, not before
            errors.add("startsOn", "project.task.startsBeforeAfter", workDays.after(after, 1));
        }
        if (starts != null && form.dueOn() != null && form.dueOn().isBefore(starts)) {
            errors.add("dueOn", "project.dueOn.beforeStart");
        }
        Integer estimate = null;
        if (form.estimateHours() != null) {
            if (form.estimateHours().signum() < 0 || form.estimateHours().compareTo(BigDecimal.valueOf(100_000)) > 0) {
                errors.add("estimateHours", "project.estimate.invalid");
            }
            else {
                estimate = form.estimateHours().multiply(BigDecimal.valueOf(60))
                        .setScale(0, java.math.RoundingMode.HALF_UP).intValue();
            }
        }
        errors.throwIfAny();
        Long assignee = form.assigneeId();
        ZoneId zone = zoneOf(assignee != null ? assignee : app.klient.identity.CurrentUser.id());
        TaskView task = tasks.create(new TaskForm(title, form.description(),
                form.dueOn().atTime(END_OF_DAY).atZone(zone).toOffsetDateTime(),
                form.priority() == null ? Priority.NORMAL : form.priority(), assignee,
                project.contactId(), project.companyId(), project.dealId(),
                null, null, form.reminderMinutesBefore(), false, null));
        jdbc.sql("""
                insert into project_tasks (task_id, project_id, milestone_id, starts_on, starts_after_task_id,
                    estimate_minutes)
                values (:task, :project, :milestone, :starts, :after, :estimate)""").param("task", task.id())
                .param("project", projectId).param("milestone", form.milestoneId())
                .param("starts", starts == null ? null : Date.valueOf(starts))
                .param("after", form.startsAfterTaskId()).param("estimate", estimate).update();
        return tasks(projectId).stream().filter(t -> t.task().id() == task.id()).findFirst().orElseThrow();
    }

    /** The project's tasks in the order they start (then are due). */
    @Transactional(readOnly = true)
    public List<ProjectTask> tasks(long projectId) {
        projects.get(projectId);
        record Link(long task, Long milestone, LocalDate starts, Long after, Integer estimate) {
        }
        List<Link> links = jdbc.sql("""
                select task_id, milestone_id, starts_on, starts_after_task_id, estimate_minutes from project_tasks
                where project_id = :project""").param("project", projectId)
                .query((rs, n) -> new Link(rs.getLong(1), (Long) rs.getObject(2), Projects.date(rs, "starts_on"),
                        (Long) rs.getObject(4), (Integer) rs.getObject(5)))
                .list();
        Map<Long, TaskView> byId = new HashMap<>();
        for (TaskView task : tasks.byIds(links.stream().map(Link::task).toList())) {
            byId.put(task.id(), task);
        }
        List<ProjectTask> out = new ArrayList<>();
        for (Link link : links) {
            TaskView task = byId.get(link.task());
            if (task == null) {
                continue;
            }
            TaskView before = link.after() == null ? null : byId.get(link.after());
            out.add(new ProjectTask(task, link.milestone(), link.starts(), link.after(), link.estimate(),
                    before != null && !before.done()));
        }
        out.sort(java.util.Comparator.comparing((ProjectTask t) -> t.startsOn() == null
                ? LocalDate.ofInstant(t.task().dueAt(), ZoneId.of("UTC")) : t.startsOn())
                .thenComparing(t -> t.task().dueAt()));
        return out;
    }

    private ZoneId zoneOf(long userId) {
        String zone = users.get(userId).timeZone();
        try {
            return zone == null ? ZoneId.of("Europe/Warsaw") : ZoneId.of(zone);
        }
        catch (java.time.DateTimeException e) {
            return ZoneId.of("Europe/Warsaw");
        }
    }
}
