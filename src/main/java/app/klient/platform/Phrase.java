package app.klient.platform;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something Klient tells a person, kept as what happened rather than as words: a message key and its typed values
 * (amounts with their currency, dates, codes of enumerations, names as typed). It is stored this way and put into
 * words only when read ({@link app.klient.platform.web.Phrases}), so a Czech reader sees Czech and her own number
 * format whoever caused it.
 */
public record Phrase(String key, List<Value> args) {

    public Phrase {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a phrase needs a message key");
        }
        args = args == null ? List.of() : List.copyOf(args);
    }

    /**
     * A phrase whose values are typed by what they are: a {@link Value} as given, a number as a number, a
     * {@link LocalDate} as a date, an {@link Instant} as a moment, anything else (a record's name or number) as text.
     */
    public static Phrase of(String key, Object... values) {
        return new Phrase(key, Arrays.stream(values).map(Phrase::value).toList());
    }

    public static Value text(String text) {
        return new Value(Value.TEXT, text == null ? "" : text, null, null, null);
    }

    public static Value money(BigDecimal amount, String currency) {
        return new Value(Value.MONEY, amount.toPlainString(), currency, null, null);
    }

    public static Value number(BigDecimal number) {
        return new Value(Value.NUMBER, number.toPlainString(), null, null, null);
    }

    public static Value date(LocalDate date) {
        return new Value(Value.DATE, date.toString(), null, null, null);
    }

    public static Value moment(Instant instant) {
        return new Value(Value.MOMENT, instant.toString(), null, null, null);
    }

    /** A code read through the bundles ({@code lead.source.WEB_FORM} → "Web form"); {@code fallback} when none has it. */
    public static Value code(String messageKey, String fallback) {
        return new Value(Value.CODE, messageKey, null, fallback, null);
    }

    /**
     * A name a person gave in several languages (a stage named by the administrator in English, Polish and Czech):
     * the reader's language's, else {@code name}.
     */
    public static Value named(String name, Map<String, String> byLanguage) {
        return new Value(Value.NAMED, name == null ? "" : name, null, null,
                byLanguage == null || byLanguage.isEmpty() ? null : Map.copyOf(byLanguage));
    }

    private static Value value(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        if (o instanceof BigDecimal d) {
            return number(d);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short) {
            return number(BigDecimal.valueOf(((Number) o).longValue()));
        }
        if (o instanceof LocalDate d) {
            return date(d);
        }
        if (o instanceof Instant i) {
            return moment(i);
        }
        return text(o == null ? null : o.toString());
    }

    /**
     * One value of a phrase. {@code type} is text, number, money (with {@code currency}), date (ISO), moment (ISO
     * instant), code (a message key, with the {@code fallback} text shown when no bundle has it) or named (a name,
     * with its {@code names} by language).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(String type, String value, String currency, String fallback, Map<String, String> names) {

        public static final String TEXT = "text";
        public static final String NUMBER = "number";
        public static final String MONEY = "money";
        public static final String DATE = "date";
        public static final String MOMENT = "moment";
        public static final String CODE = "code";
        public static final String NAMED = "named";
    }
}
