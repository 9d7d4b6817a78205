package app.klient.analytics.kpi.marketing;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.marketing.attribution.Attribution;
import app.klient.marketing.attribution.CampaignReport;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The campaigns a period's marketing KPIs count: those started (first sent) within the period, in the reader's time
 * zone, filtered by the campaign's owner (and the owner's team), each read as its attribution report shows it
 * ({@link Attribution#report}: cost, leads, customers, revenue and ROI defined there once).
 */
@Component
class StartedCampaigns {

    /** The period's first moment and the first moment after it. */
    static final String WITHIN = "c.started_at >= cast(p.from_day as timestamp) at time zone :kZone"
            + " and c.started_at < cast(p.to_day + 1 as timestamp) at time zone :kZone";

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final Attribution attribution;

    StartedCampaigns(JdbcClient jdbc, KpiSql sql, Attribution attribution) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.attribution = attribution;
    }

    KpiSql.Where where(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = sql.where(periods).param("kZone", zone.getId());
        sql.owner(where, filters, "c.owner_id");
        return where;
    }

    /** The reports of the campaigns started in each period (by period, in order) that meet {@code condition}. */
    List<List<CampaignReport>> reports(KpiFilters filters, List<Period> periods, ZoneId zone, String condition) {
        KpiSql.Where where = where(filters, periods, zone).and(condition);
        List<List<CampaignReport>> reports = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            reports.add(new ArrayList<>());
        }
        Map<Long, CampaignReport> read = new HashMap<>();
        jdbc.sql("select p.n, c.id from campaigns c join " + KpiSql.PERIODS + " on " + WITHIN + " where "
                + where.sql()).params(where.params())
                .query((rs, n) -> Map.entry(rs.getInt(1), rs.getLong(2))).list()
                .forEach(e -> reports.get(e.getKey() - 1).add(read.computeIfAbsent(e.getValue(), attribution::report)));
        return reports;
    }

    /** The campaigns of one period meeting {@code condition}, newest first, each as {@code record} makes it. */
    CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, String condition, Pageable page,
            Function<CampaignReport, KpiRecord> record) {
        KpiSql.Where where = where(filters, List.of(period), zone).and(condition);
        String from = "from campaigns c join " + KpiSql.PERIODS + " on " + WITHIN + " where " + where.sql();
        List<KpiRecord> rows = jdbc.sql("select c.id " + from + " order by c.started_at desc, c.id desc"
                + " limit :kLimit offset :kOffset").params(where.params()).param("kLimit", page.getPageSize())
                .param("kOffset", page.getOffset()).query(Long.class).list().stream()
                .map(id -> record.apply(attribution.report(id))).toList();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }

    /** A campaign as a drill-down lists it: its report, the day it started. */
    static KpiRecord record(CampaignReport report, ZoneId zone, BigDecimal value, KpiUnit unit, String noteKey,
            Object argument) {
        return new KpiRecord("kpi.record.campaign", report.id(), report.name(),
                "/marketing/campaigns/" + report.id() + "/report", report.startedAt().atZone(zone).toLocalDate(),
                value, value == null ? null : unit, noteKey, argument);
    }

    static BigDecimal sum(List<CampaignReport> reports, Function<CampaignReport, BigDecimal> amount) {
        return reports.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
