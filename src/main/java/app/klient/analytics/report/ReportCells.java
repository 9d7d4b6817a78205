package app.klient.analytics.report;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report's values as its reader writes them (the page, its chart, a dashboard tile, the mailed PDF): numbers in the
 * reader's locale ("1 234,5"), amounts always with their currency's two decimals, a day as the reader writes days,
 * and a grouped date as the period it stands for ("sty 2024", "Q1 2024", "2024-W05", "2024"). CSV and the API keep
 * the values as they are (ISO dates, plain numbers) for machines.
 */
public final class ReportCells {

    private ReportCells() {
    }

    /** A result's rows as its reader reads them, cell by cell. */
    public static List<List<String>> rows(Reports.Result result, Locale locale, ZoneId zone) {
        return rows(result.columns(), result.rows(), locale, zone);
    }

    public static List<List<String>> rows(List<Reports.Column> columns, List<List<Object>> rows, Locale locale,
            ZoneId zone) {
        return rows.stream().map(r -> {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                cells.add(cell(r.get(i), i < columns.size() ? columns.get(i).type() : "TEXT", locale, zone));
            }
            return cells;
        }).toList();
    }

    /** A value of a column of that type ({@link Reports.Column#type()}: TEXT, NUMBER, MONEY, DATE:MONTH…). */
    public static String cell(Object value, String type, Locale locale, ZoneId zone) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Number n) {
            return number(n, type, locale);
        }
        if (value instanceof LocalDate d) {
            return period(d, type, locale);
        }
        if (value instanceof Instant t) {
            return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                    .withZone(zone).format(t);
        }
        return value.toString();
    }

    /** An amount with two decimals ("1 234,50"); any other number with the decimals it has, up to four. */
    public static String number(Number n, String type, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        boolean money = "MONEY".equals(type);
        format.setMinimumFractionDigits(money ? 2 : 0);
        format.setMaximumFractionDigits(money ? 2 : 4);
        return format.format(new BigDecimal(n.toString()));
    }

    /** A grouped date as the period it starts: a month "Jan 2024", a quarter "Q1 2024", an ISO week "2024-W05". */
    public static String period(LocalDate d, String type, Locale locale) {
        return switch (type) {
            case "DATE:MONTH" -> DateTimeFormatter.ofPattern("LLL yyyy", locale).format(d);
            case "DATE:QUARTER" -> "Q" + d.get(IsoFields.QUARTER_OF_YEAR) + " " + d.getYear();
            case "DATE:WEEK" -> "%d-W%02d".formatted(d.get(IsoFields.WEEK_BASED_YEAR),
                    d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "DATE:YEAR" -> String.valueOf(d.getYear());
            default -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(d);
        };
    }

    /** A figure shortened for a small chart, in the reader's locale: "1,2 mln", "1.2M", "12,3 tys.". */
    public static String compact(Number n, Locale locale) {
        NumberFormat format = NumberFormat.getCompactNumberInstance(locale, NumberFormat.Style.SHORT);
        format.setMaximumFractionDigits(1);
        // a double: the JDK's compact format drops a BigDecimal's decimals ("1M", not "1.2M")
        return format.format(n.doubleValue());
    }
}
