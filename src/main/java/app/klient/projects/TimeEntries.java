package app.klient.projects;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Time people log on a project (optionally on one of its tasks): a day, minutes, a note, billable or not. The
 * project's team logs their own time; a person changes or removes their own entries (managers anyone's) until the
 * entry is invoiced.
 */
@Service
public class TimeEntries {

    /** A day's work at most: a larger figure is a typing mistake. */
    static final int DAY_MINUTES = 1440;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Versions versions;
    private final app.klient.billing.Orders orders;
    private final app.klient.catalog.Products products;

    /** The units a service sold by the hour is kept in (Klient's own and as people type them in three languages). */
    private static final java.util.Set<String> HOURS = java.util.Set.of("h", "hr", "hrs", "hour", "hours", "godz",
            "godz.", "godzina", "godziny", "hod", "hod.", "hodina", "hodiny");

    TimeEntries(JdbcClient jdbc, Projects projects, Versions versions, app.klient.billing.Orders orders,
            app.klient.catalog.Products products) {
        this.products = products;
        this.jdbc = jdbc;
        this.projects = projects;
        this.versions = versions;
        this.orders = orders;
    }

    /**
     * Bills the project's billable time not billed yet: an order for its customer with one line per task (and one
     * for time on no task) in hours of {@code productId} — a service such as "Consulting hour" — priced by the
     * catalog and the customer's price list, as any order line. The invoice is then issued from the order (its
     * form comes filled in, to check before issuing). The entries billed are fixed while the order stands; cancelling
     * the order gives them back to bill again. Answers the order.
     */
    @Transactional
    public app.klient.billing.OrderView bill(long projectId, Long productId) {
        ProjectView project = projects.changeable(projectId);
        if (productId == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("productId", "time.product.required")));
        }
        app.klient.catalog.ProductView product;
        try {
            product = products.get(productId);
        }
        catch (KlientException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("productId", "time.product.required")));
        }
        if (!billsHours(product)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("productId", "time.product.notHourly")));
        }
        record Unbilled(long id, String task, int minutes) {
        }
        List<Unbilled> entries = jdbc.sql("""
                select e.id, t.title, e.minutes from time_entries e left join tasks t on t.id = e.task_id
                where e.project_id = :project and e.billable and """ + UNBILLED + """
                order by t.title nulls last, e.id for update of e""").param("project", projectId)
                .query((rs, n) -> new Unbilled(rs.getLong(1), rs.getString(2), rs.getInt(3))).list();
        if (entries.isEmpty()) {
            throw KlientException.conflict("time.nothingToBill");
        }
        java.util.Map<String, Integer> byTask = new java.util.LinkedHashMap<>();
        entries.forEach(e -> byTask.merge(e.task() == null ? "" : e.task(), e.minutes(), Integer::sum));
        List<app.klient.billing.LineForm> lines = byTask.entrySet().stream()
                .map(t -> new app.klient.billing.LineForm(productId, line(project.name(), t.getKey()),
                        java.math.BigDecimal.valueOf(t.getValue()).divide(java.math.BigDecimal.valueOf(60), 3,
                                java.math.RoundingMode.HALF_UP), null, null, null, null))
                .toList();
        app.klient.billing.OrderView order;
        try {
            order = orders.place(new app.klient.billing.OrderForm(project.companyId(), project.contactId(),
                    project.dealId(), project.currency(), null, lines, null, null, null)).order();
        }
        catch (InvalidFields e) {
            // the order's lines are the service's: say it of the service, in the project's currency
            if (e.errors().stream().anyMatch(f -> "line.noPrice".equals(f.messageKey()))) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("productId", "time.product.noPrice",
                        project.currency())));
            }
            throw e;
        }
        jdbc.sql("""
                update time_entries set order_id = :order, version = version + 1, updated_at = now()
                where id = any(:ids)""").param("order", order.id())
                .param("ids", entries.stream().map(Unbilled::id).toArray(Long[]::new)).update();
        return order;
    }

    /**
     * Whether time is still to bill: on no order, or on one that was cancelled (which gives it back). A billed
     * entry's order stands. (Projects sums the unbilled time with the same condition.)
     */
    static final String UNBILLED = """
            (e.order_id is null or exists (select 1 from orders o where o.id = e.order_id and o.status = 'CANCELLED'))
            """;

    /** A service sold by the hour: the only product time is billed as. */
    public static boolean billsHours(app.klient.catalog.ProductView product) {
        return product.kind() == app.klient.catalog.ProductKind.SERVICE && product.unit() != null
                && HOURS.contains(product.unit().strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String line(String project, String task) {
        String text = task.isEmpty() ? project : project + " — " + task;
        return text.length() > 300 ? text.substring(0, 299) + "…" : text;
    }

    public record TimeEntryForm(Long taskId, LocalDate workedOn, Integer minutes, String note, Boolean billable,
            Integer version) {
    }

    /** {@code orderId}/{@code orderNumber}: the order the time is billed on while it stands (not cancelled). */
    public record TimeEntryView(long id, long projectId, Long taskId, String taskTitle, long userId, String userName,
            LocalDate workedOn, int minutes, String note, boolean billable, Long orderId, String orderNumber,
            Instant createdAt, int version) {

        /** Whether the reader may change or remove it: their own (a manager's: anyone's), not billed. */
        public boolean changeable() {
            return orderId == null && (Projects.managesAll() || userId == CurrentUser.id());
        }
    }

    /** The time of one person on the project: all of it and the billable part, in minutes. */
    public record PersonTotal(long userId, String userName, long minutes, long billableMinutes) {
    }

    @Transactional
    public TimeEntryView log(long projectId, TimeEntryForm form) {
        projects.changeable(projectId);
        check(projectId, form, CurrentUser.id(), null);
        long id = jdbc.sql("""
                insert into time_entries (project_id, task_id, user_id, worked_on, minutes, note, billable)
                values (:project, :task, :user, :day, :minutes, :note, :billable) returning id""")
                .param("project", projectId).param("task", form.taskId()).param("user", CurrentUser.id())
                .param("day", Date.valueOf(form.workedOn())).param("minutes", form.minutes())
                .param("note", note(form)).param("billable", form.billable() == null || form.billable())
                .query(Long.class).single();
        return get(projectId, id);
    }

    @Transactional
    public TimeEntryView update(long projectId, long id, TimeEntryForm form) {
        TimeEntryView entry = changeable(projectId, id);
        Versions.check(form.version(), entry.version());
        check(projectId, form, entry.userId(), id);
        versions.change("time_entries", id, form.version()).set("""
                task_id = :task, worked_on = :day, minutes = :minutes, note = :note, billable = :billable,
                updated_at = now()""").param("task", form.taskId()).param("day", Date.valueOf(form.workedOn()))
                .param("minutes", form.minutes()).param("note", note(form))
                .param("billable", form.billable() == null || form.billable()).notFound("time.notFound").apply();
        return get(projectId, id);
    }

    @Transactional
    public void remove(long projectId, long id) {
        changeable(projectId, id);
        jdbc.sql("delete from time_entries where id = :id").param("id", id).update();
    }

    /** The project's entries, newest day first. */
    @Transactional(readOnly = true)
    public List<TimeEntryView> list(long projectId, int limit) {
        projects.get(projectId);
        return jdbc.sql(SELECT + " where e.project_id = :project order by e.worked_on desc, e.id desc limit :limit")
                .param("project", projectId).param("limit", Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> view(rs)).list();
    }

    /** Who logged how much on the project. */
    @Transactional(readOnly = true)
    public List<PersonTotal> byPerson(long projectId) {
        projects.get(projectId);
        return jdbc.sql("""
                select u.id, u.name, sum(e.minutes), coalesce(sum(e.minutes) filter (where e.billable), 0)
                from time_entries e join users u on u.id = e.user_id where e.project_id = :project
                group by u.id, u.name order by sum(e.minutes) desc""").param("project", projectId)
                .query((rs, n) -> new PersonTotal(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    @Transactional(readOnly = true)
    public TimeEntryView get(long projectId, long id) {
        projects.get(projectId);
        return jdbc.sql(SELECT + " where e.project_id = :project and e.id = :id").param("project", projectId)
                .param("id", id).query((rs, n) -> view(rs)).optional()
                .orElseThrow(() -> KlientException.notFound("time.notFound"));
    }

    private TimeEntryView changeable(long projectId, long id) {
        TimeEntryView entry = get(projectId, id);
        if (!Projects.managesAll() && entry.userId() != CurrentUser.id()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "time.notYours");
        }
        if (!CurrentUser.role().map(app.klient.identity.Role::canWrite).orElse(false)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "project.changeForbidden");
        }
        if (entry.orderId() != null) {
            throw KlientException.conflict("time.invoiced");
        }
        return entry;
    }

    /** {@code owner}: whose time it is; {@code entryId}: the entry changed (null for a new one). */
    private void check(long projectId, TimeEntryForm form, long owner, Long entryId) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.workedOn() == null) {
            errors.add("workedOn", "time.workedOn.required");
        }
        else if (form.workedOn().isAfter(LocalDate.now(CurrentUser.actor().timeZone()))
                || form.workedOn().getYear() < 2000) {
            errors.add("workedOn", "time.workedOn.invalid");
        }
        if (form.minutes() == null || form.minutes() < 1 || form.minutes() > DAY_MINUTES) {
            errors.add("minutes", "time.minutes.invalid", DAY_MINUTES / 60);
        }
        else if (form.workedOn() != null && jdbc.sql("""
                select coalesce(sum(minutes), 0) from time_entries
                where user_id = :user and worked_on = :day and id <> :entry""").param("user", owner)
                .param("day", Date.valueOf(form.workedOn())).param("entry", entryId == null ? -1 : entryId)
                .query(Long.class).single() + form.minutes() > DAY_MINUTES) {
            // on every project together: a day has 24 hours
            errors.add("minutes", "time.minutes.dayFull", DAY_MINUTES / 60);
        }
        if (form.note() != null && form.note().length() > 1000) {
            errors.add("note", "error.tooLong", 1000);
        }
        if (form.taskId() != null && jdbc.sql("""
                select count(*) from project_tasks where task_id = :task and project_id = :project""")
                .param("task", form.taskId()).param("project", projectId).query(Long.class).single() == 0) {
            errors.add("taskId", "project.task.notInProject");
        }
        errors.throwIfAny();
    }

    private static String note(TimeEntryForm form) {
        return form.note() == null || form.note().isBlank() ? null : form.note().strip();
    }

    private static final String SELECT = """
            select e.*, u.name as user_name, t.title as task_title,
                   case when o.status <> 'CANCELLED' then o.id end as billed_on,
                   case when o.status <> 'CANCELLED' then o.number end as billed_number
            from time_entries e
            join users u on u.id = e.user_id left join tasks t on t.id = e.task_id
            left join orders o on o.id = e.order_id""";

    private static TimeEntryView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TimeEntryView(rs.getLong("id"), rs.getLong("project_id"), (Long) rs.getObject("task_id"),
                rs.getString("task_title"), rs.getLong("user_id"), rs.getString("user_name"),
                Projects.date(rs, "worked_on"), rs.getInt("minutes"), rs.getString("note"), rs.getBoolean("billable"),
                (Long) rs.getObject("billed_on"), rs.getString("billed_number"), Projects.instant(rs, "created_at"),
                rs.getInt("version"));
    }
}
