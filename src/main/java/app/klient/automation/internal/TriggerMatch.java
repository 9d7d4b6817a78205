package app.klient.automation.internal;

import app.klient.automation.RecordChange;
import app.klient.automation.RecordChange.Operation;
import app.klient.automation.Rule;
import tools.jackson.databind.JsonNode;

/**
 * Whether a change is what a rule's trigger waits for. The record a segment change is about is the contact; the
 * trigger column of a field-changed trigger is found once, when the rules are read ({@code column}).
 */
final class TriggerMatch {

    private TriggerMatch() {
    }

    /** The kind of record whose changes a trigger reads (a list's members are written down as their own kind). */
    static String watchedType(Rule rule) {
        return switch (rule.trigger().kind()) {
            case SEGMENT_JOINED, SEGMENT_LEFT -> "segment_member";
            default -> rule.recordType();
        };
    }

    static boolean matches(Rule rule, String column, RecordChange change) {
        Rule.Trigger t = rule.trigger();
        if (t.kind().timed() || !change.recordType().equals(watchedType(rule))) {
            return false;
        }
        boolean update = change.operation() == Operation.UPDATE;
        return switch (t.kind()) {
            case CREATED -> change.operation() == Operation.CREATE;
            case CHANGED -> update;
            case FIELD_CHANGED -> update && column != null && change.changed().contains(column)
                    && fieldMoved(rule, column, change);
            case STAGE_CHANGED -> update && change.changed().contains("stage_id")
                    && (t.stageId() == null || t.stageId().toString().equals(text(change.valueAfter("stage_id"))));
            case DEAL_WON -> update && change.changed().contains("status")
                    && "WON".equals(text(change.valueAfter("status")));
            case DEAL_LOST -> update && change.changed().contains("status")
                    && "LOST".equals(text(change.valueAfter("status")));
            case STATUS_CHANGED -> update && change.changed().contains("status")
                    && (blank(t.to()) || t.to().equals(text(change.valueAfter("status"))));
            case SLA_WARNING -> update && (set(change, "warned_at") || set(change, "response_warned_at"));
            case SLA_BREACHED -> update && change.changed().contains("breached")
                    && "true".equals(text(change.valueAfter("breached")));
            case FORM_SUBMITTED -> change.operation() == Operation.CREATE
                    && change.valueAfter("web_form_id") != null && !change.valueAfter("web_form_id").isNull()
                    && (t.formId() == null || t.formId().toString().equals(text(change.valueAfter("web_form_id"))));
            case SURVEY_ANSWERED -> change.operation() == Operation.CREATE
                    && (t.surveyId() == null || t.surveyId().toString().equals(text(change.valueAfter("survey_id"))));
            case SEGMENT_JOINED -> change.operation() == Operation.CREATE
                    && (t.segmentId() == null || t.segmentId().toString().equals(text(change.valueAfter("segment_id"))));
            case SEGMENT_LEFT -> change.operation() == Operation.DELETE
                    && (t.segmentId() == null
                            || t.segmentId().toString().equals(text(change.valueBefore("segment_id"))));
            case EMAIL_RECEIVED -> change.operation() == Operation.CREATE
                    && "INBOUND".equals(text(change.valueAfter("direction")));
            default -> false;
        };
    }

    /** A field-changed trigger with "from" and "to": the old and new values are those (a custom field by its key). */
    private static boolean fieldMoved(Rule rule, String column, RecordChange change) {
        JsonNode before = change.valueBefore(column);
        JsonNode after = change.valueAfter(column);
        if (column.equals("custom_fields")) {
            String key = rule.trigger().field().substring("custom.".length());
            before = before == null ? null : before.get(key);
            after = after == null ? null : after.get(key);
            if (java.util.Objects.equals(before, after)) {
                return false;
            }
        }
        return (blank(rule.trigger().from()) || rule.trigger().from().equalsIgnoreCase(text(before)))
                && (blank(rule.trigger().to()) || rule.trigger().to().equalsIgnoreCase(text(after)));
    }

    private static boolean set(RecordChange change, String column) {
        JsonNode after = change.valueAfter(column);
        return change.changed().contains(column) && after != null && !after.isNull();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
