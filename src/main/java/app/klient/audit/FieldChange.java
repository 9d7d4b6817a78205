package app.klient.audit;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    /**
     * The named components of a record as the audit log keeps them, in the order named: what to log is chosen, so a
     * password or a document's lines never slip in. Amounts are written out plainly ({@code 1216.00}, not
     * {@code 1.216E+3}).
     */
    public static Map<String, Object> fields(Record record, String... components) {
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        Arrays.stream(record.getClass().getRecordComponents()).forEach(c -> byName.put(c.getName(), c));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : components) {
            RecordComponent component = byName.get(name);
            if (component == null) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + name);
            }
            try {
                component.getAccessor().setAccessible(true);
                Object value = component.getAccessor().invoke(record);
                fields.put(name, value instanceof BigDecimal amount ? amount.toPlainString() : value);
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }

    /** Every field of a new record that has a value. */
    public static List<FieldChange> of(Map<String, ?> created) {
        return between(Map.of(), created);
    }
}
