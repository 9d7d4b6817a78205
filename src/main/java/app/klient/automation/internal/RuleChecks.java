package app.klient.automation.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import app.klient.analytics.report.ReportField;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import app.klient.platform.InvalidFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a rule's trigger options and actions must be, checked on save and again when it is switched on or run (a
 * field, a user, a template or a list may have gone since): each error names where it is.
 */
@Component
public class RuleChecks {

    private static final Set<String> TICKET_STATUSES = Set.of("NEW", "OPEN", "WAITING", "RESOLVED", "CLOSED",
            "REOPENED");
    private static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");
    private static final int MAX_TEXT = 500;

    private final JdbcClient jdbc;
    private final RuleFields fields;
    private final ConditionCheck conditions;

    RuleChecks(JdbcClient jdbc, RuleFields fields, ConditionCheck conditions) {
        this.jdbc = jdbc;
        this.fields = fields;
        this.conditions = conditions;
    }

    /** How many records match the rule's conditions now, and the newest {@code max} of them. */
    public long countNow(Rule rule, RecordType type) {
        return conditions.countNow(rule, type);
    }

    public List<Long> matchingNow(Rule rule, RecordType type, int max) {
        return conditions.matchingNow(rule, type, max);
    }

    public boolean teamExists(long id) {
        return exists("teams", id);
    }

    public void trigger(Rule.Trigger t, RecordType type, InvalidFields.Collector errors) {
        switch (t.kind()) {
            case FIELD_CHANGED -> {
                ReportField f = fields.subject(type).field(t.field()).orElse(null);
                if (f == null) {
                    errors.add("trigger.field", "report.field.unknown");
                }
                else if (RuleFields.column(t.field(), f).isEmpty()) {
                    errors.add("trigger.field", "automation.condition.notOwnField");
                }
                else {
                    value(type, t.field(), t.from(), "trigger.from", errors);
                    value(type, t.field(), t.to(), "trigger.to", errors);
                }
            }
            case DATE_REACHED -> {
                ReportField f = fields.subject(type).field(t.field()).orElse(null);
                if (f == null) {
                    errors.add("trigger.field", "report.field.unknown");
                }
                else if (f.type() != ReportField.Type.DATE) {
                    errors.add("trigger.field", "automation.trigger.needsDate");
                }
                range(t.days(), -366, 366, "trigger.days", errors);
            }
            case INVOICE_OVERDUE -> range(t.days() == null ? 0 : t.days(), 0, 366, "trigger.days", errors);
            case STAGE_CHANGED -> known("stages", t.stageId(), "trigger.stageId", errors);
            case STATUS_CHANGED -> {
                if (t.to() != null && !t.to().isBlank() && !TICKET_STATUSES.contains(t.to())) {
                    errors.add("trigger.to", "automation.value.unknown");
                }
            }
            case FORM_SUBMITTED -> known("web_forms", t.formId(), "trigger.formId", errors);
            case SURVEY_ANSWERED -> known("surveys", t.surveyId(), "trigger.surveyId", errors);
            case SEGMENT_JOINED, SEGMENT_LEFT -> known("segments", t.segmentId(), "trigger.segmentId", errors);
            case SCHEDULE -> {
                if (!List.of("DAY", "WEEK", "MONTH").contains(String.valueOf(t.every()))) {
                    errors.add("trigger.every", "automation.trigger.every");
                }
                range(t.hour(), 0, 23, "trigger.hour", errors);
                if ("WEEK".equals(t.every())) {
                    range(t.weekday(), 1, 7, "trigger.weekday", errors);
                }
            }
            default -> {
                // the others take no options
            }
        }
    }

    /** A value the field can hold (a number for an amount, one of a status's codes), or a field error. */
    private void value(RecordType type, String field, String value, String name, InvalidFields.Collector errors) {
        if (value == null || value.isBlank()) {
            return;
        }
        InvalidFields.Collector found = new InvalidFields.Collector();
        ReportField f = fields.subject(type).field(field).orElseThrow();
        app.klient.analytics.report.FieldConditions.sql(fields.subject(type),
                new app.klient.analytics.report.ReportDefinition.Condition(field, "EQ", value), name, "v",
                ConditionCheck.ZONE, new java.util.HashMap<>(), found);
        List<String> codes = app.klient.analytics.report.ReportSubjects.values(f);
        if (!found.isEmpty() || (!codes.isEmpty() && !codes.contains(value.strip()))) {
            errors.add(name, "automation.value.unknown");
        }
    }

    public void conditions(Rule rule, RecordType type, InvalidFields.Collector errors) {
        conditions.validate(rule, type, errors);
    }

    public void action(Rule.Action a, RecordType type, String name, InvalidFields.Collector errors) {
        if (a.type() == null || !RuleActions.TYPES.contains(a.type())) {
            errors.add(name + ".type", "automation.action.unknown");
            return;
        }
        switch (a.type()) {
            case "SEND_EMAIL" -> {
                who(a, Set.of("CUSTOMER", "OWNER", "USER"), name, errors);
                if (a.template() == null || a.template().isBlank() || !jdbc.sql(
                        "select exists (select 1 from email_templates where active and name = :name)")
                        .param("name", a.template()).query(Boolean.class).single()) {
                    errors.add(name + ".template", "emailTemplate.notFound");
                }
            }
            case "CREATE_TASK" -> {
                text(a, name, errors);
                who(a, Set.of("OWNER", "USER"), name, errors);
                range(a.amount() == null ? 1 : a.amount(), 0, 365, name + ".amount", errors);
                if (a.priority() != null && !Set.of("LOW", "NORMAL", "HIGH").contains(a.priority())) {
                    errors.add(name + ".priority", "automation.value.unknown");
                }
            }
            case "CREATE_TICKET" -> {
                text(a, name, errors);
                if (a.priority() != null && !PRIORITIES.contains(a.priority())) {
                    errors.add(name + ".priority", "automation.value.unknown");
                }
                if (a.teamId() != null) {
                    known("teams", a.teamId(), name + ".teamId", errors);
                }
            }
            case "ASSIGN" -> {
                if (!RuleActions.ASSIGNABLE.contains(type.id())) {
                    errors.add(name + ".type", "automation.action.notFor");
                }
                who(a, Set.of("USER", "TEAM"), name, errors);
            }
            case "SET_FIELD" -> setField(a, type, name, errors);
            case "ADD_TAG", "REMOVE_TAG" -> {
                if (!type.tagged()) {
                    errors.add(name + ".type", "automation.action.notFor");
                }
                if (a.value() == null || a.value().isBlank() || a.value().strip().length() > 50) {
                    errors.add(name + ".value", "automation.tag.invalid");
                }
            }
            case "ADD_TO_LIST" -> {
                if (a.segmentId() == null || !jdbc.sql(
                        "select exists (select 1 from segments where id = :id and kind = 'STATIC')")
                        .param("id", a.segmentId()).query(Boolean.class).single()) {
                    errors.add(name + ".segmentId", "automation.list.unknown");
                }
            }
            case "NOTIFY" -> {
                who(a, Set.of("OWNER", "USER", "TEAM"), name, errors);
                if (a.text() != null && a.text().length() > MAX_TEXT) {
                    errors.add(name + ".text", "automation.text.tooLong");
                }
            }
            case "WEBHOOK" -> {
                if (a.subscriptionId() == null || !exists("webhook_subscriptions", a.subscriptionId())) {
                    errors.add(name + ".subscriptionId", "automation.webhook.unknown");
                }
            }
            case "WAIT" -> {
                if (!"HOURS".equals(a.unit()) && !"DAYS".equals(a.unit())) {
                    errors.add(name + ".unit", "automation.wait.unit");
                }
                range(a.amount(), 1, "HOURS".equals(a.unit()) ? 24 * 90 : 365, name + ".amount", errors);
            }
            default -> throw new IllegalStateException(a.type());
        }
    }

    private void setField(Rule.Action a, RecordType type, String name, InvalidFields.Collector errors) {
        RuleFields.Settable field = fields.settable(type, a.field()).orElse(null);
        if (field == null) {
            errors.add(name + ".field", "automation.field.notSettable");
            return;
        }
        String value = a.value() == null ? "" : a.value().strip();
        if (value.isEmpty()) {
            return;
        }
        try {
            switch (field.type()) {
                case NUMBER -> new BigDecimal(value);
                case DATE -> LocalDate.parse(value);
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException(value);
                    }
                }
                default -> {
                    if (!field.values().isEmpty() && !field.values().contains(value)) {
                        throw new NumberFormatException(value);
                    }
                }
            }
        }
        catch (NumberFormatException | DateTimeParseException e) {
            errors.add(name + ".value", "report.value.invalid");
        }
    }

    private void who(Rule.Action a, Set<String> allowed, String name, InvalidFields.Collector errors) {
        if (a.who() == null || !allowed.contains(a.who())) {
            errors.add(name + ".who", "automation.who.unknown");
            return;
        }
        if (a.who().equals("USER") && (a.userId() == null || !jdbc.sql(
                "select exists (select 1 from users where id = :id and active)").param("id", a.userId())
                .query(Boolean.class).single())) {
            errors.add(name + ".userId", "automation.user.invalid");
        }
        if (a.who().equals("TEAM") && (a.teamId() == null || !teamExists(a.teamId()))) {
            errors.add(name + ".teamId", "team.notFound");
        }
    }

    private static void text(Rule.Action a, String name, InvalidFields.Collector errors) {
        if (a.text() == null || a.text().isBlank()) {
            errors.add(name + ".text", "automation.text.required");
        }
        else if (a.text().length() > MAX_TEXT) {
            errors.add(name + ".text", "automation.text.tooLong");
        }
    }

    private static void range(Integer value, int min, int max, String name, InvalidFields.Collector errors) {
        if (value == null || value < min || value > max) {
            errors.add(name, "automation.range", min, max);
        }
    }

    private void known(String table, Long id, String name, InvalidFields.Collector errors) {
        if (id != null && !exists(table, id)) {
            errors.add(name, "automation.value.unknown");
        }
    }

    private boolean exists(String table, long id) {
        return jdbc.sql("select exists (select 1 from " + table + " where id = :id)").param("id", id)
                .query(Boolean.class).single();
    }
}
