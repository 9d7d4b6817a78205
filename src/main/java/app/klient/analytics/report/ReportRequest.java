package app.klient.analytics.report;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.util.MultiValueMap;

/**
 * A report definition as the builder's form sends it (a GET, so a report is a URL to keep or share): {@code
 * subject}, parallel lists {@code filterField}/{@code filterOp}/{@code filterValue}, {@code group}/{@code grain},
 * {@code fn}/{@code measureField}, {@code column}, and {@code chart}. Empty rows of the form are skipped.
 */
final class ReportRequest {

    private ReportRequest() {
    }

    /**
     * The definition a page sends, its numbers, amounts and days as its reader writes them ("1 000,5" in Polish or
     * Czech, "1,000.5" in English, "31.03.2026") kept as the API takes them ("1000.5", "2026-03-31"); a value that
     * does not read so stays as typed, and the report says what the field expects.
     */
    static ReportDefinition of(MultiValueMap<String, String> p, Locale locale) {
        ReportDefinition d = of(p);
        ReportSubject subject = ReportSubjects.find(d.subject()).orElse(null);
        if (subject == null) {
            return d;
        }
        List<ReportDefinition.Condition> filters = d.filters().stream().map(c -> new ReportDefinition.Condition(
                c.field(), c.op(), subject.field(c.field()).map(f -> canonical(f, c.value(), locale))
                        .orElse(c.value()))).toList();
        return new ReportDefinition(d.subject(), filters, d.groupBy(), d.measures(), d.columns(), d.chart());
    }

    private static String canonical(ReportField f, String value, Locale locale) {
        if (value == null || value.isBlank()) {
            return value;
        }
        String v = value.strip();
        return switch (f.type()) {
            case NUMBER, MONEY -> {
                try {
                    yield new BigDecimal(v).toPlainString();
                }
                catch (NumberFormatException e) {
                    yield number(v, locale);
                }
            }
            case DATE -> day(v, locale);
            default -> value;
        };
    }

    /** A number as the reader writes it, or the value as typed. */
    private static String number(String value, Locale locale) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
        char decimal = symbols.getDecimalSeparator();
        // the reader's grouping: a comma in English, a space of any width in Polish and Czech
        String grouping = decimal == ',' ? "[ \u00a0\u202f]" : "[,\u00a0\u202f ]";
        String digits = value.replaceAll("(?<=\\d)" + grouping + "(?=\\d{3}(\\D|$))", "");
        if (decimal == ',') {
            if (digits.indexOf('.') >= 0) {
                return value;
            }
            digits = digits.replace(',', '.');
        }
        else if (digits.indexOf(',') >= 0) {
            return value;
        }
        if (!digits.matches("-?\\d+(\\.\\d+)?")) {
            return value;
        }
        return new BigDecimal(digits).toPlainString();
    }

    /** A day as ISO or as the reader writes it (short or medium), as ISO; else as typed. */
    private static String day(String value, Locale locale) {
        for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_LOCAL_DATE,
                DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale),
                DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale),
                DateTimeFormatter.ofPattern("d.M.uuuu", locale), DateTimeFormatter.ofPattern("d. M. uuuu", locale))) {
            try {
                return LocalDate.parse(value, format).toString();
            }
            catch (DateTimeParseException e) {
                // the next way of writing it
            }
        }
        return value;
    }

    static ReportDefinition of(MultiValueMap<String, String> p) {
        List<ReportDefinition.Condition> filters = new ArrayList<>();
        List<String> fields = list(p, "filterField");
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).isBlank()) {
                filters.add(new ReportDefinition.Condition(fields.get(i), at(p, "filterOp", i), at(p, "filterValue", i)));
            }
        }
        List<ReportDefinition.Grouping> groups = new ArrayList<>();
        List<String> grouped = list(p, "group");
        for (int i = 0; i < grouped.size(); i++) {
            if (!grouped.get(i).isBlank()) {
                groups.add(new ReportDefinition.Grouping(grouped.get(i), at(p, "grain", i)));
            }
        }
        List<ReportDefinition.Measure> measures = new ArrayList<>();
        List<String> functions = list(p, "fn");
        for (int i = 0; i < functions.size(); i++) {
            if (!functions.get(i).isBlank()) {
                String field = at(p, "measureField", i);
                measures.add(new ReportDefinition.Measure(functions.get(i), field == null || field.isBlank() ? null
                        : field));
            }
        }
        List<String> columns = list(p, "column").stream().filter(c -> !c.isBlank()).toList();
        return new ReportDefinition(p.getFirst("subject"), filters, groups, measures, columns, p.getFirst("chart"));
    }

    /** The definition as the form's parameters again (the URL of a saved report's run, an export link). */
    static String query(ReportDefinition d) {
        StringBuilder q = new StringBuilder("subject=" + enc(d.subject()));
        for (ReportDefinition.Condition c : d.filters()) {
            q.append("&filterField=").append(enc(c.field())).append("&filterOp=").append(enc(c.op()))
                    .append("&filterValue=").append(enc(c.value()));
        }
        for (ReportDefinition.Grouping g : d.groupBy()) {
            q.append("&group=").append(enc(g.field())).append("&grain=").append(enc(g.grain()));
        }
        for (ReportDefinition.Measure m : d.measures()) {
            q.append("&fn=").append(enc(m.fn())).append("&measureField=").append(enc(m.field()));
        }
        for (String c : d.columns()) {
            q.append("&column=").append(enc(c));
        }
        if (d.chart() != null) {
            q.append("&chart=").append(enc(d.chart()));
        }
        return q.toString();
    }

    private static String enc(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> list(MultiValueMap<String, String> p, String name) {
        List<String> values = p.get(name);
        return values == null ? List.of() : values.stream().map(v -> v == null ? "" : v).toList();
    }

    private static String at(MultiValueMap<String, String> p, String name, int i) {
        List<String> values = list(p, name);
        return i < values.size() && !values.get(i).isBlank() ? values.get(i) : null;
    }
}
