package app.klient.activities;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.activities.internal.Related;
import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks with due times and reminders. The reminder's moment is kept on the task ({@code remind_at}); the reminder
 * job sends what is due. Everybody may give a colleague a task; the assignee, its author, managers and administrators
 * change it.
 */
@Service
public class Tasks {

    private final JdbcClient jdbc;
    private final Related related;
    private final Users users;
    private final Versions versions;
    private final AuditLog audit;

    Tasks(JdbcClient jdbc, Related related, Users users, Versions versions, AuditLog audit) {
        this.versions = versions;
        this.audit = audit;
        this.jdbc = jdbc;
        this.related = related;
        this.users = users;
    }

    @Transactional
    public TaskView create(TaskForm form) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "task.forbidden");
        }
        Checked checked = check(form);
        long id = jdbc.sql("""
                insert into tasks (title, description, due_at, priority, assignee_id, contact_id, company_id, deal_id,
                    lead_id, ticket_id, reminder_minutes_before, remind_at, done, done_at, created_by)
                values (:title, :description, :due, :priority, :assignee, :contact, :company, :deal, :lead, :ticket,
                    :minutes, :remindAt, :done, case when :done then now() end, :by) returning id""")
                .paramSource(params(form, checked).addValue("by", CurrentUser.id())).query(Long.class).single();
        return get(id);
    }

    /**
     * A task Klient gives someone by itself, with nobody signed in (a customer's poor survey answer to call back):
     * the form names its assignee; it has no author.
     */
    @Transactional
    public TaskView createAutomatically(TaskForm form) {
        java.util.Objects.requireNonNull(form.assigneeId(), "a task Klient makes names its assignee");
        Checked checked = check(form);
        long id = jdbc.sql("""
                insert into tasks (title, description, due_at, priority, assignee_id, contact_id, company_id, deal_id,
                    lead_id, ticket_id, reminder_minutes_before, remind_at, done, done_at)
                values (:title, :description, :due, :priority, :assignee, :contact, :company, :deal, :lead, :ticket,
                    :minutes, :remindAt, :done, case when :done then now() end) returning id""")
                .paramSource(params(form, checked)).query(Long.class).single();
        return get(id);
    }

    @Transactional
    public TaskView update(long id, TaskForm form) {
        TaskView task = editable(id, form.version());
        Checked checked = check(form);
        boolean moved = !task.dueAt().equals(checked.due().toInstant())
                || !java.util.Objects.equals(task.reminderMinutesBefore(), form.reminderMinutesBefore());
        versions.change("tasks", id, form.version()).set("""
                title = :title, description = :description, due_at = :due, priority = :priority,
                assignee_id = :assignee, contact_id = :contact, company_id = :company, deal_id = :deal,
                lead_id = :lead, ticket_id = :ticket, reminder_minutes_before = :minutes, remind_at = :remindAt,
                reminded_at = case when :moved then null else reminded_at end, done = :done,
                done_at = case when :done then coalesce(done_at, now()) end, updated_at = now()""")
                .params(params(form, checked).addValue("moved", moved).getValues()).notFound("task.notFound")
                .apply();
        return get(id);
    }

    /** Ticks a task off, or back on. */
    @Transactional
    public TaskView setDone(long id, boolean done, Integer version) {
        editable(id, version);
        versions.change("tasks", id, version)
                .set("done = :done, done_at = case when :done then now() end, updated_at = now()")
                .param("done", done).notFound("task.notFound").apply();
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        TaskView task = editable(id, get(id).version());
        jdbc.sql("delete from tasks where id = :id").param("id", id).update();
        audit.record(AuditAction.DELETE, "task", id, task.title(), List.of(new FieldChange("title", task.title(), null),
                new FieldChange("assigneeId", String.valueOf(task.assigneeId()), null),
                new FieldChange("dueAt", task.dueAt().toString(), null)));
    }

    @Transactional(readOnly = true)
    public TaskView get(long id) {
        return jdbc.sql("select t.*, u.name as assignee_name from tasks t join users u on u.id = t.assignee_id "
                + "where t.id = :id").param("id", id).query(Tasks::view).optional()
                .orElseThrow(() -> KlientException.notFound("task.notFound"));
    }

    /** The tasks with these ids (those that exist), for a module that ties tasks to its own records. */
    @Transactional(readOnly = true)
    public List<TaskView> byIds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select t.*, u.name as assignee_name from tasks t join users u on u.id = t.assignee_id "
                + "where t.id = any(:ids)").param("ids", ids.toArray(Long[]::new)).query(Tasks::view).list();
    }

    public record Query(Long assigneeId, Boolean done, Instant dueFrom, Instant dueTo, Long companyId,
            Long contactId, Long dealId) {
    }

    /** The list's filters as SQL over tasks {@code t}, starting with " where", their values put in {@code params}. */
    static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        add(where, params, "t.assignee_id", "assignee", query.assigneeId());
        add(where, params, "t.done", "done", query.done());
        add(where, params, "t.company_id", "company", query.companyId());
        add(where, params, "t.contact_id", "contact", query.contactId());
        add(where, params, "t.deal_id", "deal", query.dealId());
        if (query.dueFrom() != null) {
            where.append(" and t.due_at >= :dueFrom");
            params.put("dueFrom", Timestamp.from(query.dueFrom()));
        }
        if (query.dueTo() != null) {
            where.append(" and t.due_at < :dueTo");
            params.put("dueTo", Timestamp.from(query.dueTo()));
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<TaskView> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<TaskView> rows = jdbc.sql("select t.*, u.name as assignee_name from tasks t join users u on "
                + "u.id = t.assignee_id" + where + " order by t.done, t.due_at, t.id limit :limit offset :offset")
                .params(paged).query(Tasks::view).list();
        return CountedPage.of(rows, page, jdbc, "from tasks t" + where, params);
    }

    /** A person's open tasks due before the end of a day (so overdue ones too), for "my day". */
    @Transactional(readOnly = true)
    public List<TaskView> openUntil(long userId, LocalDate day, ZoneId zone) {
        return jdbc.sql("select t.*, u.name as assignee_name from tasks t join users u on u.id = t.assignee_id "
                + "where t.assignee_id = :user and not t.done and t.due_at < :end order by t.due_at, t.id limit 200")
                .param("user", userId).param("end", Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant()))
                .query(Tasks::view).list();
    }

    /** Open tasks past their due time, of these people (null: everybody's), the longest overdue first. */
    @Transactional(readOnly = true)
    public List<TaskView> overdue(java.util.Collection<Long> assignees, int limit) {
        return jdbc.sql("select t.*, u.name as assignee_name from tasks t join users u on u.id = t.assignee_id "
                + "where not t.done and t.due_at < now()" + (assignees == null ? "" : " and t.assignee_id in (:ids)")
                + " order by t.due_at, t.id limit :limit").params(overdueParams(assignees)).param("limit", limit)
                .query(Tasks::view).list();
    }

    @Transactional(readOnly = true)
    public long countOverdue(java.util.Collection<Long> assignees) {
        return jdbc.sql("select count(*) from tasks t where not t.done and t.due_at < now()"
                + (assignees == null ? "" : " and t.assignee_id in (:ids)")).params(overdueParams(assignees))
                .query(Long.class).single();
    }

    private static Map<String, Object> overdueParams(java.util.Collection<Long> assignees) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (assignees != null) {
            params.put("ids", assignees.isEmpty() ? List.of(-1L) : List.copyOf(assignees));
        }
        return params;
    }

    private record Checked(long assignee, Long company, java.time.OffsetDateTime due, Instant remindAt) {
    }

    private Checked check(TaskForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        long assignee = form.assigneeId() == null ? CurrentUser.id() : form.assigneeId();
        users.ownerProblem(assignee).ifPresent(key -> errors.add("assigneeId", key));
        Long company = related.check(form.contactId(), form.companyId(), form.dealId(), form.leadId(),
                form.ticketId(), errors);
        if (form.dueAt().getYear() < 2000 || form.dueAt().getYear() > 2200) {
            errors.add("dueAt", "task.dueAt.invalid");
        }
        errors.throwIfAny();
        Instant remindAt = form.reminderMinutesBefore() == null ? null
                : form.dueAt().toInstant().minusSeconds(60L * form.reminderMinutesBefore());
        return new Checked(assignee, company, form.dueAt(), remindAt);
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(TaskForm form,
            Checked checked) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("title", form.title().strip())
                .addValue("description", form.description() == null || form.description().isBlank() ? null
                        : form.description().strip())
                .addValue("due", Timestamp.from(checked.due().toInstant()))
                .addValue("priority", (form.priority() == null ? Priority.NORMAL : form.priority()).name())
                .addValue("assignee", checked.assignee()).addValue("contact", form.contactId())
                .addValue("company", checked.company()).addValue("deal", form.dealId())
                .addValue("lead", form.leadId()).addValue("ticket", form.ticketId())
                .addValue("minutes", form.reminderMinutesBefore())
                .addValue("remindAt", checked.remindAt() == null ? null : Timestamp.from(checked.remindAt()))
                .addValue("done", Boolean.TRUE.equals(form.done()));
    }

    private TaskView editable(long id, Integer version) {
        TaskView task = get(id);
        long me = CurrentUser.id();
        Long author = jdbc.sql("select created_by from tasks where id = :id").param("id", id).query(Long.class)
                .optional().orElse(null);
        if (task.assigneeId() != me && !java.util.Objects.equals(author, me)
                && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "task.forbidden");
        }
        Versions.check(version, task.version());
        return task;
    }

    private static void add(StringBuilder where, Map<String, Object> params, String column, String name,
            Object value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    private static TaskView view(ResultSet rs, int n) throws SQLException {
        Instant due = rs.getTimestamp("due_at").toInstant();
        boolean done = rs.getBoolean("done");
        return new TaskView(rs.getLong("id"), rs.getString("title"), rs.getString("description"), due,
                Priority.valueOf(rs.getString("priority")), rs.getLong("assignee_id"), rs.getString("assignee_name"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"), (Long) rs.getObject("deal_id"),
                (Long) rs.getObject("lead_id"), (Long) rs.getObject("ticket_id"),
                (Integer) rs.getObject("reminder_minutes_before"), instant(rs, "remind_at"),
                instant(rs, "reminded_at"), done, instant(rs, "done_at"), !done && due.isBefore(Instant.now()),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
