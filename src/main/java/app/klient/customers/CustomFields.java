package app.klient.customers;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.customers.internal.CustomFieldRepository;
import app.klient.customers.internal.CustomFieldRow;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The administrator's extra fields on companies and contacts, and the one place their values are checked and put
 * into shape: text, a number, a date (ISO), one or several of the defined options, yes/no, a web address.
 */
@Service
public class CustomFields {

    public static final int MAX_TEXT = 1000;
    private static final TypeReference<List<CustomFieldDefinition.Option>> OPTIONS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {
    };

    private final CustomFieldRepository definitions;
    private final JsonMapper json;

    CustomFields(CustomFieldRepository definitions, JsonMapper json) {
        this.definitions = definitions;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public List<CustomFieldDefinition> all(CustomerType entity) {
        return definitions.findByEntityOrderByPositionAscIdAsc(entity).stream().map(this::definition).toList();
    }

    @Transactional(readOnly = true)
    public List<CustomFieldDefinition> active(CustomerType entity) {
        return all(entity).stream().filter(CustomFieldDefinition::active).toList();
    }

    @Transactional(readOnly = true)
    public CustomFieldDefinition get(long id) {
        return definitions.findById(id).map(this::definition)
                .orElseThrow(() -> KlientException.notFound("customField.notFound"));
    }

    @Transactional
    public CustomFieldDefinition define(CustomFieldForm form) {
        if (definitions.existsByEntityAndKey(form.entity(), form.key())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("key", "customField.key.taken", form.key())));
        }
        CustomFieldRow row = new CustomFieldRow(form.entity(), form.key(), form.type());
        describe(row, form);
        return definition(definitions.saveAndFlush(row));
    }

    /** Labels, options, required and order may change; the key, the record type and the value type may not. */
    @Transactional
    public CustomFieldDefinition change(long id, CustomFieldForm form) {
        CustomFieldRow row = definitions.findById(id)
                .orElseThrow(() -> KlientException.notFound("customField.notFound"));
        Versions.check(form.version(), row.getVersion());
        if (row.getType() != form.type() || !row.getKey().equals(form.key()) || row.getEntity() != form.entity()) {
            throw KlientException.invalid("customField.immutable");
        }
        describe(row, form);
        return definition(definitions.saveAndFlush(row));
    }

    /** A retired field disappears from forms and lists; values already stored stay in the records. */
    @Transactional
    public CustomFieldDefinition setActive(long id, boolean active) {
        CustomFieldRow row = definitions.findById(id)
                .orElseThrow(() -> KlientException.notFound("customField.notFound"));
        row.setActive(active);
        return definition(definitions.saveAndFlush(row));
    }

    private void describe(CustomFieldRow row, CustomFieldForm form) {
        List<CustomFieldDefinition.Option> options = form.options() == null ? List.of() : form.options();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.type().hasOptions() && options.isEmpty()) {
            errors.add("options", "customField.options.missing");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (CustomFieldDefinition.Option option : options) {
            if (option.key() == null || !option.key().matches("[a-z0-9][a-z0-9_-]{0,39}") || !keys.add(option.key())
                    || blank(option.labelEn()) || blank(option.labelPl()) || blank(option.labelCs())
                    || option.labelEn().length() > 100 || option.labelPl().length() > 100
                    || option.labelCs().length() > 100) {
                errors.add("options", "customField.options.invalid");
                break;
            }
        }
        errors.throwIfAny();
        row.describe(form.labelEn().strip(), form.labelPl().strip(), form.labelCs().strip(),
                json.writeValueAsString(form.type().hasOptions() ? options : List.of()), Boolean.TRUE.equals(form.required()),
                form.position() == null ? 0 : form.position());
    }

    /**
     * Checks values sent for a record against the active definitions and answers them in stored form. Errors name
     * the field as {@code customFields.key}. Values of retired fields already on the record are kept.
     */
    public Map<String, Object> check(CustomerType entity, Map<String, ?> input, Map<String, Object> stored) {
        Map<String, CustomFieldDefinition> byKey = new LinkedHashMap<>();
        for (CustomFieldDefinition definition : all(entity)) {
            byKey.put(definition.key(), definition);
        }
        Map<String, ?> values = input == null ? Map.of() : input;
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Map<String, Object> result = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            CustomFieldDefinition definition = byKey.get(key);
            if (definition == null || !definition.active()) {
                errors.add("customFields." + key, "customField.unknown", key);
            }
        }
        for (CustomFieldDefinition definition : byKey.values()) {
            String field = "customFields." + definition.key();
            if (!definition.active()) {
                if (stored.containsKey(definition.key())) {
                    result.put(definition.key(), stored.get(definition.key()));
                }
                continue;
            }
            Object raw = values.get(definition.key());
            if (isEmpty(raw)) {
                if (definition.required()) {
                    errors.add(field, "customField.required");
                }
                continue;
            }
            Object value = convert(definition, raw);
            if (value == null) {
                errors.add(field, "customField.type." + definition.type().name().toLowerCase());
            }
            else {
                result.put(definition.key(), value);
            }
        }
        errors.throwIfAny();
        return result;
    }

    public Map<String, Object> read(String stored) {
        return stored == null || stored.isBlank() ? new LinkedHashMap<>() : json.readValue(stored, VALUES);
    }

    public String write(Map<String, Object> values) {
        return json.writeValueAsString(values);
    }

    /** A single value in the JSON form a filter compares with: {@code {"key": value}}. */
    public String filterJson(CustomFieldDefinition definition, String raw) {
        Object value = convert(definition, raw);
        if (value == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("cf." + definition.key(),
                    "customField.type." + definition.type().name().toLowerCase())));
        }
        return json.writeValueAsString(Map.of(definition.key(), value));
    }

    private static Object convert(CustomFieldDefinition definition, Object raw) {
        return switch (definition.type()) {
            case TEXT -> raw instanceof String s && s.strip().length() <= MAX_TEXT ? s.strip() : null;
            case NUMBER -> number(raw);
            case DATE -> date(raw);
            case BOOLEAN -> bool(raw);
            case URL -> url(raw);
            case CHOICE -> raw instanceof String s && hasOption(definition, s.strip()) ? s.strip() : null;
            case MULTI_CHOICE -> choices(definition, raw);
        };
    }

    private static BigDecimal number(Object raw) {
        if (raw instanceof Number n && !(raw instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            BigDecimal value = new BigDecimal(n.toString());
            return value.precision() - value.scale() <= 15 && value.scale() <= 6 ? value.stripTrailingZeros() : null;
        }
        if (raw instanceof String s && s.strip().matches("-?\\d{1,15}([.,]\\d{1,6})?")) {
            return new BigDecimal(s.strip().replace(',', '.')).stripTrailingZeros();
        }
        return null;
    }

    private static String date(Object raw) {
        if (!(raw instanceof String s)) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(s.strip());
            return date.getYear() >= 1000 && date.getYear() <= 9999 ? date.toString() : null;
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            return switch (s.strip().toLowerCase()) {
                case "true", "on", "yes", "1" -> Boolean.TRUE;
                case "false", "off", "no", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    private static String url(Object raw) {
        if (!(raw instanceof String s) || s.strip().length() > 500) {
            return null;
        }
        try {
            URI uri = URI.create(s.strip());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getHost().contains(".") ? uri.toString() : null;
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> choices(CustomFieldDefinition definition, Object raw) {
        Collection<?> items;
        if (raw instanceof Collection<?> collection) {
            items = collection;
        }
        else if (raw instanceof String s) {
            items = List.of(s.split(","));
        }
        else {
            return null;
        }
        List<String> chosen = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s) || !hasOption(definition, s.strip())) {
                return null;
            }
            if (!chosen.contains(s.strip())) {
                chosen.add(s.strip());
            }
        }
        return chosen;
    }

    private static boolean hasOption(CustomFieldDefinition definition, String key) {
        return definition.options().stream().anyMatch(o -> o.key().equals(key));
    }

    private static boolean isEmpty(Object raw) {
        return raw == null || (raw instanceof String s && s.isBlank())
                || (raw instanceof Collection<?> c && c.isEmpty());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private CustomFieldDefinition definition(CustomFieldRow row) {
        return new CustomFieldDefinition(row.getId(), row.getEntity(), row.getKey(), row.getType(), row.getLabelEn(),
                row.getLabelPl(), row.getLabelCs(), json.readValue(row.getOptions(), OPTIONS), row.isRequired(),
                row.getPosition(), row.isActive(), row.getVersion());
    }
}
