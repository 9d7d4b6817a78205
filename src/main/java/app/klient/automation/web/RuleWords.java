package app.klient.automation.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.automation.RecordTypes;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A rule read back as its reader reads it, in their language: "When a deal is won", "Amount at least 1000 and
 * Country is Poland", "Create the task “Onboarding” for the owner, due in 2 days". Names of fields, values, people
 * and lists come from the editor's catalogue, so the words match what the editor offers.
 */
@Component
class RuleWords {

    private final MessageSource messages;
    private final RuleFields fields;

    RuleWords(MessageSource messages, RuleFields fields) {
        this.messages = messages;
        this.fields = fields;
    }

    /**
     * The rule's trigger, conditions and actions as sentences for the reader; {@code each} is every single
     * condition in the order a run's log holds their outcomes.
     */
    record Read(String type, String when, String conditions, List<String> each, List<String> actions) {
    }

    Read read(Rule rule, Map<String, Object> catalogue, Locale locale) {
        Map<String, Object> type = type(catalogue, rule.recordType());
        String typeLabel = type == null ? rule.recordType() : (String) type.get("label");
        List<String> each = new ArrayList<>();
        return new Read(typeLabel, when(rule, type, catalogue, locale),
                conditions(rule.conditions(), type, catalogue, locale, each), each,
                rule.actions().stream().map(a -> action(a, type, catalogue, locale)).toList());
    }

    private String when(Rule rule, Map<String, Object> type, Map<String, Object> catalogue, Locale locale) {
        Rule.Trigger t = rule.trigger();
        if (t == null || t.kind() == null) {
            return "";
        }
        String kind = t.kind().name();
        String field = fieldLabel(type, "fields", t.field());
        if (field.equals(t.field()) && t.field() != null) {
            field = RecordTypes.find(rule.recordType()).map(r -> fields.label(r, t.field(), locale)).orElse(field);
        }
        int days = t.days() == null ? 0 : t.days();
        return switch (t.kind()) {
            case FIELD_CHANGED -> say("automation.when.FIELD_CHANGED", locale, field)
                    // a stage, a person, a team by its name, as the editor offers it, never its id
                    + fromTo(value(field(type, "fields", t.field()), t.from()),
                            value(field(type, "fields", t.field()), t.to()), locale);
            case DATE_REACHED -> say(days < 0 ? "automation.when.DATE_BEFORE" : days > 0 ? "automation.when.DATE_AFTER"
                    : "automation.when.DATE_ON", locale, Math.abs(days), field);
            case INVOICE_OVERDUE -> say("automation.when.INVOICE_OVERDUE", locale, days);
            case SCHEDULE -> say("automation.when.SCHEDULE." + t.every(), locale, t.hour(),
                    t.weekday() == null ? "" : java.time.DayOfWeek.of(t.weekday()).getDisplayName(
                            java.time.format.TextStyle.FULL, locale));
            case STAGE_CHANGED -> say("automation.when.STAGE_CHANGED", locale)
                    + (t.stageId() == null ? "" : " → " + named(catalogue, "stages", t.stageId()));
            case STATUS_CHANGED -> say("automation.when.STATUS_CHANGED", locale)
                    + (t.to() == null || t.to().isBlank() ? "" : " → " + named(catalogue, "ticketStatuses", t.to()));
            case FORM_SUBMITTED -> say("automation.trigger." + kind, locale)
                    + (t.formId() == null ? "" : ": " + named(catalogue, "forms", t.formId()));
            case SURVEY_ANSWERED -> say("automation.trigger." + kind, locale)
                    + (t.surveyId() == null ? "" : ": " + named(catalogue, "surveys", t.surveyId()));
            case SEGMENT_JOINED, SEGMENT_LEFT -> say("automation.trigger." + kind, locale)
                    + (t.segmentId() == null ? "" : ": " + named(catalogue, "segments", t.segmentId()));
            default -> say("automation.trigger." + kind, locale);
        };
    }

    private String fromTo(String from, String to, Locale locale) {
        String read = "";
        if (from != null && !from.isBlank()) {
            read += " " + say("automation.editor.from", locale).toLowerCase(locale) + " " + from;
        }
        if (to != null && !to.isBlank()) {
            read += " " + say("automation.editor.to", locale).toLowerCase(locale) + " " + to;
        }
        return read;
    }

    private String conditions(Rule.Conditions group, Map<String, Object> type, Map<String, Object> catalogue,
            Locale locale, List<String> each) {
        List<String> parts = new ArrayList<>();
        for (Rule.Condition c : group.items()) {
            if (c.group()) {
                parts.add("(" + conditions(c.asGroup(), type, catalogue, locale, each) + ")");
                continue;
            }
            String condition = condition(c, type, catalogue, locale);
            each.add(condition);
            parts.add(condition);
        }
        return String.join(" " + say(group.any() ? "automation.editor.or" : "automation.editor.and", locale) + " ",
                parts);
    }

    @SuppressWarnings("unchecked")
    private String condition(Rule.Condition c, Map<String, Object> type, Map<String, Object> catalogue,
            Locale locale) {
        Map<String, Map<String, String>> ops = (Map<String, Map<String, String>>) catalogue.get("ops");
        Map<String, Object> field = field(type, "fields", c.field());
        String label = field == null ? String.valueOf(c.field()) : (String) field.get("label");
        String op = ops.getOrDefault(field == null ? "TEXT" : (String) field.get("kind"), Map.of())
                .getOrDefault(c.op(), String.valueOf(c.op()));
        if ("CHANGED".equals(c.op())) {
            return label + " " + op + fromTo(value(field, c.from()), value(field, c.to()), locale);
        }
        if ("EMPTY".equals(c.op()) || "NOT_EMPTY".equals(c.op())) {
            // worded whole: the adjective agrees with "the field", whatever the gender of the field's name
            return say("automation.condition." + c.op(), locale, label);
        }
        return label + " " + op + " " + value(field, c.value());
    }

    @SuppressWarnings("unchecked")
    private static String value(Map<String, Object> field, String value) {
        if (value == null || field == null || !field.containsKey("values")) {
            return value;
        }
        return ((Map<String, String>) field.get("values")).getOrDefault(value, value);
    }

    private String action(Rule.Action a, Map<String, Object> type, Map<String, Object> catalogue, Locale locale) {
        String who = who(a, catalogue, locale);
        return switch (String.valueOf(a.type())) {
            case "SEND_EMAIL" -> say("automation.does.SEND_EMAIL", locale, a.template(), who);
            case "CREATE_TASK" -> say("automation.does.CREATE_TASK", locale, a.text(), who,
                    a.amount() == null ? 1 : a.amount());
            case "CREATE_TICKET" -> say("automation.does.CREATE_TICKET", locale, a.text());
            case "ASSIGN" -> say("TEAM".equals(a.who()) ? "automation.does.ASSIGN_TEAM" : "automation.does.ASSIGN",
                    locale, "TEAM".equals(a.who()) ? named(catalogue, "teams", a.teamId()) : who);
            case "SET_FIELD" -> say("automation.does.SET_FIELD", locale, fieldLabel(type, "settable", a.field()),
                    value(field(type, "settable", a.field()), a.value() == null || a.value().isBlank() ? "—"
                            : a.value()));
            case "ADD_TAG", "REMOVE_TAG" -> say("automation.does." + a.type(), locale, a.value());
            case "ADD_TO_LIST" -> say("automation.does.ADD_TO_LIST", locale, named(catalogue, "lists",
                    a.segmentId()));
            case "NOTIFY" -> say("automation.does.NOTIFY", locale, who, a.text() == null ? "" : a.text());
            case "WEBHOOK" -> say("automation.does.WEBHOOK", locale, named(catalogue, "subscriptions",
                    a.subscriptionId()));
            case "WAIT" -> say("automation.does.WAIT." + a.unit(), locale, a.amount());
            default -> String.valueOf(a.type());
        };
    }

    private String who(Rule.Action a, Map<String, Object> catalogue, Locale locale) {
        return switch (String.valueOf(a.who())) {
            case "USER" -> named(catalogue, "users", a.userId());
            case "TEAM" -> say("automation.whom.TEAM", locale, named(catalogue, "teams", a.teamId()));
            case "null" -> "";
            default -> say("automation.whom." + a.who(), locale);
        };
    }

    @SuppressWarnings("unchecked")
    private static String named(Map<String, Object> catalogue, String list, Object id) {
        if (id == null) {
            return "";
        }
        Object names = catalogue.get(list);
        return names instanceof Map<?, ?> map ? String.valueOf(((Map<String, String>) map).getOrDefault(
                String.valueOf(id), "#" + id)) : "#" + id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> type(Map<String, Object> catalogue, String id) {
        return ((List<Map<String, Object>>) catalogue.get("types")).stream().filter(t -> t.get("id").equals(id))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> type, String list, String id) {
        if (type == null || id == null) {
            return null;
        }
        return ((List<Map<String, Object>>) type.get(list)).stream().filter(f -> f.get("id").equals(id)).findFirst()
                .orElse(null);
    }

    private static String fieldLabel(Map<String, Object> type, String list, String id) {
        Map<String, Object> field = field(type, list, id);
        return field == null ? String.valueOf(id) : (String) field.get("label");
    }

    private String say(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
