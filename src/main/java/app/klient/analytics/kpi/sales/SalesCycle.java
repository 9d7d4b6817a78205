package app.klient.analytics.kpi.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.springframework.stereotype.Component;

/**
 * Sales-cycle length: the average number of days (to one decimal) from a deal's creation to its win, over the deals
 * won in the period (the day of the win puts a deal in it). Lost and open deals do not count. Per stage, the stage
 * history gives the days each of those deals spent in each stage on its way.
 */
@Component
class SalesCycle implements Kpi {

    /** One stage of the per-stage table: how many of the won deals passed through it and their average days in it. */
    record StageTime(long stageId, String pipeline, String stage, String namePl, String nameCs, int position,
            long deals, BigDecimal averageDays) {
    }

    private final JdbcClient jdbc;
    private final KpiSql sql;

    SalesCycle(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "sales-cycle";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.DAYS;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public String breakdown() {
        return "/analytics/sales/stages";
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.allOf(KpiDimension.class);
    }

    private static final String DAYS = "extract(epoch from d.closed_at - d.created_at) / 86400";

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = SalesSql.deals(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*), sum(" + DAYS + ") from deals d join " + KpiSql.PERIODS + " on "
                + SalesSql.within("d.closed_at") + " where d.status = 'WON' and " + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.ratio(rs.getBigDecimal(3), BigDecimal.valueOf(rs.getLong(2)),
                            1));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.NONE);
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = SalesSql.deals(sql, filters, List.of(period), zone);
        String from = "from deals d join " + KpiSql.PERIODS + " on " + SalesSql.within("d.closed_at")
                + " where d.status = 'WON' and " + where.sql();
        List<KpiRecord> rows = jdbc.sql("select d.id, d.name, " + SalesSql.day("d.closed_at") + ", " + DAYS + ", "
                + SalesSql.day("d.created_at") + " " + from
                + " order by d.closed_at desc, d.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.deal", rs.getLong(1), rs.getString(2),
                        SalesSql.dealHref(rs.getLong(1)), rs.getObject(3, LocalDate.class),
                        rs.getBigDecimal(4).setScale(1, RoundingMode.HALF_UP), KpiUnit.DAYS, "kpi.sales-cycle.note",
                        rs.getObject(5, LocalDate.class)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }

    /**
     * The days the deals won in the period spent in each stage: every move into a stage (or back into the funnel)
     * starts a stay that ends at the deal's next move, its win included; a deal's stays in one stage are added up,
     * and each stage shows the average over the deals that passed through it. Stages in pipeline and funnel order.
     */
    List<StageTime> byStage(KpiFilters filters, Period period, ZoneId zone) {
        KpiSql.Where where = SalesSql.deals(sql, filters, List.of(period), zone);
        return jdbc.sql("""
                with won as (
                    select d.id, d.closed_at from deals d join %s on %s where d.status = 'WON' and %s),
                stays as (
                    select h.deal_id, h.to_stage_id as stage_id, h.status, h.moved_at,
                           lead(h.moved_at) over (partition by h.deal_id order by h.moved_at, h.id) as left_at
                    from deal_stage_history h join won w on w.id = h.deal_id
                    where h.moved_at <= w.closed_at),
                per_deal as (
                    select deal_id, stage_id, sum(extract(epoch from left_at - moved_at) / 86400) as days
                    from stays where status = 'OPEN' and left_at is not null and stage_id is not null
                    group by deal_id, stage_id)
                select s.id, pl.name as pipeline, s.name, s.name_pl, s.name_cs, s.position, count(*) as deals,
                       round(avg(pd.days), 1) as days
                from per_deal pd join stages s on s.id = pd.stage_id join pipelines pl on pl.id = s.pipeline_id
                group by s.id, pl.name, pl.position, pl.id, s.name, s.name_pl, s.name_cs, s.position
                order by pl.position, pl.id, s.position, s.id""".formatted(KpiSql.PERIODS,
                SalesSql.within("d.closed_at"), where.sql()))
                .params(where.params())
                .query((rs, n) -> new StageTime(rs.getLong("id"), rs.getString("pipeline"), rs.getString("name"),
                        rs.getString("name_pl"), rs.getString("name_cs"), rs.getInt("position"),
                        rs.getLong("deals"), rs.getBigDecimal("days")))
                .list();
    }
}
