package app.klient.analytics.web;

import java.util.List;

import app.klient.analytics.Dashboards;
import app.klient.analytics.KpiSql;
import app.klient.analytics.Kpis;
import app.klient.analytics.report.ReportDefinition;
import app.klient.analytics.report.Reports;
import app.klient.platform.web.Formats;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** KPIs' results under one request, written for the reader: what the dashboard, a KPI's page and the start page show. */
@Component
class KpiViews {

    private final Kpis kpis;
    private final Formats fmt;
    private final MessageSource messages;
    private final KpiSql sql;
    private final Reports reports;

    KpiViews(Kpis kpis, Formats fmt, MessageSource messages, KpiSql sql, Reports reports) {
        this.kpis = kpis;
        this.fmt = fmt;
        this.messages = messages;
        this.sql = sql;
        this.reports = reports;
    }

    /** A dashboard's tiles: a {@link KpiView} for a KPI, a {@link ReportTile} for a pinned report. */
    List<Object> tiles(List<String> ids, KpiRequest request, boolean withTrend) {
        // the KPIs' figures together, so those not kept are computed at the same time
        java.util.Iterator<KpiView> figures = of(ids.stream().filter(id -> Dashboards.pinnedReport(id).isEmpty())
                .toList(), request, withTrend).iterator();
        return ids.stream().map(id -> Dashboards.pinnedReport(id).<Object>map(this::report)
                .orElseGet(figures::next)).toList();
    }

    /** A pinned report, run as the reader; one that no longer runs shows its name and what is wrong. */
    private ReportTile report(long id) {
        Reports.Saved saved = reports.get(id);
        java.util.Locale locale = LocaleContextHolder.getLocale();
        try {
            Reports.Result result = tileResult(saved.definition(), locale);
            return ReportTile.of(Dashboards.REPORT_TILE + id, id, saved.name(), result, locale, KpiRequest.zone(),
                    "/analytics/reports/" + id);
        }
        catch (app.klient.platform.KlientException e) {
            return new ReportTile(Dashboards.REPORT_TILE + id, id, saved.name(), List.of(), List.of(),
                    List.of(List.of(messages.getMessage(e.messageKey(), null, e.messageKey(), locale))), false,
                    "/analytics/reports/" + id, List.of(), null);
        }
    }

    /**
     * What a pinned report's tile draws: with two groupings its measure over the first alone (the report run again
     * grouped once, so an average or a distinct count is right, not a sum of the second's), unless that leaves a
     * single group: then the rows of both, told apart by the second.
     */
    private Reports.Result tileResult(ReportDefinition d, java.util.Locale locale) {
        if (d.groupBy().size() > 1) {
            Reports.Result byFirst = reports.run(new ReportDefinition(d.subject(), d.filters(),
                    d.groupBy().subList(0, 1), d.measures(), d.columns(), d.chart()), KpiRequest.zone(), locale);
            if (byFirst.rows().size() > 1) {
                return byFirst;
            }
        }
        return reports.run(d, KpiRequest.zone(), locale);
    }

    String companyCurrency() {
        return sql.companyCurrency();
    }

    List<KpiView> of(List<String> ids, KpiRequest request, boolean withTrend) {
        KpiView.Context context = new KpiView.Context(fmt, messages, LocaleContextHolder.getLocale(),
                sql.companyCurrency());
        return kpis.results(ids, request.filters(), request.period(), KpiRequest.zone(), withTrend).stream()
                .map(r -> KpiView.of(r, request.query(), context)).toList();
    }
}
