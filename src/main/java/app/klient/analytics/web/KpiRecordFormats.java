package app.klient.analytics.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.platform.Phrase;
import app.klient.platform.web.Formats;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A KPI's records as its page writes them for the reader: a record's figure in its unit ("12.5 %", "1 234.50 PLN",
 * "12.3 days") and its note with the day, amount or number in the reader's format. Templates call it as
 * {@code @kpiRecordFormats}.
 */
@Component
public class KpiRecordFormats {

    private final Formats fmt;
    private final MessageSource messages;
    private final KpiSql sql;

    KpiRecordFormats(Formats fmt, MessageSource messages, KpiSql sql) {
        this.fmt = fmt;
        this.messages = messages;
        this.sql = sql;
    }

    /** The record's figure in its unit; empty for a record that only counts. */
    public String value(KpiRecord r) {
        if (r.value() == null || r.unit() == null) {
            return "";
        }
        return KpiView.exactFigure(r.value(), r.unit(), context());
    }

    /** The record's note in the reader's language and formats; empty without one. */
    public String note(KpiRecord r) {
        if (r.noteKey() == null) {
            return "";
        }
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(r.noteKey(), new Object[] { argument(r.noteArgument()) }, r.noteKey(), locale);
    }

    /** A day and an amount written as the reader writes them; a number stays one, for the message's plural. */
    private Object argument(Object argument) {
        if (argument instanceof LocalDate day) {
            return fmt.day(day);
        }
        if (argument instanceof Phrase.Value v && Phrase.Value.MONEY.equals(v.type())) {
            return fmt.amount(new BigDecimal(v.value())) + (v.currency() == null ? "" : " " + v.currency());
        }
        return argument;
    }

    private KpiView.Context context() {
        return new KpiView.Context(fmt, messages, LocaleContextHolder.getLocale(), sql.companyCurrency());
    }
}
