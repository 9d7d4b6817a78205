package app.klient.platform.export;

import java.time.ZoneId;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * The person a file is written for: yes and no and the codes of a list (a status, a source, a kind) in their
 * language, moments on their clock. Ids, amounts and e-mails stay as machines read them.
 */
public record Reader(MessageSource messages, Locale locale, ZoneId zone) {

    /** The signed-in reader of this request. */
    public static Reader current(MessageSource messages) {
        return new Reader(messages, LocaleContextHolder.getLocale(), LocaleContextHolder.getTimeZone().toZoneId());
    }

    public String message(String key) {
        return messages.getMessage(key, null, key, locale);
    }

    /** Yes or no, a code by its name ({@link Column.Coded}), or the value itself when it is neither. */
    Object word(Object value) {
        if (value instanceof Boolean yes) {
            return message(yes ? "common.yes" : "common.no");
        }
        if (value instanceof Column.Coded coded) {
            return messages.getMessage(coded.key(), null, coded.code(), locale);
        }
        return value;
    }
}
