package app.klient.customers.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import app.klient.customers.CustomFieldDefinition;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** A custom field's value as a person reads it: option labels, yes/no, dates and numbers in their language. */
@Component
class CustomFieldDisplay {

    private final MessageSource messages;

    CustomFieldDisplay(MessageSource messages) {
        this.messages = messages;
    }

    public String show(CustomFieldDefinition field, Object value) {
        if (value == null) {
            return "";
        }
        Locale locale = LocaleContextHolder.getLocale();
        return switch (field.type()) {
            case BOOLEAN -> messages.getMessage(Boolean.TRUE.equals(value) ? "common.yes" : "common.no", null, locale);
            case CHOICE -> field.optionLabel(value.toString(), locale);
            case MULTI_CHOICE -> value instanceof Collection<?> values
                    ? values.stream().map(v -> field.optionLabel(v.toString(), locale)).collect(Collectors.joining(", "))
                    : field.optionLabel(value.toString(), locale);
            case NUMBER -> java.text.NumberFormat.getNumberInstance(locale).format(new BigDecimal(value.toString()));
            case DATE -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                    .format(LocalDate.parse(value.toString()));
            default -> value.toString();
        };
    }

    /** Whether a multi-choice value holds an option, for ticking its box in a form. */
    public boolean holds(Object value, String option) {
        if (value instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> option.equals(String.valueOf(v)));
        }
        return value != null && java.util.Arrays.asList(value.toString().split(",")).contains(option);
    }
}
