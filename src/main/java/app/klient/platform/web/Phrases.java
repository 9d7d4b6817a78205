package app.klient.platform.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import app.klient.platform.Phrase;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts a stored {@link Phrase} into the reader's words: the message in the reader's language, amounts and numbers
 * in the reader's number format (as {@link Formats} writes them everywhere else), codes by their names. Templates
 * call it as {@code @phrases}; services that store phrases use {@link #json} and {@link #parse}.
 */
@Component("phrases")
public class Phrases {

    private final MessageSource messages;
    private final Formats formats;
    private final JsonMapper json;

    Phrases(MessageSource messages, Formats formats, JsonMapper json) {
        this.messages = messages;
        this.formats = formats;
        this.json = json;
    }

    /** The phrase in the reader's language; null for no phrase. */
    public String render(Phrase phrase) {
        if (phrase == null) {
            return null;
        }
        Locale locale = LocaleContextHolder.getLocale();
        Object[] values = phrase.args().stream().map(v -> value(v, locale)).toArray();
        return messages.getMessage(phrase.key(), values, fallback(phrase, values), locale);
    }

    /** The stored form (jsonb). */
    public String json(Phrase phrase) {
        return phrase == null ? null : json.writeValueAsString(phrase);
    }

    /** A stored phrase read back; a malformed one (written by hand in the database) reads as none. */
    public Phrase parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return json.readValue(stored, Phrase.class);
        }
        catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    private String value(Phrase.Value v, Locale locale) {
        if (v == null || v.type() == null || v.value() == null) {
            return "";
        }
        try {
            return switch (v.type()) {
                case Phrase.Value.NUMBER -> formats.exact(new BigDecimal(v.value()));
                case Phrase.Value.MONEY -> formats.amount(new BigDecimal(v.value()))
                        + (v.currency() == null ? "" : " " + v.currency());
                case Phrase.Value.DATE -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                        .format(LocalDate.parse(v.value()));
                case Phrase.Value.MOMENT -> formats.dateTime(Instant.parse(v.value()));
                case Phrase.Value.CODE -> messages.getMessage(v.value(), null,
                        v.fallback() == null ? v.value() : v.fallback(), locale);
                case Phrase.Value.NAMED -> v.names() == null || v.names().get(locale.getLanguage()) == null
                        || v.names().get(locale.getLanguage()).isBlank() ? v.value()
                        : v.names().get(locale.getLanguage());
                default -> v.value();
            };
        }
        catch (RuntimeException e) {
            // a value that no longer parses is still worth showing as it was stored
            return v.value();
        }
    }

    /** Without a message for the key (a kind added later, a bundle missing a line), the values alone still tell it. */
    private static String fallback(Phrase phrase, Object[] values) {
        return values.length == 0 ? phrase.key() : String.join(" · ", java.util.Arrays.stream(values)
                .map(String::valueOf).toList());
    }
}
