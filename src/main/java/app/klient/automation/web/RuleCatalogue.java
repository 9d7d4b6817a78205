package app.klient.automation.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.analytics.report.ReportChoices;
import app.klient.analytics.report.ReportField;
import app.klient.analytics.report.ReportSubject;
import app.klient.automation.RecordTypes;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Everything the rule editor offers, in the reader's language: each kind of record with its triggers, fields (their
 * kind, operators and values), the fields a rule may set and the actions that apply; the people, teams, e-mail
 * templates, lists, stages, forms, surveys and webhook subscriptions to choose from; and the editor's own words.
 * The page hands it to the editor's script as JSON; the API offers it to clients building rules.
 */
@Component
class RuleCatalogue {

    private static final List<String> ACTIONS = List.of("SEND_EMAIL", "CREATE_TASK", "CREATE_TICKET", "ASSIGN",
            "SET_FIELD", "ADD_TAG", "REMOVE_TAG", "ADD_TO_LIST", "NOTIFY", "WEBHOOK", "WAIT");
    private static final List<String> ASSIGNABLE = List.of("company", "contact", "lead", "deal", "ticket", "task");
    private static final List<String> WORDS = List.of("name", "description", "recordType", "trigger", "triggerKind", "conditions",
            "actions", "all", "any", "addCondition", "addGroup", "addAction", "remove", "up", "down", "field", "op",
            "value", "from", "to", "days", "daysHint", "every", "hour", "weekday", "who", "user", "team", "text",
            "textHint", "template", "priority", "amount", "unit", "list", "subscription", "stage", "form", "survey",
            "segment", "anyOne", "changed", "match", "noConditions", "save", "test", "team.scope", "team.all");

    private final RuleFields fields;
    private final ReportChoices choices;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final Users users;

    RuleCatalogue(RuleFields fields, ReportChoices choices, MessageSource messages, JdbcClient jdbc, Users users) {
        this.fields = fields;
        this.choices = choices;
        this.messages = messages;
        this.jdbc = jdbc;
        this.users = users;
    }

    Map<String, Object> of(Locale locale) {
        Map<String, Object> catalogue = new LinkedHashMap<>();
        List<Map<String, Object>> types = new ArrayList<>();
        for (RecordType type : RecordTypes.all()) {
            types.add(type(type, locale));
        }
        catalogue.put("types", types);
        // each kind of field with its comparisons, named as the report builder names them for that kind
        Map<String, List<String>> byKind = Map.of(
                "TEXT", List.of("EQ", "NE", "CONTAINS", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "CODE", List.of("EQ", "NE", "CONTAINS", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "REF", List.of("EQ", "NE", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "NUMBER", List.of("EQ", "NE", "GT", "GE", "LT", "LE", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "MONEY", List.of("EQ", "NE", "GT", "GE", "LT", "LE", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "DATE", List.of("EQ", "GT", "GE", "LT", "LE", "EMPTY", "NOT_EMPTY", "CHANGED"),
                "BOOLEAN", List.of("EQ", "NE", "CHANGED"));
        Map<String, Map<String, String>> ops = new LinkedHashMap<>();
        byKind.forEach((kind, list) -> {
            String prefix = switch (kind) {
                case "NUMBER", "MONEY" -> "report.op.number.";
                case "DATE" -> "report.op.date.";
                default -> "report.op.";
            };
            Map<String, String> named = new LinkedHashMap<>();
            for (String op : list) {
                named.put(op, op.equals("CHANGED") ? word("automation.op.CHANGED", locale)
                        : messages.getMessage(prefix + op, null, word("report.op." + op, locale), locale));
            }
            ops.put(kind, named);
        });
        catalogue.put("ops", ops);
        Map<String, String> actions = new LinkedHashMap<>();
        ACTIONS.forEach(a -> actions.put(a, word("automation.action." + a, locale)));
        catalogue.put("actions", actions);
        Map<String, String> who = new LinkedHashMap<>();
        List.of("OWNER", "CUSTOMER", "USER", "TEAM").forEach(w -> who.put(w, word("automation.who." + w, locale)));
        catalogue.put("who", who);
        Map<String, String> units = new LinkedHashMap<>();
        List.of("HOURS", "DAYS").forEach(u -> units.put(u, word("automation.unit." + u, locale)));
        catalogue.put("units", units);
        Map<String, String> every = new LinkedHashMap<>();
        List.of("DAY", "WEEK", "MONTH").forEach(e -> every.put(e, word("automation.every." + e, locale)));
        catalogue.put("every", every);
        Map<String, String> priorities = new LinkedHashMap<>();
        List.of("LOW", "NORMAL", "HIGH", "URGENT").forEach(p -> priorities.put(p, word("ticket.priority." + p,
                locale)));
        catalogue.put("priorities", priorities);
        Map<String, String> statuses = new LinkedHashMap<>();
        List.of("NEW", "OPEN", "WAITING", "RESOLVED", "CLOSED", "REOPENED").forEach(s -> statuses.put(s,
                word("ticket.status." + s, locale)));
        catalogue.put("ticketStatuses", statuses);
        Map<String, String> people = new LinkedHashMap<>();
        users.activeUsers().forEach(u -> people.put(String.valueOf(u.id()), u.name()));
        catalogue.put("users", people);
        catalogue.put("teams", pairs("select id, name from teams order by lower(name), id limit 500", locale));
        catalogue.put("templates", jdbc.sql("select distinct name from email_templates where active order by name")
                .query(String.class).list());
        catalogue.put("lists", pairs("select id, name from segments where kind = 'STATIC' and active"
                + " order by lower(name), id limit 500", locale));
        catalogue.put("segments", pairs("select id, name from segments where active order by lower(name), id"
                + " limit 500", locale));
        catalogue.put("stages", pairs("""
                select s.id, p.name || ' · ' || coalesce(case :lang when 'pl' then s.name_pl when 'cs' then s.name_cs
                    end, s.name)
                from stages s join pipelines p on p.id = s.pipeline_id order by p.position, p.id, s.position, s.id
                limit 500""", locale));
        catalogue.put("forms", pairs("select id, name from web_forms order by lower(name), id limit 500", locale));
        catalogue.put("surveys", pairs("select id, name from surveys order by lower(name), id limit 500", locale));
        // webhooks are the administrator's: a manager is not shown where records could be sent
        catalogue.put("subscriptions", CurrentUser.hasRole(Role.ADMIN) ? pairs("""
                select id, case when description = '' then url else description || ' · ' || url end
                from webhook_subscriptions order by id limit 500""", locale) : Map.of());
        catalogue.put("myTeams", CurrentUser.hasRole(Role.ADMIN) ? null
                : users.get(CurrentUser.id()).teamIds().stream().map(String::valueOf).toList());
        Map<String, String> words = new LinkedHashMap<>();
        WORDS.forEach(w -> words.put(w, word("automation.editor." + w, locale)));
        for (int day = 1; day <= 7; day++) {
            words.put("weekday" + day, java.time.DayOfWeek.of(day).getDisplayName(java.time.format.TextStyle.FULL,
                    locale));
        }
        catalogue.put("words", words);
        return catalogue;
    }

    private Map<String, Object> type(RecordType type, Locale locale) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", type.id());
        t.put("label", word("report.subject." + type.subject(), locale));
        Map<String, String> triggers = new LinkedHashMap<>();
        for (Rule.TriggerKind kind : Rule.TriggerKind.values()) {
            if (kind.appliesTo(type.id())) {
                triggers.put(kind.name(), word("automation.trigger." + kind.name(), locale));
            }
        }
        t.put("triggers", triggers);
        ReportSubject subject = fields.subject(type);
        Map<String, Map<String, String>> values = choices.of(subject, locale);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ReportField f : subject.fields().values()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("id", f.id());
            field.put("label", fields.label(type, f.id(), locale));
            field.put("kind", f.type().name());
            field.put("own", RuleFields.column(f.id(), f).isPresent());
            if (values.containsKey(f.id())) {
                field.put("values", values.get(f.id()));
            }
            list.add(field);
        }
        t.put("fields", list);
        List<Map<String, Object>> settable = new ArrayList<>();
        for (RuleFields.Settable s : fields.settable(type)) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("id", s.field());
            field.put("label", fields.label(type, s.field(), locale));
            field.put("kind", s.type().name());
            if (!s.values().isEmpty()) {
                Map<String, String> named = new LinkedHashMap<>();
                s.values().forEach(v -> named.put(v, s.valuePrefix() == null ? v
                        : messages.getMessage(s.valuePrefix() + v, null, v, locale)));
                field.put("values", named);
            }
            settable.add(field);
        }
        t.put("settable", settable);
        List<String> actions = new ArrayList<>();
        for (String a : ACTIONS) {
            boolean applies = switch (a) {
                case "ASSIGN" -> ASSIGNABLE.contains(type.id());
                case "ADD_TAG", "REMOVE_TAG" -> type.tagged();
                case "SET_FIELD" -> !settable.isEmpty();
                case "WEBHOOK" -> CurrentUser.hasRole(Role.ADMIN);
                default -> true;
            };
            if (applies) {
                actions.add(a);
            }
        }
        t.put("actions", actions);
        return t;
    }

    private Map<String, String> pairs(String sql, Locale locale) {
        Map<String, String> pairs = new LinkedHashMap<>();
        var statement = jdbc.sql(sql);
        if (sql.contains(":lang")) {
            statement = statement.param("lang", locale.getLanguage());
        }
        statement.query(rs -> {
            pairs.put(String.valueOf(rs.getLong(1)), rs.getString(2));
        });
        return pairs;
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
