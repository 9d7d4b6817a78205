package app.klient.automation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule.Action;
import app.klient.automation.Rule.Trigger;
import app.klient.automation.internal.RuleChecks;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import app.klient.platform.web.Phrases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Rules as people make them: listed, read, saved (checked first: every field, operator, value and option, each
 * error naming where it is), switched on and off, deleted. An administrator makes rules about every record; a manager
 * makes rules about their team's records only, and sees only those. Saving or switching a rule tells the change
 * capture which kinds of record to write down from then on.
 */
@Service
public class Rules {

    /**
     * A rule or a webhook subscription was saved, switched or deleted: the engine reads what it watches again, and
     * the change capture follows in the same transaction.
     */
    public record Changed(long id) {
    }

    private static final String COLUMNS = """
            id, name, description, record_type, trigger_kind, trigger_options, conditions, actions, enabled,
            off_reason, off_argument, team_id, template_key, created_at, version""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Versions versions;
    private final Users users;
    private final RuleChecks checks;
    private final ApplicationEventPublisher events;
    private final RuleTemplates templates;
    private final Phrases phrases;

    Rules(JdbcClient jdbc, ObjectMapper json, Versions versions, Users users, RuleChecks checks,
            ApplicationEventPublisher events, RuleTemplates templates, Phrases phrases) {
        this.templates = templates;
        this.phrases = phrases;
        this.jdbc = jdbc;
        this.json = json;
        this.versions = versions;
        this.users = users;
        this.checks = checks;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<Rule> list() {
        Permission.AUTOMATION.check();
        return jdbc.sql("select " + COLUMNS + " from automation_rules where " + visible()
                + " order by lower(name), id").params(visibleParams()).query(this::rule).list();
    }

    @Transactional(readOnly = true)
    public Rule get(long id) {
        Permission.AUTOMATION.check();
        return find(id).orElseThrow(() -> KlientException.notFound("automation.rule.notFound"));
    }

    private Optional<Rule> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from automation_rules where id = :id and " + visible())
                .params(visibleParams()).param("id", id).query(this::rule).optional();
    }

    /** A rule as its runs' log shows it: also a deleted one, whose runs stay in the records' logs. */
    @Transactional(readOnly = true)
    public Rule getForLog(long id) {
        Permission.AUTOMATION.check();
        return jdbc.sql("select " + COLUMNS + " from automation_rules where id = :id and " + visibleEvenDeleted())
                .params(visibleParams()).param("id", id).query(this::rule).optional()
                .orElseThrow(() -> KlientException.notFound("automation.rule.notFound"));
    }

    /** What deleting a rule does to its runs: how many stay in the records' logs, how many waiting are cancelled. */
    public record DeleteEffect(long runs, long cancelled) {
    }

    @Transactional(readOnly = true)
    public DeleteEffect deleteEffect(long id) {
        get(id);
        return jdbc.sql("""
                select count(*), count(*) filter (where state in ('PENDING', 'WAITING'))
                from automation_runs where rule_id = :id""").param("id", id)
                .query((rs, n) -> new DeleteEffect(rs.getLong(1), rs.getLong(2))).single();
    }

    /** Creates a rule, switched off. */
    @Transactional
    public Rule create(Rule form) {
        Permission.AUTOMATION.check();
        Rule checked = check(form);
        long id = jdbc.sql("""
                insert into automation_rules (name, description, record_type, trigger_kind, trigger_options,
                    conditions, actions, team_id, created_by)
                values (:name, :description, :type, :kind, cast(:trigger as jsonb), cast(:conditions as jsonb),
                    cast(:actions as jsonb), :team, :by) returning id""")
                .params(columns(checked)).param("by", CurrentUser.id()).query(Long.class).single();
        events.publishEvent(new Changed(id));
        return get(id);
    }

    /** Changes a rule from the version its editor saw (409 when someone saved in between). */
    @Transactional
    public Rule update(long id, Rule form) {
        get(id);
        Rule checked = check(form);
        versions.change("automation_rules", id, form.version()).notFound("automation.rule.notFound")
                .set("""
                        name = :name, description = :description, record_type = :type, trigger_kind = :kind,
                        trigger_options = cast(:trigger as jsonb), conditions = cast(:conditions as jsonb),
                        actions = cast(:actions as jsonb), team_id = :team, off_reason = null, off_argument = null,
                        updated_at = now()""")
                .params(columns(checked)).apply();
        events.publishEvent(new Changed(id));
        return get(id);
    }

    /**
     * Switches a rule on (checked again first: a field may have gone since it was saved) or off. A rule switched on
     * acts on what happens from then on; a date or schedule trigger at its next check.
     */
    @Transactional
    public Rule setEnabled(long id, boolean enabled, Integer version) {
        Rule current = get(id);
        if (enabled) {
            check(current);
        }
        versions.change("automation_rules", id, version).notFound("automation.rule.notFound")
                .set("enabled = :enabled, off_reason = null, off_argument = null, updated_at = now()"
                        // who switches a ready-made rule on is its author: it acts with their rights
                        + (enabled ? ", fired_at = coalesce(fired_at, now()), created_by = coalesce(created_by, :me)"
                                : ""))
                .param("enabled", enabled).param("me", CurrentUser.id()).apply();
        events.publishEvent(new Changed(id));
        return get(id);
    }

    /**
     * Deletes a rule. What it did stays in the records' logs under its name, marked as deleted (the row stays behind
     * its runs, out of every list); what its queued and waiting runs had still to do is written down as cancelled.
     */
    @Transactional
    public void delete(long id) {
        Rule rule = get(id);
        List<Long> open = jdbc.sql("""
                select id from automation_runs where rule_id = :id and state in ('PENDING', 'WAITING') for update""")
                .param("id", id).query(Long.class).list();
        if (!open.isEmpty()) {
            String cancelled = phrases.json(Phrase.of("automation.step.cancelled"));
            jdbc.sql("""
                    update automation_run_steps set outcome = 'CANCELLED', detail = cast(:detail as jsonb)
                    where run_id = any(:runs) and outcome = 'WAITING'""")
                    .param("runs", open.toArray(Long[]::new)).param("detail", cancelled).update();
            for (int position = 0; position < rule.actions().size(); position++) {
                jdbc.sql("""
                        insert into automation_run_steps (run_id, position, action, outcome, detail)
                        select id, :position, :action, 'CANCELLED', cast(:detail as jsonb) from automation_runs
                        where id = any(:runs) and next_action <= :position""")
                        .param("runs", open.toArray(Long[]::new)).param("position", position)
                        .param("action", rule.actions().get(position).type()).param("detail", cancelled).update();
            }
            jdbc.sql("""
                    update automation_runs set state = 'STOPPED', error = :error, finished_at = now()
                    where id = any(:runs)""").param("runs", open.toArray(Long[]::new))
                    .param("error", phrases.json(Phrase.of("automation.run.ruleDeleted"))).update();
        }
        // at the version read above: a second delete, or a save in between, is told instead of winning twice
        versions.change("automation_rules", id, rule.version()).notFound("automation.rule.notFound")
                .set("deleted_at = now(), enabled = false, updated_at = now()").apply();
        events.publishEvent(new Changed(id));
    }

    /**
     * The rule as sent, checked: the kind of record, the trigger and its options, the conditions (as the report
     * builder checks filters) and each action's options. Errors name the field ({@code trigger.field},
     * {@code conditions.items[0].value}, {@code actions[1].userId}). A manager's rule is about their team.
     */
    public Rule check(Rule form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        RecordType type = RecordTypes.find(form.recordType()).orElse(null);
        if (type == null) {
            errors.add("recordType", "automation.recordType.unknown");
            errors.throwIfAny();
        }
        Long team = form.teamId();
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            List<Long> mine = users.get(CurrentUser.id()).teamIds();
            if (team == null && mine.size() == 1) {
                team = mine.get(0);
            }
            if (team == null || !mine.contains(team)) {
                errors.add("teamId", "automation.team.notYours");
            }
            withinTeams(form, mine, errors);
        }
        else if (team != null && !checks.teamExists(team)) {
            errors.add("teamId", "team.notFound");
        }
        if (form.name() == null || form.name().isBlank()) {
            errors.add("name", "automation.name.required");
        }
        checkContent(form, type, errors);
        errors.throwIfAny();
        // kept as built: each action and condition with the options its type reads, nothing another type left
        return new Rule(form.id(), form.name().strip(), form.description().strip(), type.id(), form.trigger(),
                form.conditions().tidy(), form.actions().stream().map(Action::tidy).toList(), form.enabled(), null,
                null, team, form.templateKey(), null, form.version());
    }

    /**
     * A manager's rule acts within their teams: it assigns, tells and gives tasks to their teams' people only, and
     * sends nothing out of Klient (webhooks are the administrator's).
     */
    private void withinTeams(Rule form, List<Long> mine, InvalidFields.Collector errors) {
        java.util.Set<Long> people = new java.util.HashSet<>(jdbc.sql(
                "select user_id from user_teams where team_id = any(:teams)").param("teams", mine.toArray(Long[]::new))
                .query(Long.class).list());
        for (int i = 0; i < form.actions().size(); i++) {
            Action a = form.actions().get(i);
            if (a == null) {
                continue;
            }
            String name = "actions[" + i + "]";
            if ("WEBHOOK".equals(a.type())) {
                errors.add(name + ".type", "automation.action.adminOnly");
            }
            if (a.userId() != null && "USER".equals(a.who()) && !people.contains(a.userId())) {
                errors.add(name + ".userId", "automation.user.notInTeam");
            }
            if (a.teamId() != null && !mine.contains(a.teamId())) {
                errors.add(name + ".teamId", "automation.team.notYours");
            }
        }
    }

    /** The trigger, conditions and actions checked against the kind of record (whoever asks: the engine too). */
    public void checkContent(Rule rule, RecordType type, InvalidFields.Collector errors) {
        // a ready-made rule's blank texts are the template's, in every language
        Rule form = templates.worded(rule, java.util.Locale.ENGLISH);
        Trigger trigger = form.trigger();
        if (trigger == null || trigger.kind() == null) {
            errors.add("trigger.kind", "automation.trigger.required");
        }
        else {
            if (!trigger.kind().appliesTo(type.id())) {
                errors.add("trigger.kind", "automation.trigger.notFor");
            }
            checks.trigger(trigger, type, errors);
        }
        checks.conditions(form, type, errors);
        if (form.actions().isEmpty()) {
            errors.add("actions", "automation.actions.required");
        }
        for (int i = 0; i < form.actions().size(); i++) {
            Action action = form.actions().get(i);
            if (action == null) {
                errors.add("actions[" + i + "].type", "automation.action.unknown");
                continue;
            }
            checks.action(action, type, "actions[" + i + "]", errors);
        }
    }

    private java.util.Map<String, Object> columns(Rule r) {
        return java.util.Map.of("name", r.name(), "description", r.description(), "type", r.recordType(), "kind",
                r.trigger().kind().name(), "trigger", json.writeValueAsString(r.trigger()), "conditions",
                json.writeValueAsString(r.conditions()), "actions", json.writeValueAsString(r.actions()),
                "team", Optional.ofNullable(r.teamId()).map(Object.class::cast).orElse(NO_TEAM));
    }

    /** A null team, typed for the driver. */
    private static final Object NO_TEAM = new org.springframework.jdbc.core.SqlParameterValue(java.sql.Types.BIGINT,
            null);

    /** An administrator sees every rule; a manager their teams'. A deleted rule is in no list. */
    private static String visible() {
        return "deleted_at is null and " + visibleEvenDeleted();
    }

    /** Whose rules the reader sees in a log, deleted ones too. */
    static String visibleEvenDeleted() {
        return CurrentUser.hasRole(Role.ADMIN) ? "true"
                : "team_id in (select team_id from user_teams where user_id = :visibleTo)";
    }

    static java.util.Map<String, Object> visibleParams() {
        return CurrentUser.hasRole(Role.ADMIN) ? java.util.Map.of() : java.util.Map.of("visibleTo", CurrentUser.id());
    }

    /** Reads a stored rule (also for the engine, which reads rules with nobody signed in). */
    public Rule rule(ResultSet rs, int row) throws SQLException {
        return new Rule(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("record_type"), json.readValue(rs.getString("trigger_options"), Trigger.class),
                json.readValue(rs.getString("conditions"), Rule.Conditions.class),
                List.of(json.readValue(rs.getString("actions"), Action[].class)), rs.getBoolean("enabled"),
                rs.getString("off_reason"), rs.getString("off_argument"), (Long) rs.getObject("team_id"),
                rs.getString("template_key"), rs.getTimestamp("created_at").toInstant(), rs.getInt("version"));
    }

    /** What a test run found: how many records match now, the newest of them, and whether a change must trigger. */
    public record TestRun(long matching, List<Match> sample, boolean onChange) {
    }

    public record Match(long id, String label, String link) {
    }

    /**
     * Which records the rule, as sent (saved or not), matches now: its conditions over the whole table (a
     * "changed" comparison is taken as holding, since no change is at hand). Nothing is done to them.
     */
    @Transactional(readOnly = true)
    public TestRun test(Rule form) {
        Permission.AUTOMATION.check();
        Rule rule = check(form);
        RecordType type = RecordTypes.find(rule.recordType()).orElseThrow();
        long matching = checks.countNow(rule, type);
        List<Long> ids = checks.matchingNow(rule, type, 20);
        java.util.Map<Long, String> labels = new java.util.HashMap<>();
        jdbc.sql("select x.id, " + type.labelSql() + " from " + type.table() + " x where x.id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new)).query(rs -> {
                    labels.put(rs.getLong(1), rs.getString(2));
                });
        return new TestRun(matching, ids.stream().map(id -> new Match(id, labels.getOrDefault(id, "#" + id),
                type.linkTo(id))).toList(), !rule.trigger().kind().equals(Rule.TriggerKind.SCHEDULE));
    }

    /** Every enabled rule, for the engine. */
    @Transactional(readOnly = true)
    public List<Rule> enabled() {
        return jdbc.sql("select " + COLUMNS + " from automation_rules where enabled order by id").query(this::rule)
                .list();
    }
}
