package app.klient.projects;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import app.klient.sales.DealWon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Project templates: milestones and tasks placed in working days from the project's start (a task may start after
 * another and belong to a milestone). A project starts from one by hand, or by itself when a deal is won in a
 * pipeline the template is switched on for (one template per pipeline). Managers and administrators keep them.
 */
@Service
public class ProjectTemplates {

    private static final Logger log = LoggerFactory.getLogger(ProjectTemplates.class);

    static final int ITEMS_MAX = 200;
    static final int DAYS_MAX = 2000;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final ProjectPlan plan;
    private final Versions versions;
    private final Users users;
    private final WorkDays workDays;

    ProjectTemplates(JdbcClient jdbc, Projects projects, ProjectPlan plan, Versions versions, Users users,
            WorkDays workDays) {
        this.workDays = workDays;
        this.jdbc = jdbc;
        this.projects = projects;
        this.plan = plan;
        this.versions = versions;
        this.users = users;
    }

    /**
     * One milestone or task of a template. {@code key} names it within the template (what {@code milestone} and
     * {@code after} refer to); {@code offsetDays}: working days from the project's start to its start (a
     * milestone: its date); {@code durationDays}: a task's length in working days.
     */
    public record TemplateItem(String key, String kind, String title, Integer offsetDays, Integer durationDays,
            String milestone, String after, BigDecimal estimateHours) {
    }

    /** {@code pipelineIds}: the pipelines whose won deals start a project from this template. */
    // what GET answers goes back unchanged: its id is ignored
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({ "id" })
    public record ProjectTemplateForm(String name, String description, List<TemplateItem> items,
            List<Long> pipelineIds, Integer version) {
    }

    public record ProjectTemplateView(long id, String name, String description, List<TemplateItem> items,
            List<Long> pipelineIds, int version) {
    }

    @Transactional
    public ProjectTemplateView create(ProjectTemplateForm form) {
        requireKeeper();
        List<TemplateItem> items = check(form);
        long id = jdbc.sql("insert into project_templates (name, description) values (:name, :description) "
                + "returning id").param("name", form.name().strip()).param("description", blank(form.description()))
                .query(Long.class).single();
        store(id, items, form.pipelineIds());
        return get(id);
    }

    @Transactional
    public ProjectTemplateView update(long id, ProjectTemplateForm form) {
        requireKeeper();
        ProjectTemplateView current = get(id);
        Versions.check(form.version(), current.version());
        List<TemplateItem> items = check(form);
        versions.change("project_templates", id, form.version())
                .set("name = :name, description = :description, updated_at = now()")
                .param("name", form.name().strip()).param("description", blank(form.description()))
                .notFound("project.template.notFound").apply();
        jdbc.sql("delete from project_template_items where template_id = :id").param("id", id).update();
        jdbc.sql("delete from project_template_pipelines where template_id = :id").param("id", id).update();
        store(id, items, form.pipelineIds());
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        requireKeeper();
        get(id);
        jdbc.sql("delete from project_templates where id = :id").param("id", id).update();
    }

    @Transactional(readOnly = true)
    public List<ProjectTemplateView> list() {
        return jdbc.sql("select id from project_templates order by name, id").query(Long.class).list().stream()
                .map(this::get).toList();
    }

    /** For each pipeline switched on for a template: that template's name. */
    @Transactional(readOnly = true)
    public Map<Long, String> byPipeline() {
        Map<Long, String> names = new HashMap<>();
        jdbc.sql("""
                select tp.pipeline_id, t.name from project_template_pipelines tp
                join project_templates t on t.id = tp.template_id""")
                .query((rs, n) -> names.put(rs.getLong(1), rs.getString(2))).list();
        return names;
    }

    @Transactional(readOnly = true)
    public ProjectTemplateView get(long id) {
        record Head(String name, String description, int version) {
        }
        Head head = jdbc.sql("select name, description, version from project_templates where id = :id")
                .param("id", id).query((rs, n) -> new Head(rs.getString(1), rs.getString(2), rs.getInt(3)))
                .optional().orElseThrow(() -> KlientException.notFound("project.template.notFound"));
        // an item's key is its place in the template, so a template read and sent back keeps its keys
        List<Long> order = jdbc.sql("select id from project_template_items where template_id = :id order by position, id")
                .param("id", id).query(Long.class).list();
        Map<Long, String> keys = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            keys.put(order.get(i), "i" + i);
        }
        List<TemplateItem> items = jdbc.sql("""
                select * from project_template_items where template_id = :id order by position, id""")
                .param("id", id).query((rs, n) -> item(rs, keys)).list();
        List<Long> pipelines = jdbc.sql("""
                select pipeline_id from project_template_pipelines where template_id = :id order by pipeline_id""")
                .param("id", id).query(Long.class).list();
        return new ProjectTemplateView(id, head.name(), head.description(), items, pipelines, head.version());
    }

    /**
     * Starts a project from the template: the project as {@code form} describes it, its milestones and tasks placed
     * from its start date in working days, each task for the project's manager, waiting for the task before it. A
     * project given no due date is due when the last of them is.
     */
    @Transactional
    public ProjectView start(long templateId, ProjectForm form) {
        ProjectTemplateView template = get(templateId);
        LocalDate start = workDays.after(form.startsOn() == null ? LocalDate.now() : form.startsOn(), 0);
        Map<String, LocalDate[]> days = plan(template, start, workDays);
        LocalDate last = days.values().stream().map(d -> d[1]).max(LocalDate::compareTo).orElse(null);
        ProjectForm placed = form.dueOn() != null || last == null || form.startsOn() == null ? form
                : new ProjectForm(form.name(), form.description(), form.companyId(), form.contactId(), form.dealId(),
                        form.orderId(), form.managerId(), form.teamId(), form.startsOn(), last, form.budgetHours(),
                        form.budgetAmount(), form.currency(), form.memberIds(), form.version());
        ProjectView project = projects.create(placed, templateId);
        Map<String, Long> milestones = new HashMap<>();
        for (TemplateItem item : template.items()) {
            if (item.kind().equals("MILESTONE")) {
                milestones.put(item.key(), plan.addMilestone(project.id(), new ProjectPlan.MilestoneForm(item.title(),
                        days.get(item.key())[1], null)).id());
            }
        }
        Map<String, Long> made = new HashMap<>();
        // each task after the one it waits for (plan() placed them in that order)
        for (String key : days.keySet()) {
            TemplateItem item = template.items().stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
            if (item.kind().equals("TASK")) {
                ProjectPlan.ProjectTask task = plan.addTask(project.id(), new ProjectPlan.ProjectTaskForm(
                        item.title(), null, project.managerId(), days.get(key)[0], days.get(key)[1],
                        milestones.get(item.milestone()), item.after() == null ? null : made.get(item.after()),
                        item.estimateHours(), null, null));
                made.put(key, task.task().id());
            }
        }
        return projects.get(project.id());
    }

    /**
     * The first and last day of each item from {@code start}, a task no earlier than the working day after the one
     * it waits for ends; tasks in an order where each comes after the one it waits for (check() refused loops).
     */
    private static Map<String, LocalDate[]> plan(ProjectTemplateView template, LocalDate start, WorkDays workDays) {
        Map<String, LocalDate[]> days = new LinkedHashMap<>();
        for (TemplateItem item : template.items()) {
            if (item.kind().equals("MILESTONE")) {
                LocalDate day = workDays.after(start, item.offsetDays());
                days.put(item.key(), new LocalDate[] { day, day });
            }
        }
        List<TemplateItem> tasks = template.items().stream().filter(i -> i.kind().equals("TASK")).toList();
        int placed = -1;
        while (placed != days.size()) {
            placed = days.size();
            for (TemplateItem item : tasks) {
                if (days.containsKey(item.key()) || item.after() != null && !days.containsKey(item.after())) {
                    continue;
                }
                LocalDate begins = workDays.after(start, item.offsetDays());
                if (item.after() != null) {
                    LocalDate next = workDays.after(days.get(item.after())[1], 1);
                    begins = next.isAfter(begins) ? next : begins;
                }
                days.put(item.key(), new LocalDate[] { begins, workDays.through(begins, item.durationDays()) });
            }
        }
        return days;
    }

    /**
     * A deal won in a pipeline with a template starts its project: named as the deal, for its company, managed by
     * its owner, with its amount as the money budget, from the next working day. A deal won again starts none.
     */
    @EventListener
    void dealWon(DealWon won) {
        if (won.companyId() == null) {
            return;
        }
        Long template = jdbc.sql("select template_id from project_template_pipelines where pipeline_id = :p")
                .param("p", won.pipelineId()).query(Long.class).optional().orElse(null);
        if (template == null || jdbc.sql("select count(*) from projects where deal_id = :deal and template_id is "
                + "not null").param("deal", won.dealId()).query(Long.class).single() > 0) {
            return;
        }
        Long manager = won.ownerId() != null && users.isActive(won.ownerId()) ? won.ownerId() : null;
        try {
            start(template, new ProjectForm(won.name().length() > Projects.NAME_MAX ? won.name().substring(0,
                    Projects.NAME_MAX) : won.name(), null, won.companyId(), null, won.dealId(), null, manager, null,
                    workDays.after(LocalDate.now(), 1), null, null, won.amount() == null || won.amount().signum() < 0
                            ? null : won.amount(), won.currency(), List.of(), null));
        }
        catch (InvalidFields e) {
            // refused before anything was written (a currency projects do not know): the deal is won all the same
            log.warn("Deal {} was won, but its project could not start from template {}: {}", won.dealId(), template,
                    e.errors());
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Whether the reader keeps templates (managers and administrators). */
    public static boolean keeps() {
        return Projects.managesAll();
    }

    /** Refuses (403) a reader who does not keep templates. */
    public static void requireKeeper() {
        if (!keeps()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "project.template.forbidden");
        }
    }

    private List<TemplateItem> check(ProjectTemplateForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty()) {
            errors.add("name", "project.name.required");
        }
        else if (name.length() > Projects.NAME_MAX) {
            errors.add("name", "error.tooLong", Projects.NAME_MAX);
        }
        if (form.description() != null && form.description().length() > Projects.TEXT_MAX) {
            errors.add("description", "error.tooLong", Projects.TEXT_MAX);
        }
        List<TemplateItem> items = form.items() == null ? List.of() : form.items();
        if (items.size() > ITEMS_MAX) {
            errors.add("items", "project.template.tooMany", ITEMS_MAX);
            errors.throwIfAny();
        }
        Map<String, String> kinds = new HashMap<>();
        List<TemplateItem> clean = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TemplateItem item = items.get(i);
            String at = "items[" + i + "].";
            if (item == null) {
                errors.add("items[" + i + "]", "error.required");
                continue;
            }
            String key = item.key() == null || item.key().isBlank() ? "#" + i : item.key().strip();
            if (key.length() > 50 || kinds.containsKey(key)) {
                errors.add(at + "key", "project.template.key");
            }
            String kind = item.kind() == null ? "TASK" : item.kind().strip().toUpperCase(java.util.Locale.ROOT);
            if (!kind.equals("TASK") && !kind.equals("MILESTONE")) {
                errors.add(at + "kind", "project.template.kind");
            }
            String title = item.title() == null ? "" : item.title().strip();
            if (title.isEmpty() || title.length() > Projects.NAME_MAX) {
                errors.add(at + "title", title.isEmpty() ? "error.required" : "error.tooLong", Projects.NAME_MAX);
            }
            int offset = item.offsetDays() == null ? 0 : item.offsetDays();
            int duration = item.durationDays() == null ? 0 : item.durationDays();
            if (offset < 0 || offset > DAYS_MAX || duration < 0 || duration > DAYS_MAX) {
                errors.add(at + (offset < 0 || offset > DAYS_MAX ? "offsetDays" : "durationDays"),
                        "project.template.days", DAYS_MAX);
            }
            if (item.estimateHours() != null && (item.estimateHours().signum() < 0
                    || item.estimateHours().compareTo(BigDecimal.valueOf(100_000)) > 0)) {
                errors.add(at + "estimateHours", "project.estimate.invalid");
            }
            kinds.put(key, kind);
            clean.add(new TemplateItem(key, kind, title, offset, duration, blank(item.milestone()), blank(item.after()),
                    item.estimateHours()));
        }
        for (int i = 0; i < clean.size(); i++) {
            TemplateItem item = clean.get(i);
            if (item.milestone() != null && !"MILESTONE".equals(kinds.get(item.milestone()))) {
                errors.add("items[" + i + "].milestone", "project.template.reference");
            }
            if (item.after() != null && (!"TASK".equals(kinds.get(item.after())) || item.after().equals(item.key())
                    || !item.kind().equals("TASK"))) {
                errors.add("items[" + i + "].after", "project.template.reference");
            }
        }
        errors.throwIfAny();
        // a task waiting, through others, for itself would never start
        Map<String, String> after = new HashMap<>();
        clean.forEach(i -> after.put(i.key(), i.after()));
        for (TemplateItem item : clean) {
            Set<String> seen = new HashSet<>();
            for (String k = item.key(); k != null; k = after.get(k)) {
                if (!seen.add(k)) {
                    throw new InvalidFields(List.of(new InvalidFields.FieldError("items", "project.template.loop")));
                }
            }
        }
        List<Long> pipelines = form.pipelineIds() == null ? List.of() : form.pipelineIds();
        for (Long pipeline : pipelines) {
            if (pipeline == null || jdbc.sql("select count(*) from pipelines where id = :id").param("id", pipeline)
                    .query(Long.class).single() == 0) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("pipelineIds", "pipeline.notFound")));
            }
        }
        return clean;
    }

    private void store(long id, List<TemplateItem> items, List<Long> pipelines) {
        Map<String, Long> ids = new HashMap<>();
        int position = 0;
        for (TemplateItem item : items) {
            ids.put(item.key(), jdbc.sql("""
                    insert into project_template_items (template_id, kind, title, offset_days, duration_days,
                        estimate_minutes, position)
                    values (:template, :kind, :title, :offset, :duration, :estimate, :position) returning id""")
                    .param("template", id).param("kind", item.kind()).param("title", item.title())
                    .param("offset", item.offsetDays()).param("duration", item.durationDays())
                    .param("estimate", item.estimateHours() == null ? null : item.estimateHours()
                            .multiply(BigDecimal.valueOf(60)).setScale(0, java.math.RoundingMode.HALF_UP).intValue())
                    .param("position", position++).query(Long.class).single());
        }
        for (TemplateItem item : items) {
            if (item.milestone() != null || item.after() != null) {
                jdbc.sql("update project_template_items set milestone_item_id = :m, after_item_id = :a where id = :id")
                        .param("m", item.milestone() == null ? null : ids.get(item.milestone()))
                        .param("a", item.after() == null ? null : ids.get(item.after()))
                        .param("id", ids.get(item.key())).update();
            }
        }
        for (Long pipeline : new java.util.LinkedHashSet<>(pipelines == null ? List.<Long>of() : pipelines)) {
            // one template per pipeline: switching it on here switches another off
            jdbc.sql("""
                    insert into project_template_pipelines (pipeline_id, template_id) values (:p, :t)
                    on conflict (pipeline_id) do update set template_id = excluded.template_id""")
                    .param("p", pipeline).param("t", id).update();
        }
    }

    private static TemplateItem item(ResultSet rs, Map<Long, String> keys) throws SQLException {
        Integer estimate = (Integer) rs.getObject("estimate_minutes");
        Long milestone = (Long) rs.getObject("milestone_item_id");
        Long after = (Long) rs.getObject("after_item_id");
        BigDecimal hours = estimate == null ? null : BigDecimal.valueOf(estimate)
                .divide(BigDecimal.valueOf(60), 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return new TemplateItem(keys.get(rs.getLong("id")), rs.getString("kind"), rs.getString("title"),
                rs.getInt("offset_days"), rs.getInt("duration_days"), milestone == null ? null : keys.get(milestone),
                after == null ? null : keys.get(after), hours == null || hours.scale() >= 0 ? hours : hours.setScale(0));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
