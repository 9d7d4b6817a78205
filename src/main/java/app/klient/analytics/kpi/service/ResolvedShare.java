package app.klient.analytics.kpi.service;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The share of the tickets resolved within the period that meet a condition ({@link #condition()}, on {@code t}).
 * The drill-down lists every ticket resolved in the period, each noted as meeting it ({@code kpi.<id>.yes}) or not
 * ({@code kpi.<id>.no}).
 */
abstract class ResolvedShare implements Kpi {

    private final JdbcClient jdbc;
    private final KpiSql sql;

    ResolvedShare(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** What a ticket counted in the numerator meets. */
    abstract String condition();

    @Override
    public KpiGroup group() {
        return KpiGroup.SERVICE;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.SEGMENT, KpiDimension.COUNTRY,
                KpiDimension.PRODUCT);
    }

    private static String from(KpiSql.Where where) {
        return "from tickets t join " + KpiSql.PERIODS + " on " + TicketSql.within("t.resolved_at") + " where "
                + where.sql();
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = TicketSql.where(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*) filter (where " + condition() + "), count(*) " + from(where) + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.percent(rs.getLong(2), rs.getLong(3)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.percent(0, 0));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = TicketSql.where(sql, filters, List.of(period), zone);
        String from = from(where);
        List<KpiRecord> rows = jdbc.sql("select t.id, t.number, t.subject, t.resolved_at, coalesce(" + condition()
                + ", false) " + from + " order by t.resolved_at desc, t.id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> TicketSql.record(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant().atZone(zone).toLocalDate(), null, null,
                        "kpi." + id() + (rs.getBoolean(5) ? ".yes" : ".no"), null))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
