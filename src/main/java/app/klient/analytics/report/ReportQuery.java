package app.klient.analytics.report;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.KpiSql;
import app.klient.platform.InvalidFields;

/**
 * A {@link ReportDefinition} checked against its subject and written as SQL: every field, operator, grain and
 * function is one the subject offers (else a field error naming it), every value a parameter.
 */
final class ReportQuery {

    static final Set<String> GRAINS = Set.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR");
    static final Set<String> FUNCTIONS = Set.of("COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX");
    static final Set<String> CHARTS = Set.of("BAR", "STACKED_BAR", "LINE", "PIE", "FUNNEL", "TABLE", "PIVOT");

    /** A column of the result: its key, the message that names it, what it holds. */
    record Column(String key, String labelKey, String labelArgument, String type) {
    }

    final ReportSubject subject;
    /** The reader's zone (a day and a grouped date are theirs) and the company currency amounts are reported in. */
    final ZoneId zone;
    final String currency;
    final List<Column> columns = new ArrayList<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    final String select;
    final String where;
    final String groupBy;
    final String orderBy;
    final List<ReportField> codes = new ArrayList<>();

    /**
     * {@code onlyOwner}: the person whose rows alone the report may show (a salesperson's own), or null for every row.
     */
    ReportQuery(ReportDefinition d, ZoneId zone, Locale locale, String companyCurrency, Long onlyOwner) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        this.zone = zone;
        this.currency = companyCurrency;
        subject = ReportSubjects.find(d.subject()).orElse(null);
        if (subject == null) {
            errors.add("subject", "report.subject.unknown");
            errors.throwIfAny();
        }
        if (d.chart() != null && !d.chart().isBlank() && !CHARTS.contains(d.chart())) {
            errors.add("chart", "report.chart.unknown");
        }
        params.put("rLang", locale.getLanguage());
        params.put("rZone", zone.getId());
        params.put("kCompanyCurrency", companyCurrency);
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < d.filters().size(); i++) {
            String condition = condition(d.filters().get(i), i, zone, errors);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        List<String> selects = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        if (d.groupBy().size() > 2) {
            // the builder offers two groupings; a third (a URL's, a definition's) is refused, not dropped
            errors.add("groupBy[2].field", "report.groupBy.tooMany");
        }
        if (d.grouped()) {
            for (int i = 0; i < Math.min(d.groupBy().size(), 2); i++) {
                ReportDefinition.Grouping g = d.groupBy().get(i);
                ReportField f = field(g.field(), "groupBy[" + i + "].field", errors);
                if (f == null) {
                    continue;
                }
                if (!f.groupable()) {
                    errors.add("groupBy[" + i + "].field", "report.groupBy.notGroupable");
                    continue;
                }
                String expression = switch (f.type()) {
                    case DATE -> {
                        String grain = grain(g);
                        if (!GRAINS.contains(grain)) {
                            errors.add("groupBy[" + i + "].grain", "report.grain.unknown");
                        }
                        yield "cast(date_trunc('" + grain.toLowerCase(Locale.ROOT) + "', cast(" + f.sql()
                                + " as timestamptz) at time zone :rZone) as date)";
                    }
                    case REF -> f.labelSql();
                    default -> f.sql();
                };
                selects.add(expression + " as g" + i);
                // by position: an expression with a parameter is not the same expression twice over JDBC; a
                // reference also by its id, so two people of one name stay two groups
                groups.add(String.valueOf(selects.size()) + (f.type() == ReportField.Type.REF ? ", " + f.sql() : ""));
                columns.add(new Column("g" + i, "report.field." + f.id(), null,
                        f.type() == ReportField.Type.DATE ? "DATE:" + grain(g) : f.type().name()));
                if (f.type() == ReportField.Type.CODE) {
                    codes.add(f);
                }
                else {
                    codes.add(null);
                }
            }
            List<ReportDefinition.Measure> measures = d.measures().isEmpty()
                    ? List.of(new ReportDefinition.Measure("COUNT", null)) : d.measures();
            for (int i = 0; i < measures.size(); i++) {
                String m = measure(measures.get(i), i, errors);
                if (m != null) {
                    selects.add(m + " as m" + i);
                }
            }
        }
        else {
            List<String> wanted = d.columns().isEmpty() ? subject.defaultColumns() : d.columns();
            for (int i = 0; i < wanted.size(); i++) {
                ReportField f = field(wanted.get(i), "columns[" + i + "]", errors);
                if (f == null) {
                    continue;
                }
                String expression = switch (f.type()) {
                    case REF -> f.labelSql();
                    case MONEY -> "round(" + KpiSql.inCompanyCurrency(f.sql(), f.currencySql(), f.daySql()) + ", 2)";
                    default -> f.sql();
                };
                selects.add(expression + " as c" + i);
                columns.add(new Column("c" + i, "report.field." + f.id(), null, f.type().name()));
                codes.add(f.type() == ReportField.Type.CODE ? f : null);
            }
        }
        errors.throwIfAny();
        // a subject without an owner (tickets, campaign messages, loyalty, survey answers) is nobody's own
        subject.field("owner").filter(f -> onlyOwner != null).ifPresent(f -> {
            params.put("rOnlyOwner", onlyOwner);
            conditions.add(f.sql() + " = :rOnlyOwner");
        });
        select = String.join(", ", selects);
        where = conditions.isEmpty() ? "true" : String.join(" and ", conditions);
        groupBy = groups.isEmpty() ? null : String.join(", ", groups);
        if (d.grouped()) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < d.groupBy().size(); i++) {
                // a stage by its place in the pipeline (its id is grouped on, so the order may read it)
                String sortedBy = subject.field(d.groupBy().get(i).field()).map(ReportField::orderSql).orElse(null);
                order.add(sortedBy == null ? "g" + i : sortedBy + " nulls last, g" + i);
            }
            orderBy = order.isEmpty() ? null : String.join(", ", order);
        }
        else {
            orderBy = subject.field(subject.dateField()).map(f -> f.sql() + " desc nulls last").orElse(null);
        }
    }

    /** The grouped or listed rows, at most {@code limit}. */
    String sql(int limit) {
        return "select " + select + " from " + subject.from() + " where " + where
                + (groupBy == null ? "" : " group by " + groupBy) + (orderBy == null ? "" : " order by " + orderBy)
                + (limit > 0 ? " limit " + limit : "");
    }

    private static String grain(ReportDefinition.Grouping g) {
        return g.grain() == null || g.grain().isBlank() ? "MONTH" : g.grain();
    }

    private ReportField field(String id, String name, InvalidFields.Collector errors) {
        ReportField f = subject.field(id).orElse(null);
        if (f == null) {
            errors.add(name, "report.field.unknown");
        }
        return f;
    }

    private String measure(ReportDefinition.Measure m, int i, InvalidFields.Collector errors) {
        String fn = m.fn() == null ? "COUNT" : m.fn();
        if (!FUNCTIONS.contains(fn)) {
            errors.add("measures[" + i + "].fn", "report.measure.unknown");
            return null;
        }
        if (fn.equals("COUNT")) {
            columns.add(new Column("m" + i, "report.measure.COUNT", null, "NUMBER"));
            return "count(*)";
        }
        ReportField f = field(m.field(), "measures[" + i + "].field", errors);
        if (f == null) {
            return null;
        }
        if (!fn.equals("COUNT_DISTINCT") && !f.summable()) {
            errors.add("measures[" + i + "].field", "report.measure.needsNumber");
            return null;
        }
        String value = f.type() == ReportField.Type.MONEY
                ? KpiSql.inCompanyCurrency(f.sql(), f.currencySql(), f.daySql()) : f.sql();
        columns.add(new Column("m" + i, "report.measure." + fn, "report.field." + f.id(),
                fn.equals("COUNT_DISTINCT") ? "NUMBER" : f.type().name()));
        return switch (fn) {
            case "COUNT_DISTINCT" -> "count(distinct " + value + ")";
            case "AVG" -> "round(avg(" + value + "), 2)";
            // an amount converted at a rate has more decimals than money has
            default -> f.type() == ReportField.Type.MONEY ? "round(" + fn.toLowerCase(Locale.ROOT) + "(" + value
                    + "), 2)" : fn.toLowerCase(Locale.ROOT) + "(" + value + ")";
        };
    }

    private String condition(ReportDefinition.Condition c, int i, ZoneId zone, InvalidFields.Collector errors) {
        return FieldConditions.sql(subject, c, "filters[" + i + "]", "rf" + i, zone, params, errors);
    }
}
