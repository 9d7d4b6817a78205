package app.klient.platform.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Dates and numbers in the reader's language and time zone; templates call it as {@code @fmt}. */
@Component("fmt")
public class Formats {

    private final org.springframework.context.MessageSource messages;

    Formats(org.springframework.context.MessageSource messages) {
        this.messages = messages;
    }

    /** A unit of measure in the reader's language where Klient knows it ("pcs" is "szt." in Polish), else as typed. */
    public String unit(String unit) {
        return unit == null ? "" : messages.getMessage("unit." + unit, null, unit, locale());
    }

    public String dateTime(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale()).withZone(zone()).format(instant);
    }

    /** The time of day in the reader's zone ("14:30"). */
    public String time(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale()).withZone(zone())
                .format(instant);
    }

    /** A calendar day (an issue date, a birthday) as the reader writes days: "Dec 6, 2026", "6 gru 2026", "6. 12. 2026". */
    public String day(java.time.LocalDate day) {
        return day == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).format(day);
    }

    /** A month as the reader names it: "November 2026", "listopad 2026". */
    public String month(java.time.YearMonth month) {
        return month == null ? "" : DateTimeFormatter.ofPattern("LLLL yyyy", locale()).format(month);
    }

    public String date(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).withZone(zone())
                .format(instant);
    }

    public String number(Number number) {
        return number == null ? "" : NumberFormat.getNumberInstance(locale()).format(number);
    }

    /** A list's total as a person reads it: "2,345", or past the counted limit "about 24,000". */
    public String total(CountedPage<?> page) {
        String total = number(page.total());
        return page.exact() ? total : messages.getMessage("common.aboutCount", new Object[] { total }, locale());
    }

    /** A file's size for people: "820 B", "14.2 kB", "3.1 MB" (decimal units, in the reader's locale). */
    public String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale());
        format.setMaximumFractionDigits(1);
        return bytes < 1_000_000 ? format.format(bytes / 1000.0) + " kB" : format.format(bytes / 1_000_000.0) + " MB";
    }

    public String money(Number number) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale());
        boolean whole = new java.math.BigDecimal(number.toString()).stripTrailingZeros().scale() <= 0;
        format.setMinimumFractionDigits(whole ? 0 : 2);
        format.setMaximumFractionDigits(2);
        return format.format(number);
    }

    /** An estimate or a plan in whole units ("61,491"), where cents would be a precision it does not have. */
    public String whole(Number number) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale());
        format.setMaximumFractionDigits(0);
        return format.format(number);
    }

    /** An amount on a document: always with cents ("2,001.00"), as quotes and invoices print them. */
    public String amount(Number number) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale());
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(number);
    }

    /** A number with every decimal it has, for rates ("0.1712") and quantities ("2.5"). */
    public String exact(Number number) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale());
        format.setMaximumFractionDigits(12);
        return format.format(new java.math.BigDecimal(number.toString()));
    }

    public String isoDate(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone()).format(instant);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }
}
