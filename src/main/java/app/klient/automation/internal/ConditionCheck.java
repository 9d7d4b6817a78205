package app.klient.automation.internal;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.report.FieldConditions;
import app.klient.analytics.report.ReportDefinition;
import app.klient.analytics.report.ReportField;
import app.klient.analytics.report.ReportSubject;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import app.klient.catalog.ExchangeRates;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A rule's conditions read against records, the way the report builder reads its filters (the same fields, the
 * same SQL). For runs, each comparison is one query over the whole batch's records, so the log can say which held;
 * "changed from → to" is read from the change that triggered the run. For a test run, the whole tree is one query
 * over the table (a change is not known there, so "changed" counts as holding).
 */
@Component
class ConditionCheck {

    /** Comparisons are on days in the company's zone. */
    static final ZoneId ZONE = ZoneId.of(Users.DEFAULT_TIME_ZONE);

    /**
     * Each comparison's outcome, depth first in the editor's order, and the whole; {@code inTeam}: the record is one a
     * manager's rule may act on (always, for an administrator's).
     */
    record Outcome(boolean held, List<Boolean> each, boolean inTeam) {
    }

    private final JdbcClient jdbc;
    private final RuleFields fields;
    private final String companyCurrency;

    ConditionCheck(JdbcClient jdbc, RuleFields fields, ExchangeRates rates) {
        this.jdbc = jdbc;
        this.fields = fields;
        this.companyCurrency = rates.companyCurrency();
    }

    /**
     * Checks the conditions as written: unknown fields, operators and values are field errors named
     * {@code conditions.items[i]...}.
     */
    void validate(Rule rule, RecordType type, InvalidFields.Collector errors) {
        ReportSubject subject = fields.subject(type);
        walk(rule.conditions(), "conditions", 0, (c, name) -> {
            if ("CHANGED".equals(c.op())) {
                ReportField f = subject.field(c.field()).orElse(null);
                if (f == null) {
                    errors.add(name + ".field", "report.field.unknown");
                }
                else if (RuleFields.column(c.field(), f).isEmpty()) {
                    errors.add(name + ".field", "automation.condition.notOwnField");
                }
                return;
            }
            FieldConditions.sql(subject, new ReportDefinition.Condition(c.field(), c.op(), c.value()), name, "v",
                    ZONE, new HashMap<>(), errors);
        }, errors);
    }

    /** The outcome for each of the records; {@code causes}: each record's triggering change (may be empty). */
    Map<Long, Outcome> check(Rule rule, RecordType type, Map<Long, JsonNode> causes) {
        Collection<Long> ids = causes.keySet();
        ReportSubject subject = fields.subject(type);
        List<Rule.Condition> leaves = new ArrayList<>();
        walk(rule.conditions(), "conditions", 0, (c, name) -> leaves.add(c), null);
        List<Object> outcomes = new ArrayList<>();
        for (Rule.Condition leaf : leaves) {
            if ("CHANGED".equals(leaf.op())) {
                outcomes.add(null);
            }
            else {
                outcomes.add(matching(subject, leaf, ids));
            }
        }
        Set<Long> inTeam = rule.teamId() == null ? null : inTeam(type, rule.teamId(), ids);
        Map<Long, Outcome> result = new LinkedHashMap<>();
        for (long id : ids) {
            List<Boolean> each = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                Object o = outcomes.get(i);
                each.add(o == null ? changed(leaves.get(i), subject, causes.get(id))
                        : ((Set<?>) o).contains(id));
            }
            result.put(id, new Outcome(evaluate(rule.conditions(), each.iterator()), each,
                    inTeam == null || inTeam.contains(id)));
        }
        return result;
    }

    /** The records that match now (the conditions as one query; "changed" holds), newest first, at most {@code max}. */
    List<Long> matchingNow(Rule rule, RecordType type, int max) {
        Map<String, Object> params = new HashMap<>();
        String query = now(rule, type, params);
        params.put("max", max);
        return jdbc.sql("select x.id " + query + " order by x.id desc limit :max").params(params).query(Long.class)
                .list();
    }

    long countNow(Rule rule, RecordType type) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql("select count(*) " + now(rule, type, params)).params(params).query(Long.class).single();
    }

    /** {@code from … where …} of the records that match now, the rule's team's only for a manager's rule. */
    private String now(Rule rule, RecordType type, Map<String, Object> params) {
        ReportSubject subject = fields.subject(type);
        String where = tree(subject, rule.conditions(), params, new int[1]);
        if (rule.trigger() != null && rule.trigger().kind() == Rule.TriggerKind.DATE_REACHED) {
            // a date rule acts on the records that have the date
            where += subject.field(rule.trigger().field()).map(f -> " and (" + f.sql() + ") is not null").orElse("");
        }
        if (rule.trigger() != null && rule.trigger().kind() == Rule.TriggerKind.INVOICE_OVERDUE) {
            where += " and x.kind = 'INVOICE' and x.paid_total < x.gross_total";
        }
        if (rule.teamId() != null) {
            where += " and " + type.ownerSql() + " in (select user_id from user_teams where team_id = :team)";
            params.put("team", rule.teamId());
        }
        params.put("kCompanyCurrency", companyCurrency);
        return "from " + subject.from() + " where " + where;
    }

    private String tree(ReportSubject subject, Rule.Conditions group, Map<String, Object> params, int[] n) {
        if (group.items().isEmpty()) {
            return "true";
        }
        List<String> parts = new ArrayList<>();
        for (Rule.Condition c : group.items()) {
            if (c.group()) {
                parts.add("(" + tree(subject, c.asGroup(), params, n) + ")");
            }
            else if ("CHANGED".equals(c.op())) {
                parts.add("true");
            }
            else {
                InvalidFields.Collector errors = new InvalidFields.Collector();
                String sql = FieldConditions.sql(subject, new ReportDefinition.Condition(c.field(), c.op(),
                        c.value()), "c", "c" + n[0]++, ZONE, params, errors);
                errors.throwIfAny();
                parts.add("(" + sql + ")");
            }
        }
        return String.join(group.any() ? " or " : " and ", parts);
    }

    private Set<Long> matching(ReportSubject subject, Rule.Condition c, Collection<Long> ids) {
        Map<String, Object> params = new HashMap<>();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String sql = FieldConditions.sql(subject, new ReportDefinition.Condition(c.field(), c.op(), c.value()), "c",
                "c0", ZONE, params, errors);
        errors.throwIfAny();
        params.put("ids", ids.toArray(Long[]::new));
        params.put("kCompanyCurrency", companyCurrency);
        return new HashSet<>(jdbc.sql("select x.id from " + subject.from() + " where x.id = any(:ids) and (" + sql
                + ")").params(params).query(Long.class).list());
    }

    private Set<Long> inTeam(RecordType type, long team, Collection<Long> ids) {
        return new HashSet<>(jdbc.sql("select x.id from " + type.table() + " x where x.id = any(:ids) and "
                + type.ownerSql() + " in (select user_id from user_teams where team_id = :team)")
                .param("ids", ids.toArray(Long[]::new)).param("team", team).query(Long.class).list());
    }

    /** "Changed (from → to)": the triggering change set the field's column, from and to the values given. */
    private boolean changed(Rule.Condition c, ReportSubject subject, JsonNode cause) {
        if (cause == null || !cause.has("changed")) {
            return false;
        }
        ReportField f = subject.field(c.field()).orElse(null);
        String column = f == null ? null : RuleFields.column(c.field(), f).orElse(null);
        if (column == null) {
            return false;
        }
        boolean set = false;
        for (JsonNode changed : cause.get("changed")) {
            set |= changed.asString().equals(column);
        }
        if (!set && !"CREATE".equals(cause.path("operation").asString())) {
            return false;
        }
        JsonNode before = cause.path("before").path(column);
        JsonNode after = cause.path("after").path(column);
        if (column.equals("custom_fields")) {
            String key = c.field().substring("custom.".length());
            before = before.path(key);
            after = after.path(key);
            if (before.equals(after)) {
                return false;
            }
        }
        return matches(c.from(), before) && matches(c.to(), after);
    }

    private static boolean matches(String expected, JsonNode value) {
        if (expected == null || expected.isBlank()) {
            return true;
        }
        return value != null && !value.isMissingNode() && !value.isNull()
                && value.asString().equalsIgnoreCase(expected.strip());
    }

    private static boolean evaluate(Rule.Conditions group, java.util.Iterator<Boolean> each) {
        if (group.items().isEmpty()) {
            return true;
        }
        boolean any = false;
        boolean all = true;
        for (Rule.Condition c : group.items()) {
            boolean held = c.group() ? evaluate(c.asGroup(), each) : each.next();
            any |= held;
            all &= held;
        }
        return group.any() ? any : all;
    }

    interface Leaf {
        void accept(Rule.Condition condition, String name);
    }

    /** Visits every comparison depth first, named as its field errors are; groups nest at most three deep. */
    static void walk(Rule.Conditions group, String name, int depth, Leaf leaf, InvalidFields.Collector errors) {
        if (errors != null && !group.match().equals("ALL") && !group.match().equals("ANY")) {
            errors.add(name + ".match", "automation.condition.match");
        }
        for (int i = 0; i < group.items().size(); i++) {
            Rule.Condition c = group.items().get(i);
            String itemName = name + ".items[" + i + "]";
            if (c.group()) {
                if (depth >= 2 && errors != null) {
                    errors.add(itemName, "automation.condition.tooDeep");
                    continue;
                }
                walk(c.asGroup(), itemName, depth + 1, leaf, errors);
            }
            else {
                leaf.accept(c, itemName);
            }
        }
    }
}
