package app.klient.analytics.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.report.ReportCells;
import app.klient.analytics.report.Reports;

/**
 * A saved report pinned to the dashboard, as its tile shows it: its name, its first rows written for the reader, and
 * the link to the whole report. A grouped report's first groups are drawn as bars of its first measure
 * ({@code measure} names it): each bar's name cut to the tile's width and whole on hover, its figure shortened
 * ("1,2 mln") and whole on hover, so a tile stays readable on a phone.
 */
public record ReportTile(String id, long reportId, String name, List<String> columns, List<Boolean> numeric,
        List<List<String>> rows, boolean more, String link, List<Bar> bars, String measure) {

    /** The rows a tile shows. */
    static final int ROWS = 5;

    /** A bar: what it counts, its figure shortened and whole, its length in percent of the longest. */
    public record Bar(String label, String value, String whole, int percent) {
    }

    static ReportTile of(String id, long reportId, String name, Reports.Result result, Locale locale, ZoneId zone,
            String link) {
        List<Reports.Column> columns = result.columns();
        List<List<Object>> first = result.rows().stream().limit(ROWS).toList();
        List<List<String>> rows = ReportCells.rows(columns, first, locale, zone);
        return new ReportTile(id, reportId, name, columns.stream().map(Reports.Column::label).toList(),
                columns.stream().map(c -> numeric(c.type())).toList(), rows, result.rows().size() > ROWS, link,
                bars(result, first, rows, locale), result.grouped() ? measureOf(result) : null);
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
            bars.add(new Bar(String.join(" · ", cells.get(i).subList(0, groups)), ReportCells.compact(v, locale),
                    cells.get(i).get(groups), percent));
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
