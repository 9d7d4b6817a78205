package app.klient.analytics.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report is about (deals, invoice lines, tickets…): the SQL it reads from (its main table aliased {@code x},
 * with the joins its fields need), its fields, and the date field a report of it is usually cut by.
 */
public record ReportSubject(String id, String from, Map<String, ReportField> fields, String dateField,
        List<String> defaultColumns) {

    static ReportSubject of(String id, String from, String dateField, List<String> defaultColumns,
            ReportField... fields) {
        Map<String, ReportField> byId = new LinkedHashMap<>();
        for (ReportField f : fields) {
            byId.put(f.id(), f);
        }
        return new ReportSubject(id, from, byId, dateField, defaultColumns);
    }

    public Optional<ReportField> field(String id) {
        return Optional.ofNullable(id == null ? null : fields.get(id));
    }
}
