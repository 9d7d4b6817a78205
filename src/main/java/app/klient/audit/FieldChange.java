package app.klient.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

public record FieldChange(String field, String oldValue, String newValue) {

    /** The fields whose values differ between two states of a record, in the order of {@code after}. */
    public static List<FieldChange> between(Map<String, ?> before, Map<String, ?> after) {
        List<FieldChange> changes = new ArrayList<>();
        after.forEach((field, value) -> {
            String old = before.get(field) == null ? null : before.get(field).toString();
            String now = value == null ? null : value.toString();
            if (!Objects.equals(old, now)) {
                changes.add(new FieldChange(field, old, now));
            }
        });
        return changes;
    }

    /** Every field of a new record that has a value. */
    public static List<FieldChange> of(Map<String, ?> created) {
        return between(Map.of(), created);
    }
}
