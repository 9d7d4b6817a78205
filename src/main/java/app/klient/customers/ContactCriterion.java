package app.klient.customers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One thing a contact filter may ask, e.g. "spent in total" or "has an open deal": a key, its label (a message key),
 * the operators it offers, the type of its value, the choices when the value is one of a list, whether it takes a
 * period ("within the last N days"), and the SQL it becomes on contacts aliased {@code c}.
 */
public record ContactCriterion(String key, String group, String labelKey, ValueType valueType,
        List<Operator> operators, boolean period, Function<Locale, List<Choice>> choices, Sql sql,
        Function<Locale, String> label, boolean counted) {

    /** A criterion whose label is the message {@code labelKey}. */
    public ContactCriterion(String key, String group, String labelKey, ValueType valueType, List<Operator> operators,
            boolean period, Function<Locale, List<Choice>> choices, Sql sql) {
        this(key, group, labelKey, valueType, operators, period, choices, sql, null, false);
    }

    /** The same criterion with a label of its own (e.g. a custom field's name) instead of a message. */
    public ContactCriterion labelled(Function<Locale, String> own) {
        return new ContactCriterion(key, group, labelKey, valueType, operators, period, choices, sql, own, counted);
    }

    /** The same criterion asking also how many times at least ("visited the page 2 times"). */
    public ContactCriterion countingTimes() {
        return new ContactCriterion(key, group, labelKey, valueType, operators, period, choices, sql, label, true);
    }

    public ContactCriterion {
        if (!key.matches("[a-z][a-zA-Z0-9_.-]{1,79}")) {
            throw new IllegalArgumentException("criterion key " + key);
        }
        operators = List.copyOf(operators);
        if (choices == null) {
            choices = locale -> List.of();
        }
    }

    public enum ValueType {
        /** No value: the operator says it all (YES/NO, EMPTY/NOT_EMPTY). */
        NONE, TEXT, NUMBER, DATE, CHOICE
    }

    public enum Operator {
        EQ, NE, CONTAINS, GT, GE, LT, LE, BEFORE, AFTER, IS, IS_NOT, EMPTY, NOT_EMPTY, YES, NO;

        /** Whether the operator needs a value. */
        public boolean takesValue() {
            return this != EMPTY && this != NOT_EMPTY && this != YES && this != NO;
        }

        /** The SQL comparison of EQ…LE, BEFORE/AFTER; null for the others. */
        public String comparison() {
            return switch (this) {
                case EQ, IS -> "=";
                case NE, IS_NOT -> "<>";
                case GT, AFTER -> ">";
                case GE -> ">=";
                case LT, BEFORE -> "<";
                case LE -> "<=";
                default -> null;
            };
        }
    }

    /** A value to choose from: what is stored and what a person reads. */
    public record Choice(String value, String label) {
    }

    /**
     * A value checked against the criterion's type: {@code text} for TEXT and CHOICE, {@code number} for NUMBER,
     * {@code date} for DATE; {@code days} is the period (null for "ever"); {@code times} how many times at least, for counted criteria.
     */
    public record Value(String text, BigDecimal number, LocalDate date, Integer days, int times) {

        public Value(String text, BigDecimal number, LocalDate date, Integer days) {
            this(text, number, date, days, 1);
        }
    }

    /** The SQL of one rule; placeholders come from {@code params}. */
    @FunctionalInterface
    public interface Sql {
        String where(Operator operator, Value value, ContactCondition.Params params);
    }

    /** The operators usual for a value type. */
    public static List<Operator> operatorsFor(ValueType type) {
        return switch (type) {
            case NONE -> List.of(Operator.YES, Operator.NO);
            case TEXT -> List.of(Operator.EQ, Operator.NE, Operator.CONTAINS, Operator.EMPTY, Operator.NOT_EMPTY);
            case NUMBER -> List.of(Operator.GT, Operator.GE, Operator.LT, Operator.LE, Operator.EQ);
            case DATE -> List.of(Operator.BEFORE, Operator.AFTER, Operator.EMPTY, Operator.NOT_EMPTY);
            case CHOICE -> List.of(Operator.IS, Operator.IS_NOT);
        };
    }

    /** {@code <expression> <op> <value>} for the comparison operators; YES/NO are left to the criterion. */
    public static String compare(String expression, Operator operator, Value value, ContactCondition.Params params) {
        return switch (operator) {
            case EMPTY -> "(" + expression + ") is null";
            case NOT_EMPTY -> "(" + expression + ") is not null";
            case CONTAINS -> "lower(" + expression + ") like " + params.add("%" + like(value.text().toLowerCase()) + "%")
                    + " escape '\\'";
            case NE, IS_NOT -> "(" + expression + ") is distinct from " + typed(value, params);
            default -> {
                if (operator.comparison() == null) {
                    throw new IllegalArgumentException(operator.name());
                }
                yield "(" + expression + ") " + operator.comparison() + " " + typed(value, params);
            }
        };
    }

    /**
     * An aggregate per contact compared with a number, exact for contacts with no rows too (their aggregate counts
     * as {@code zero}, or as absent when {@code zero} is null): {@code select contact_id from … group by contact_id}
     * with a {@code having} clause, so the database reads the rows once for a count and in contact order for a page.
     *
     * @param grouped {@code select x.contact_id from … where x.contact_id is not null … group by x.contact_id}; the
     *     contacts after {@link ContactCondition#AFTER} only (0 but on a page of members in id order)
     * @param aggregate e.g. {@code sum(x.gross_total)}
     */
    public static String aggregate(String grouped, String aggregate, BigDecimal zero, Operator operator, Value value,
            ContactCondition.Params params) {
        String comparison = "(" + aggregate + ") " + operator.comparison() + " cast(" + params.add(value.number())
                + " as numeric)";
        int groupBy = grouped.lastIndexOf(" group by ");
        if (groupBy > 0) {
            // a page of members in contact id order starts its groups where the page starts, not at the first contact
            String column = grouped.substring(groupBy + " group by ".length()).strip();
            grouped = grouped.substring(0, groupBy) + " and " + column + " > :" + ContactCondition.AFTER
                    + grouped.substring(groupBy);
        }
        boolean zeroMatches = zero != null && switch (operator) {
            case EQ -> zero.compareTo(value.number()) == 0;
            case NE -> zero.compareTo(value.number()) != 0;
            case GT -> zero.compareTo(value.number()) > 0;
            case GE -> zero.compareTo(value.number()) >= 0;
            case LT -> zero.compareTo(value.number()) < 0;
            case LE -> zero.compareTo(value.number()) <= 0;
            default -> throw new IllegalArgumentException(operator.name());
        };
        return zeroMatches ? "c.id not in (" + grouped + " having not (" + comparison + "))"
                : "c.id in (" + grouped + " having " + comparison + ")";
    }

    /** {@code and <column> >= now() - N days} for a period, nothing for "ever". */
    public static String within(String column, Value value, ContactCondition.Params params) {
        return value.days() == null ? ""
                : " and " + column + " >= now() - make_interval(days => cast(" + params.add(value.days()) + " as int))";
    }

    private static String typed(Value value, ContactCondition.Params params) {
        if (value.number() != null) {
            return "cast(" + params.add(value.number()) + " as numeric)";
        }
        if (value.date() != null) {
            return "cast(" + params.add(value.date()) + " as date)";
        }
        return "cast(" + params.add(value.text()) + " as text)";
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
