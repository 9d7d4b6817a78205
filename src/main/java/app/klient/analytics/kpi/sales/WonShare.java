package app.klient.analytics.kpi.sales;

import java.time.LocalDate;
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
 * The share of closed deals that were won, among the deals whose {@code day} column (closing or creation) puts them
 * in the period: the close rate and the win rate differ only in that day. A deal reopened since is open and does
 * not count.
 */
abstract class WonShare implements Kpi {

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final String id;
    private final String day;

    WonShare(JdbcClient jdbc, KpiSql sql, String id, String day) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.id = id;
        this.day = day;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.allOf(KpiDimension.class);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = SalesSql.deals(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*) filter (where d.status = 'WON'), count(*) from deals d join " + KpiSql.PERIODS
                + " on " + SalesSql.within(day) + " where d.status in ('WON', 'LOST') and " + where.sql()
                + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.percent(rs.getLong(2), rs.getLong(3)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.percent(0, 0));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = SalesSql.deals(sql, filters, List.of(period), zone);
        String from = "from deals d join " + KpiSql.PERIODS + " on " + SalesSql.within(day)
                + " where d.status in ('WON', 'LOST') and " + where.sql();
        List<KpiRecord> rows = jdbc.sql("select d.id, d.name, " + SalesSql.day(day) + ", d.status " + from
                + " order by " + day + " desc, d.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.deal", rs.getLong(1), rs.getString(2),
                        SalesSql.dealHref(rs.getLong(1)), rs.getObject(3, LocalDate.class), null, null,
                        "kpi.record.deal." + rs.getString(4), null))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
