package app.klient.analytics.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.KpiUnit;
import app.klient.analytics.Kpis;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.Formats;
import app.klient.platform.web.LineChart;
import org.springframework.context.MessageSource;

/**
 * A KPI's result as a tile or page shows it: the figure in its unit, each comparison as a change (percentage points
 * for a percentage or score, else a relative change) coloured by whether it is good news, and the trend as a line
 * (a page's {@code trend}, and {@code spark} drawn for a tile's width so that its labels stay readable);
 * a kept figure says when it was computed ({@code asOf}) and where to ask for it again ({@code refresh}).
 */
public record KpiView(String id, String group, String unit, String value, Measure current, Change previous,
        Change yearBefore, LineChart trend, LineChart spark, String granularity, List<String> notApplied, String link,
        String asOf, String refresh) {

    /** A comparison: the other period's figure, the change written with its sign, and whether that is good news. */
    public record Change(String otherValue, String change, String tone) {
    }

    /** How figures are written for the reader: their formats, messages, language and the company currency. */
    record Context(Formats fmt, MessageSource messages, Locale locale, String currency) {
    }

    static KpiView of(Kpis.Result r, String query, Context c) {
        KpiUnit unit = r.kpi().unit();
        List<LineChart.Point> points = new ArrayList<>();
        Period.Granularity g = r.period().granularity();
        for (int i = 0; i < r.buckets().size(); i++) {
            Measure m = r.trend().get(i);
            points.add(new LineChart.Point(g.label(r.buckets().get(i).from(), c.locale()), m.value(),
                    m.value() == null ? null : figure(m.value(), unit, c),
                    m.denominator() == null ? 0 : m.denominator().longValue()));
        }
        return new KpiView(r.kpi().id(), r.kpi().group().name(), unit.name(),
                figure(r.current().value(), unit, c), r.current(),
                change(r.current(), r.previous(), unit, r.kpi().higherIsBetter(), c),
                change(r.current(), r.yearBefore(), unit, r.kpi().higherIsBetter(), c),
                points.isEmpty() ? null : LineChart.of(points, v -> figure(v, unit, c)),
                points.isEmpty() ? null : LineChart.of(points, v -> figure(v, unit, c), LineChart.Frame.TILE),
                g.name(), r.notApplied().stream().map(d -> d.name()).toList(),
                "/analytics/kpis/" + r.kpi().id() + (query.isEmpty() ? "" : "?" + query), asOf(r.asOf(), c),
                "/analytics/kpis/" + r.kpi().id() + "/refresh?" + (query.isEmpty() ? "" : query + "&") + "trend="
                        + !r.buckets().isEmpty());
    }

    /** When a kept figure was computed, as the reader says it: "as of 14:05" today, else with the day; null live. */
    static String asOf(Instant at, Context c) {
        if (at == null) {
            return null;
        }
        boolean today = LocalDate.ofInstant(at, KpiRequest.zone()).equals(LocalDate.now(KpiRequest.zone()));
        return c.messages().getMessage("kpi.asOf", new Object[] { today ? c.fmt().time(at) : c.fmt().dateTime(at) },
                c.locale());
    }

    /** A figure as a person reads it: "1 234", "12.5 %", "45 600 PLN", "12.3 days", "4.5 h", "+32". */
    static String figure(BigDecimal value, KpiUnit unit, Context c) {
        if (value == null) {
            return "—";
        }
        return switch (unit) {
            case COUNT -> c.fmt().number(value);
            case PERCENT -> c.fmt().number(value.setScale(1, RoundingMode.HALF_UP)) + " %";
            case MONEY -> c.fmt().money(value.setScale(0, RoundingMode.HALF_UP)) + " " + c.currency();
            case DAYS -> c.messages().getMessage("kpi.unit.days",
                    new Object[] { value.setScale(1, RoundingMode.HALF_UP) }, c.locale());
            case HOURS -> c.messages().getMessage("kpi.unit.hours",
                    new Object[] { value.setScale(1, RoundingMode.HALF_UP) }, c.locale());
            case SCORE -> (value.signum() > 0 ? "+" : "") + c.fmt().number(value);
            case MEAN -> c.fmt().number(value.setScale(2, RoundingMode.HALF_UP));
        };
    }

    /** A figure to the cent, as a record of a drill-down lists it: "1 234.50 PLN"; other units as {@link #figure}. */
    static String exactFigure(BigDecimal value, KpiUnit unit, Context c) {
        return unit == KpiUnit.MONEY && value != null ? c.fmt().amount(value) + " " + c.currency()
                : figure(value, unit, c);
    }

    private static Change change(Measure now, Measure then, KpiUnit unit, boolean higherIsBetter, Context c) {
        String other = figure(then.value(), unit, c);
        if (now.value() == null || then.value() == null) {
            return new Change(other, null, "neutral");
        }
        BigDecimal difference = now.value().subtract(then.value());
        String tone = difference.signum() == 0 ? "neutral"
                : (difference.signum() > 0) == higherIsBetter ? "good" : "bad";
        String sign = difference.signum() > 0 ? "+" : difference.signum() < 0 ? "−" : "±";
        if (unit == KpiUnit.PERCENT || unit == KpiUnit.SCORE) {
            return new Change(other, sign + c.messages().getMessage("kpi.change.points",
                    new Object[] { c.fmt().number(difference.abs().setScale(1, RoundingMode.HALF_UP)) }, c.locale()),
                    tone);
        }
        if (unit == KpiUnit.MEAN) {
            return new Change(other, sign + c.fmt().number(difference.abs().setScale(2, RoundingMode.HALF_UP)), tone);
        }
        if (then.value().signum() == 0) {
            return new Change(other, null, tone);
        }
        BigDecimal relative = difference.abs().multiply(BigDecimal.valueOf(100))
                .divide(then.value().abs(), 1, RoundingMode.HALF_UP);
        return new Change(other, sign + c.fmt().number(relative) + " %", tone);
    }
}
