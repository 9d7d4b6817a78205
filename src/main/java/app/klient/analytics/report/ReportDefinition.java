package app.klient.analytics.report;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * A report: its subject, the conditions its rows meet, and either up to two groupings with their measures (counts,
 * sums, averages…) or, without groupings, the columns of a list of rows; and how its result is drawn.
 */
public record ReportDefinition(String subject, @Valid @Size(max = 20) List<Condition> filters,
        @Valid @Size(max = 2) List<Grouping> groupBy, @Valid @Size(max = 6) List<Measure> measures,
        @Size(max = 20) List<String> columns, String chart) {

    /** A condition on a field: EQ, NE, GT, GE, LT, LE, CONTAINS, EMPTY, NOT_EMPTY; dates as 2026-03-31. */
    public record Condition(@Size(max = 60) String field, @Size(max = 12) String op, @Size(max = 200) String value) {
    }

    /** A field to group by; a date by DAY, WEEK, MONTH (default), QUARTER or YEAR. */
    public record Grouping(@Size(max = 60) String field, @Size(max = 10) String grain) {
    }

    /** COUNT (no field), COUNT_DISTINCT, SUM, AVG, MIN or MAX of a field. */
    public record Measure(@Size(max = 16) String fn, @Size(max = 60) String field) {
    }

    public List<Condition> filters() {
        return filters == null ? List.of() : filters;
    }

    public List<Grouping> groupBy() {
        return groupBy == null ? List.of() : groupBy;
    }

    public List<Measure> measures() {
        return measures == null ? List.of() : measures;
    }

    public List<String> columns() {
        return columns == null ? List.of() : columns;
    }

    public boolean grouped() {
        return !groupBy().isEmpty() || !measures().isEmpty();
    }
}
