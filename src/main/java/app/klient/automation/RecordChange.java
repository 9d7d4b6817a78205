package app.klient.automation;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A change to a record as the database wrote it down: which record, what was done, the columns an update changed
 * with their values before, the row after, and how many rule actions deep it was made (0: by a person or a job).
 * Column names are the database's ({@code stage_id}, {@code first_name}).
 */
public record RecordChange(long id, String recordType, long recordId, Operation operation, List<String> changed,
        JsonNode before, JsonNode after, int depth, Instant occurredAt) {

    public enum Operation {
        CREATE, UPDATE, DELETE
    }

    public RecordChange {
        changed = List.copyOf(changed);
    }

    /** Whether this change set {@code column}: any create, or an update that changed it. */
    public boolean touched(String column) {
        return operation == Operation.CREATE || changed.contains(column);
    }

    /** A column's value before the change (null on a create, or when the update left it alone). */
    public JsonNode valueBefore(String column) {
        return before == null ? null : before.get(column);
    }

    /** A column's value after the change (null on a delete). */
    public JsonNode valueAfter(String column) {
        return after == null ? null : after.get(column);
    }
}
