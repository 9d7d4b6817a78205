package app.klient.automation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.analytics.report.ReportField;
import app.klient.analytics.report.ReportSubject;
import app.klient.analytics.report.ReportSubjects;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.customers.CustomFieldDefinition;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerType;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The fields a rule reads and writes for each kind of record: the fields of the report subject of that kind (one
 * catalogue for reports and rules, with the related records': a contact's company's country, a deal's company's
 * industry), its custom fields as {@code custom.<key>} (the active ones), and the few fields a rule may set.
 */
@Component
public class RuleFields {

    /** A field a rule's action may set: its column, and for a code the message prefix that names its values. */
    public record Settable(String field, String column, ReportField.Type type, String valuePrefix,
            List<String> values) {
    }

    private static final Pattern COLUMN = Pattern.compile("x\\.([a-z_]+)");
    private static final Map<String, List<Settable>> SETTABLE = Map.of(
            "company", List.of(new Settable("industry", "industry", ReportField.Type.TEXT, null, List.of()),
                    new Settable("size", "size", ReportField.Type.CODE, "size.",
                            List.of("MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE"))),
            "deal", List.of(new Settable("nextStep", "next_step", ReportField.Type.TEXT, null, List.of()),
                    new Settable("expectedCloseDate", "expected_close_date", ReportField.Type.DATE, null, List.of())),
            "lead", List.of(new Settable("score", "score", ReportField.Type.NUMBER, null, List.of())),
            "ticket", List.of(new Settable("priority", "priority", ReportField.Type.CODE, "ticket.priority.",
                    List.of("LOW", "NORMAL", "HIGH", "URGENT")),
                    new Settable("category", "category", ReportField.Type.TEXT, null, List.of())),
            "task", List.of(new Settable("priority", "priority", ReportField.Type.CODE, "ticket.priority.",
                    List.of("LOW", "NORMAL", "HIGH"))));

    private final CustomFields customFields;
    private final MessageSource messages;

    RuleFields(CustomFields customFields, MessageSource messages) {
        this.customFields = customFields;
        this.messages = messages;
    }

    /** The subject a rule about {@code type} reads: the report subject's fields and the active custom fields. */
    public ReportSubject subject(RecordType type) {
        ReportSubject base = ReportSubjects.find(type.subject()).orElseThrow();
        if (type.customEntity() == null) {
            return base;
        }
        Map<String, ReportField> fields = new LinkedHashMap<>(base.fields());
        for (CustomFieldDefinition definition : customFields.active(CustomerType.valueOf(type.customEntity()))) {
            fields.put("custom." + definition.key(), customField(definition));
        }
        return new ReportSubject(base.id(), base.from(), fields, base.dateField(), base.defaultColumns());
    }

    /** A field's name in the reader's language (a custom field's label, or the report's name for the field). */
    public String label(RecordType type, String field, Locale locale) {
        if (field != null && field.startsWith("custom.") && type.customEntity() != null) {
            String key = field.substring("custom.".length());
            return customFields.all(CustomerType.valueOf(type.customEntity())).stream()
                    .filter(d -> d.key().equals(key)).findFirst().map(d -> d.label(locale)).orElse(key);
        }
        return messages.getMessage("report.field." + field, null, field, locale);
    }

    /**
     * The column of the record's own row that holds the field (custom fields: {@code custom_fields}), for "changed
     * from → to" and for a field-changed trigger; empty for a field of a related record.
     */
    public static Optional<String> column(String field, ReportField f) {
        if (field.startsWith("custom.")) {
            return Optional.of("custom_fields");
        }
        Matcher m = COLUMN.matcher(f.sql());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public List<Settable> settable(RecordType type) {
        List<Settable> fields = new java.util.ArrayList<>(SETTABLE.getOrDefault(type.id(), List.of()));
        if (type.customEntity() != null) {
            for (CustomFieldDefinition d : customFields.active(CustomerType.valueOf(type.customEntity()))) {
                ReportField.Type t = customField(d).type();
                if (t != ReportField.Type.CODE || d.options().size() > 0) {
                    fields.add(new Settable("custom." + d.key(), "custom_fields", t, null,
                            d.options().stream().map(CustomFieldDefinition.Option::key).toList()));
                }
            }
        }
        return fields;
    }

    public Optional<Settable> settable(RecordType type, String field) {
        return settable(type).stream().filter(s -> s.field().equals(field)).findFirst();
    }

    /** A custom field read from the record's {@code custom_fields}, a value that does not parse read as none. */
    private static ReportField customField(CustomFieldDefinition d) {
        String raw = "(x.custom_fields ->> '" + d.key() + "')";
        return switch (d.type()) {
            case NUMBER -> new ReportField("custom." + d.key(), ReportField.Type.NUMBER, "case when " + raw
                    + " ~ '^-?[0-9]+(\\.[0-9]+)?$' then " + raw + "::numeric end", null, null, null, null, null);
            case DATE -> new ReportField("custom." + d.key(), ReportField.Type.DATE, "case when " + raw
                    + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then " + raw + "::date end", null, null, null, null, null);
            case BOOLEAN -> new ReportField("custom." + d.key(), ReportField.Type.BOOLEAN, raw + " = 'true'", null,
                    null, null, null, null);
            case CHOICE -> new ReportField("custom." + d.key(), ReportField.Type.CODE, raw, null, null, null, null,
                    null);
            default -> new ReportField("custom." + d.key(), ReportField.Type.TEXT, raw, null, null, null, null, null);
        };
    }
}
