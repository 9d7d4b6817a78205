package app.klient.analytics.report;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.KpiSql;
import app.klient.platform.InvalidFields;

/**
 * One condition on a field ("amount at least 1000", "status is WON") written as SQL with its value a parameter: the
 * filters of a report, and the conditions of an automation rule, which are read against the same fields.
 */
public final class FieldConditions {

    /** The operators a condition takes; EMPTY and NOT_EMPTY take no value. */
    public static final Set<String> OPS = Set.of("EQ", "NE", "GT", "GE", "LT", "LE", "CONTAINS", "EMPTY",
            "NOT_EMPTY");

    private FieldConditions() {
    }

    /**
     * The SQL of one condition on a field of {@code subject} (its table aliased {@code x}), its value bound as the
     * parameter {@code param} (and {@code param + "b"}) in {@code params}; or null, with a field error under
     * {@code name + ".field" / ".op" / ".value"}, when the field, the operator or the value is not one the field takes.
     * A day compares as the whole day in {@code zone}.
     */
    public static String sql(ReportSubject subject, ReportDefinition.Condition c, String name, String param,
            ZoneId zone, Map<String, Object> params, InvalidFields.Collector errors) {
        ReportField f = subject.field(c.field()).orElse(null);
        if (f == null) {
            errors.add(name + ".field", "report.field.unknown");
        }
        String op = c.op() == null ? "EQ" : c.op();
        if (!OPS.contains(op)) {
            errors.add(name + ".op", "report.op.unknown");
            return null;
        }
        if (f == null) {
            return null;
        }
        if (op.equals("EMPTY")) {
            return f.sql() + " is null";
        }
        if (op.equals("NOT_EMPTY")) {
            return f.sql() + " is not null";
        }
        String value = c.value() == null ? "" : c.value().strip();
        Object parsed;
        String left = f.sql();
        try {
            switch (f.type()) {
                case NUMBER -> parsed = new BigDecimal(value);
                case MONEY -> {
                    parsed = new BigDecimal(value);
                    left = KpiSql.inCompanyCurrency(f.sql(), f.currencySql(), f.daySql());
                }
                case REF -> parsed = Long.parseLong(value);
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException(value);
                    }
                    parsed = Boolean.parseBoolean(value);
                }
                case DATE -> {
                    LocalDate day = LocalDate.parse(value);
                    // a day compares as the reader's whole day
                    parsed = Timestamp.from(day.plusDays(op.equals("GT") || op.equals("LE") ? 1 : 0)
                            .atStartOfDay(zone).toInstant());
                    left = "cast(" + f.sql() + " as timestamptz)";
                    return switch (op) {
                        case "EQ" -> {
                            params.put(param + "b", Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant()));
                            params.put(param, parsed);
                            yield left + " >= :" + param + " and " + left + " < :" + param + "b";
                        }
                        case "GE", "GT" -> {
                            params.put(param, parsed);
                            yield left + " >= :" + param;
                        }
                        case "LT", "LE" -> {
                            params.put(param, parsed);
                            yield left + " < :" + param;
                        }
                        default -> {
                            errors.add(name + ".op", "report.op.notForDates");
                            yield null;
                        }
                    };
                }
                default -> {
                    if (value.isEmpty() || value.indexOf('\0') >= 0) {
                        throw new NumberFormatException(value);
                    }
                    parsed = value;
                }
            }
        }
        catch (NumberFormatException | DateTimeParseException e) {
            errors.add(name + ".value", "report.value.invalid");
            return null;
        }
        params.put(param, parsed);
        return switch (op) {
            case "EQ" -> left + " = :" + param;
            case "NE" -> left + " is distinct from :" + param;
            case "GT" -> left + " > :" + param;
            case "GE" -> left + " >= :" + param;
            case "LT" -> left + " < :" + param;
            case "LE" -> left + " <= :" + param;
            case "CONTAINS" -> {
                params.put(param, "%" + value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%");
                yield "lower(cast(" + f.sql() + " as text)) like :" + param + " escape '\\'";
            }
            default -> null;
        };
    }
}
