package app.klient.analytics.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.report.ReportCells;
import app.klient.analytics.report.Reports;

/**
 * A saved report pinned to the dashboard, as its tile shows it: its name, a few rows written for the reader, and the
 * link to the whole report. A grouped report's groups are drawn as bars of its first measure ({@code measure} names
 * it): of a report grouped by a date the newest groups, in date order; of any other the largest, as a top five. Each
 * bar's name is cut to the tile and whole on hover (with two groupings the part that tells the rows apart first),
 * its figure shortened ("1,2 mln") and whole on hover, so a tile stays readable on a phone.
 */
public record ReportTile(String id, long reportId, String name, List<String> columns, List<Boolean> numeric,
        List<List<String>> rows, boolean more, String link, List<Bar> bars, String measure) {

    /** The rows a tile shows. */
    static final int ROWS = 5;

    /**
     * A bar: what it counts ({@code label} whole: "Qualification · Anna Nowak"; {@code name} its last group, which
     * tells the bars apart, and {@code context} the group before it, or null), its figure shortened and whole, its
     * length in percent of the longest.
     */
    public record Bar(String label, String name, String context, String value, String whole, int percent) {
    }

    static ReportTile of(String id, long reportId, String name, Reports.Result result, Locale locale, ZoneId zone,
            String link) {
        List<Reports.Column> columns = result.columns();
        List<List<Object>> first = shown(result);
        List<List<String>> rows = ReportCells.rows(columns, first, locale, zone);
        return new ReportTile(id, reportId, name, columns.stream().map(Reports.Column::label).toList(),
                columns.stream().map(c -> numeric(c.type())).toList(), rows, result.rows().size() > ROWS, link,
                bars(result, first, rows, locale), result.grouped() ? measureOf(result) : null);
    }

    /**
     * The rows a tile shows: a listed report's first; of a report grouped by a date the newest dated groups, in date
     * order; of one grouped otherwise the largest by its first measure (in the report's order when they tie).
     */
    static List<List<Object>> shown(Reports.Result result) {
        List<List<Object>> rows = result.rows();
        int groups = groups(result);
        if (!result.grouped() || groups == 0) {
            return rows.stream().limit(ROWS).toList();
        }
        int date = -1;
        for (int i = 0; i < groups; i++) {
            date = result.columns().get(i).type().startsWith("DATE") ? i : date;
        }
        if (date >= 0) {
            int at = date;
            List<List<Object>> dated = rows.stream().filter(r -> r.get(at) != null).toList();
            return dated.subList(Math.max(0, dated.size() - ROWS), dated.size());
        }
        if (groups < result.columns().size() && numeric(result.columns().get(groups).type())) {
            return rows.stream().sorted(Comparator.comparing((List<Object> r) -> value(r.get(groups))).reversed())
                    .limit(ROWS).toList();
        }
        return rows.stream().limit(ROWS).toList();
    }

    private static List<Bar> bars(Reports.Result result, List<List<Object>> first, List<List<String>> cells,
            Locale locale) {
        int groups = groups(result);
        if (!result.grouped() || groups == 0 || groups >= result.columns().size()
                || !numeric(result.columns().get(groups).type())) {
            return List.of();
        }
        BigDecimal max = BigDecimal.ZERO;
        for (List<Object> r : first) {
            BigDecimal v = value(r.get(groups));
            max = v.compareTo(max) > 0 ? v : max;
        }
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            BigDecimal v = value(first.get(i).get(groups));
            int percent = max.signum() <= 0 || v.signum() <= 0 ? 0 : Math.max(2, v.multiply(BigDecimal.valueOf(100))
                    .divide(max, 0, RoundingMode.HALF_UP).intValue());
            List<String> named = cells.get(i).subList(0, groups);
            bars.add(new Bar(String.join(" · ", named), named.get(groups - 1),
                    groups > 1 ? String.join(" · ", named.subList(0, groups - 1)) : null,
                    ReportCells.compact(v, locale), cells.get(i).get(groups), percent));
        }
        return bars;
    }

    private static String measureOf(Reports.Result result) {
        int groups = groups(result);
        return groups < result.columns().size() ? result.columns().get(groups).label() : null;
    }

    private static int groups(Reports.Result result) {
        return (int) result.columns().stream().filter(c -> c.key().startsWith("g")).count();
    }

    private static BigDecimal value(Object v) {
        return v instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
    }

    private static boolean numeric(String type) {
        return type.equals("NUMBER") || type.equals("MONEY");
    }

}
