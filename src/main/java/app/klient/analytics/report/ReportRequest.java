package app.klient.analytics.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.MultiValueMap;

/**
 * A report definition as the builder's form sends it (a GET, so a report is a URL to keep or share): {@code
 * subject}, parallel lists {@code filterField}/{@code filterOp}/{@code filterValue}, {@code group}/{@code grain},
 * {@code fn}/{@code measureField}, {@code column}, and {@code chart}. Empty rows of the form are skipped.
 */
final class ReportRequest {

    private ReportRequest() {
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
