package app.klient.projects;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects: written by anyone who may write (they become its manager unless they name another), changed by its
 * manager, its members and managers, read by everyone who may see its customer. The status moves by
 * {@link ProjectStatus#canMoveTo} only; the health flag carries who set it, when and why. Creating, moving and
 * judging a project are on the customer's timeline.
 */
@Service
public class Projects {

    static final int NAME_MAX = 200;
    static final int TEXT_MAX = 4000;
    static final int COMMENT_MAX = 1000;

    private final JdbcClient jdbc;
    private final Versions versions;
    private final Companies companies;
    private final Contacts contacts;
    private final Users users;
    private final Teams teams;
    private final Timeline timeline;

    Projects(JdbcClient jdbc, Versions versions, Companies companies, Contacts contacts, Users users, Teams teams,
            Timeline timeline) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.companies = companies;
        this.contacts = contacts;
        this.users = users;
        this.teams = teams;
        this.timeline = timeline;
    }

    @Transactional
    public ProjectView create(ProjectForm form) {
        return create(form, null);
    }

    /** A project, made from the template {@code templateId} when it is not null. */
    @Transactional
    ProjectView create(ProjectForm form, Long templateId) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "project.forbidden");
        }
        Checked checked = check(form, null);
        long id = jdbc.sql("""
                insert into projects (name, description, company_id, contact_id, deal_id, order_id, manager_id,
                    team_id, starts_on, due_on, budget_minutes, budget_amount, currency, created_by, template_id)
                values (:name, :description, :company, :contact, :deal, :order, :manager, :team, :starts, :due,
                    :budgetMinutes, :budgetAmount, :currency, :by, :template) returning id""")
                .paramSource(params(form, checked).addValue("by", CurrentUser.id()).addValue("template", templateId))
                .query(Long.class).single();
        members(id, checked.members());
        record(id, checked, "PROJECT_CREATED", Phrase.of("timeline.project.created", Phrase.text(checked.name())));
        return get(id);
    }

    @Transactional
    public ProjectView update(long id, ProjectForm form) {
        ProjectView project = changeable(id);
        Versions.check(form.version(), project.version());
        // a project read and sent back without memberIds keeps its members; [] removes them
        ProjectForm sent = form.memberIds() != null ? form : new ProjectForm(form.name(), form.description(),
                form.companyId(), form.contactId(), form.dealId(), form.orderId(), form.managerId(), form.teamId(),
                form.startsOn(), form.dueOn(), form.budgetHours(), form.budgetAmount(), form.currency(),
                project.members().stream().map(ProjectView.Member::id).toList(), form.version());
        Checked checked = check(sent, project);
        versions.change("projects", id, form.version()).set("""
                name = :name, description = :description, company_id = :company, contact_id = :contact,
                deal_id = :deal, order_id = :order, manager_id = :manager, team_id = :team, starts_on = :starts,
                due_on = :due, budget_minutes = :budgetMinutes, budget_amount = :budgetAmount, currency = :currency,
                updated_at = now()""").params(params(form, checked).getValues()).notFound("project.notFound").apply();
        jdbc.sql("delete from project_members where project_id = :id").param("id", id).update();
        members(id, checked.members());
        return get(id);
    }

    /** Moves the project to {@code status} if its current one leads there (Active → Done, not Planned → Done). */
    @Transactional
    public ProjectView move(long id, ProjectStatus status, Integer version) {
        // who may not change the project learns nothing more from the request than that
        ProjectView project = changeable(id);
        Versions.required(version);
        if (status == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("status", "project.status.required")));
        }
        Versions.check(version, project.version());
        if (status == project.status()) {
            return project;
        }
        if (!project.status().canMoveTo(status)) {
            throw new RefusedTransition("project.statusRefused", "project.status." + project.status().name());
        }
        versions.change("projects", id, version).set("""
                status = :status, updated_at = now(),
                closed_at = case when :status in ('DONE', 'CANCELLED') then now() end""")
                .param("status", status.name()).notFound("project.notFound").apply();
        timeline.record(TimelineRecord.coded(project.companyId(), project.contactId(), "PROJECT_STATUS",
                project.name(), Phrase.of("timeline.project.status", Phrase.text(project.name()),
                        Phrase.code("project.status." + status.name(), status.name())), "projects", id, CurrentUser.id()));
        return get(id);
    }

    /** The manager's judgement of the project: its health and why (a comment is required unless all is well). */
    @Transactional
    public ProjectView judge(long id, Health health, String comment, Integer version) {
        ProjectView project = changeable(id);
        Versions.required(version);
        String why = comment == null ? "" : comment.strip();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (health == null) {
            errors.add("health", "project.health.required");
        }
        else if (health != Health.GREEN && why.isEmpty()) {
            errors.add("comment", "project.health.why");
        }
        if (why.length() > COMMENT_MAX) {
            errors.add("comment", "error.tooLong", COMMENT_MAX);
        }
        errors.throwIfAny();
        Versions.check(version, project.version());
        versions.change("projects", id, version).set("""
                health = :health, health_comment = :comment, health_at = now(), health_by = :by, updated_at = now()""")
                .param("health", health.name()).param("comment", why.isEmpty() ? null : why)
                .param("by", CurrentUser.id()).notFound("project.notFound").apply();
        timeline.record(TimelineRecord.coded(project.companyId(), project.contactId(), "PROJECT_HEALTH",
                project.name(), why.isEmpty()
                        ? Phrase.of("timeline.project.health", Phrase.text(project.name()),
                                Phrase.code("project.health." + health.name(), health.name()))
                        : Phrase.of("timeline.project.healthWhy", Phrase.text(project.name()),
                                Phrase.code("project.health." + health.name(), health.name()), Phrase.text(why)),
                "projects", id, CurrentUser.id()));
        return get(id);
    }

    @Transactional(readOnly = true)
    public ProjectView get(long id) {
        ProjectView project = jdbc.sql(SELECT + " where p.id = :id and " + VISIBLE).param("id", id)
                .query(this::view).optional().orElseThrow(() -> KlientException.notFound("project.notFound"));
        return withMembers(List.of(project)).get(0);
    }

    /** The project if the reader may change it; 403 when they only read it, 404 when they do not see it. */
    @Transactional(readOnly = true)
    public ProjectView changeable(long id) {
        ProjectView project = get(id);
        if (!project.canChange()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "project.changeForbidden");
        }
        return project;
    }

    /**
     * The filters of the list; all optional. {@code mine}: projects the reader manages or works on; {@code late}:
     * open past their due date; {@code overBudget}: more hours logged than budgeted; {@code text}: in the name or
     * the customer's name.
     */
    public record Query(String text, ProjectStatus status, Boolean open, Long companyId, Long contactId, Long dealId,
            Long managerId, Boolean mine, Boolean late, Boolean overBudget) {

        public static Query all() {
            return new Query(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** Projects, those due first (then the newest), of the customers the reader may see. */
    @Transactional(readOnly = true)
    public CountedPage<ProjectView> list(Query query, Pageable page) {
        List<String> where = new ArrayList<>(List.of(VISIBLE));
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (query.text() != null && !query.text().isBlank()) {
            // without regard to case or accents, as the other lists search ("niedzw" finds "Niedźwiedź")
            where.add("(search_fold(p.name) like :text or search_fold(co.name) like :text "
                    + "or search_fold(concat_ws(' ', ct.first_name, ct.last_name)) like :text)");
            params.addValue("text", app.klient.platform.SearchText.pattern(query.text()));
        }
        if (query.status() != null) {
            where.add("p.status = :status");
            params.addValue("status", query.status().name());
        }
        if (Boolean.TRUE.equals(query.open())) {
            where.add("p.status in ('PLANNED', 'ACTIVE', 'ON_HOLD')");
        }
        if (query.companyId() != null) {
            where.add("p.company_id = :company");
            params.addValue("company", query.companyId());
        }
        if (query.contactId() != null) {
            where.add("p.contact_id = :contact");
            params.addValue("contact", query.contactId());
        }
        if (query.dealId() != null) {
            where.add("p.deal_id = :deal");
            params.addValue("deal", query.dealId());
        }
        if (query.managerId() != null) {
            where.add("p.manager_id = :manager");
            params.addValue("manager", query.managerId());
        }
        if (Boolean.TRUE.equals(query.mine())) {
            where.add("(p.manager_id = :me or exists (select 1 from project_members pm where pm.project_id = p.id "
                    + "and pm.user_id = :me))");
            params.addValue("me", CurrentUser.id());
        }
        if (Boolean.TRUE.equals(query.late())) {
            where.add(LATE);
        }
        if (Boolean.TRUE.equals(query.overBudget())) {
            where.add(OVER_BUDGET);
        }
        String whereSql = " where " + String.join(" and ", where);
        List<ProjectView> rows = jdbc.sql(SELECT + whereSql
                + " order by p.due_on nulls last, p.id desc limit :limit offset :offset")
                .params(params.getValues()).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query(this::view).list();
        return CountedPage.of(withMembers(rows), page, jdbc, FROM + whereSql, params.getValues());
    }

    /** The open projects of a customer, for its card. */
    @Transactional(readOnly = true)
    public List<ProjectView> ofCustomer(Long companyId, Long contactId) {
        return list(new Query(null, null, null, companyId, contactId, null, null, null, null, null),
                org.springframework.data.domain.PageRequest.of(0, 50)).items();
    }

    /** The company's name, for a form that names it (404 when the reader does not see it). */
    @Transactional(readOnly = true)
    public String companyName(long id) {
        return companies.get(id).name();
    }

    /** The contact's name, for a form that names them (404 when the reader does not see them). */
    @Transactional(readOnly = true)
    public String contactName(long id) {
        app.klient.customers.ContactView contact = contacts.get(id);
        return ((contact.firstName() == null ? "" : contact.firstName() + " ") + contact.lastName()).strip();
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** What a form names, checked: the customer, the manager, the team, the members, the dates, the budget. */
    private record Checked(String name, Long companyId, Long contactId, long managerId, Set<Long> members,
            Long budgetMinutes, String currency) {
    }

    private Checked check(ProjectForm form, ProjectView current) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty()) {
            errors.add("name", "project.name.required");
        }
        else if (name.length() > NAME_MAX) {
            errors.add("name", "error.tooLong", NAME_MAX);
        }
        if (form.description() != null && form.description().length() > TEXT_MAX) {
            errors.add("description", "error.tooLong", TEXT_MAX);
        }
        Long company = form.companyId();
        Long contact = form.contactId();
        if (company == null && contact == null) {
            errors.add("companyId", "project.customer.required");
        }
        if (company != null && !companies.exists(company)) {
            errors.add("companyId", "company.notFound");
        }
        if (contact != null && !contacts.exists(contact)) {
            errors.add("contactId", "contact.notFound");
        }
        if (form.dealId() != null && !visible("deals", form.dealId())) {
            errors.add("dealId", "deal.notFound");
        }
        if (form.orderId() != null && !visible("orders", form.orderId())) {
            errors.add("orderId", "order.notFound");
        }
        long manager = form.managerId() != null ? form.managerId()
                : current != null ? current.managerId() : CurrentUser.id();
        if (!users.isActive(manager)) {
            errors.add("managerId", "customer.owner.invalid");
        }
        if (form.teamId() != null && teams.list().stream().noneMatch(t -> t.id() == form.teamId())) {
            errors.add("teamId", "project.team.unknown");
        }
        Set<Long> members = new LinkedHashSet<>(form.memberIds() == null ? List.of() : form.memberIds());
        members.remove(manager);
        if (members.size() > 100) {
            errors.add("memberIds", "project.members.tooMany", 100);
        }
        else if (members.stream().anyMatch(m -> m == null || !users.isActive(m))) {
            errors.add("memberIds", "customer.owner.invalid");
        }
        if (form.startsOn() == null) {
            errors.add("startsOn", "project.startsOn.required");
        }
        else if (form.startsOn().getYear() < 2000 || form.startsOn().getYear() > 2100) {
            errors.add("startsOn", "project.date.invalid");
        }
        if (form.dueOn() != null && (form.dueOn().getYear() > 2100
                || form.startsOn() != null && form.dueOn().isBefore(form.startsOn()))) {
            errors.add("dueOn", "project.dueOn.beforeStart");
        }
        Long budgetMinutes = null;
        if (form.budgetHours() != null) {
            if (form.budgetHours().signum() < 0 || form.budgetHours().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                errors.add("budgetHours", "project.budget.invalid");
            }
            else {
                budgetMinutes = form.budgetHours().multiply(BigDecimal.valueOf(60))
                        .setScale(0, java.math.RoundingMode.HALF_UP).longValue();
            }
        }
        if (form.budgetAmount() != null && (form.budgetAmount().signum() < 0
                || form.budgetAmount().compareTo(new BigDecimal("999999999999.99")) > 0
                || form.budgetAmount().scale() > 2)) {
            errors.add("budgetAmount", "project.budget.invalid");
        }
        String currency = form.currency() == null || form.currency().isBlank() ? "PLN"
                : form.currency().strip().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(currency)) {
            errors.add("currency", "project.currency.invalid");
        }
        errors.throwIfAny();
        return new Checked(name, company, contact, manager, members,
                budgetMinutes, currency);
    }

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether the reader sees the record (the table's row policy decides). */
    private boolean visible(String table, long id) {
        return jdbc.sql("select exists (select 1 from " + table + " where id = :id)").param("id", id)
                .query(Boolean.class).single();
    }

    private MapSqlParameterSource params(ProjectForm form, Checked checked) {
        return new MapSqlParameterSource().addValue("name", checked.name())
                .addValue("description", form.description() == null || form.description().isBlank() ? null
                        : form.description().strip())
                .addValue("company", checked.companyId()).addValue("contact", checked.contactId())
                .addValue("deal", form.dealId()).addValue("order", form.orderId())
                .addValue("manager", checked.managerId()).addValue("team", form.teamId())
                .addValue("starts", Date.valueOf(form.startsOn()))
                .addValue("due", form.dueOn() == null ? null : Date.valueOf(form.dueOn()))
                .addValue("budgetMinutes", checked.budgetMinutes()).addValue("budgetAmount", form.budgetAmount())
                .addValue("currency", checked.currency());
    }

    private void members(long id, Set<Long> members) {
        for (Long member : members) {
            jdbc.sql("insert into project_members (project_id, user_id) values (:id, :user) on conflict do nothing")
                    .param("id", id).param("user", member).update();
        }
    }

    private void record(long id, Checked checked, String kind, Phrase body) {
        Long company = checked.companyId();
        if (company == null && checked.contactId() != null) {
            company = contacts.get(checked.contactId()).companyId();
        }
        timeline.record(TimelineRecord.coded(company, checked.contactId(), kind, checked.name(), body, "projects", id,
                CurrentUser.id()));
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Whether the signed-in person manages projects in general (managers and administrators change any). */
    static boolean managesAll() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
    }

    private List<ProjectView> withMembers(List<ProjectView> projects) {
        if (projects.isEmpty()) {
            return projects;
        }
        Long[] ids = projects.stream().map(ProjectView::id).toArray(Long[]::new);
        record Row(long project, long id, String name) {
        }
        List<Row> rows = jdbc.sql("""
                select pm.project_id, u.id, u.name from project_members pm join users u on u.id = pm.user_id
                where pm.project_id = any(:ids) order by u.name""").param("ids", ids)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
        long me = app.klient.platform.Actor.current().map(app.klient.platform.Actor::id).orElse(-1L);
        boolean all = managesAll();
        List<ProjectView> out = new ArrayList<>(projects.size());
        for (ProjectView p : projects) {
            List<ProjectView.Member> members = rows.stream().filter(r -> r.project() == p.id())
                    .map(r -> new ProjectView.Member(r.id(), r.name())).toList();
            boolean canChange = CurrentUser.role().map(Role::canWrite).orElse(false)
                    && (all || p.managerId() == me || members.stream().anyMatch(m -> m.id() == me));
            out.add(new ProjectView(p.id(), p.name(), p.description(), p.companyId(), p.companyName(),
                    p.contactId(), p.contactName(), p.dealId(), p.dealTitle(), p.orderId(), p.managerId(),
                    p.managerName(), p.teamId(), p.teamName(), p.startsOn(), p.dueOn(), p.budgetHours(),
                    p.budgetAmount(), p.currency(), p.status(), p.health(), p.healthComment(), p.healthAt(),
                    p.healthByName(), members, p.loggedMinutes(), p.billableMinutes(), p.unbilledMinutes(), p.late(),
                    p.overBudget(), p.closedAt(), p.createdAt(), p.updatedAt(), p.version(), p.status().next(),
                    canChange));
        }
        return out;
    }

    /** A project of a customer the reader may not see is not theirs to see either (the row policies decide). */
    static final String VISIBLE = """
            (p.company_id is null or exists (select 1 from companies x where x.id = p.company_id))
            and (p.contact_id is null or exists (select 1 from contacts y where y.id = p.contact_id))""";

    static final String LATE = "(p.status in ('PLANNED', 'ACTIVE', 'ON_HOLD') and p.due_on < current_date)";

    static final String OVER_BUDGET = """
            (p.budget_minutes is not null
             and (select coalesce(sum(e.minutes), 0) from time_entries e where e.project_id = p.id) > p.budget_minutes)""";

    private static final String FROM = """
            from projects p
            left join companies co on co.id = p.company_id
            left join contacts ct on ct.id = p.contact_id""";

    private static final String SELECT = """
            select p.*, co.name as company_name,
                   nullif(trim(concat_ws(' ', ct.first_name, ct.last_name)), '') as contact_name,
                   d.name as deal_title, m.name as manager_name, t.name as team_name, hb.name as health_by_name,
                   coalesce(te.logged, 0) as logged, coalesce(te.billable, 0) as billable,
                   coalesce(te.unbilled, 0) as unbilled, """ + LATE + " as late\n" + FROM + """

            left join deals d on d.id = p.deal_id
            join users m on m.id = p.manager_id
            left join teams t on t.id = p.team_id
            left join users hb on hb.id = p.health_by
            left join lateral (
                select sum(e.minutes) as logged, sum(e.minutes) filter (where e.billable) as billable,
                       sum(e.minutes) filter (where e.billable and (e.order_id is null or exists (select 1
                           from orders o where o.id = e.order_id and o.status = 'CANCELLED'))) as unbilled
                from time_entries e where e.project_id = p.id) te on true""";

    private ProjectView view(ResultSet rs, int n) throws SQLException {
        Integer budget = (Integer) rs.getObject("budget_minutes");
        long logged = rs.getLong("logged");
        return new ProjectView(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                (Long) rs.getObject("company_id"), rs.getString("company_name"), (Long) rs.getObject("contact_id"),
                rs.getString("contact_name"), (Long) rs.getObject("deal_id"), rs.getString("deal_title"),
                (Long) rs.getObject("order_id"), rs.getLong("manager_id"), rs.getString("manager_name"),
                (Long) rs.getObject("team_id"), rs.getString("team_name"), date(rs, "starts_on"), date(rs, "due_on"),
                budget == null ? null : BigDecimal.valueOf(budget).divide(BigDecimal.valueOf(60), 2,
                        java.math.RoundingMode.HALF_UP),
                rs.getBigDecimal("budget_amount"), rs.getString("currency"),
                ProjectStatus.valueOf(rs.getString("status")), Health.valueOf(rs.getString("health")),
                rs.getString("health_comment"), instant(rs, "health_at"), rs.getString("health_by_name"), List.of(),
                logged, rs.getLong("billable"), rs.getLong("unbilled"), rs.getBoolean("late"),
                budget != null && logged > budget, instant(rs, "closed_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getInt("version"), Set.of(), false);
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
