package app.klient.platform.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The filters an export was asked with, as {@code name=value} pairs for the audit log (empty ones left out). */
public final class Filters {

    private Filters() {
    }

    public static String describe(Record query) {
        List<String> parts = new ArrayList<>();
        for (var component : query.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(query);
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> parts.add(component.getName() + "." + k + "=" + v));
                }
                else if (value != null && !(value instanceof String s && s.isBlank())) {
                    parts.add(component.getName() + "=" + value);
                }
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        String described = String.join(", ", parts);
        return described.length() > 400 ? described.substring(0, 400) + "…" : described;
    }
}
