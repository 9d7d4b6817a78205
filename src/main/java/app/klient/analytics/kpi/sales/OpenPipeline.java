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

/**
 * The deals open at the end of a period and their amounts, as the stage history tells it: a deal created before the
 * period ended counts when its last move before then left it open (without any move, when it was not closed by
 * then), in the stage that move took it to; its amount is today's (amounts have no history), in the company
 * currency at the rate of the period's last day (today, for a period not over yet). The pipeline value adds the
 * amounts, the weighted pipeline each multiplied by its stage's probability.
 */
abstract class OpenPipeline implements Kpi {

    /**
     * Each deal open at the end of period {@code p}, with its stage's probability and its converted amount. The last
     * move before the period's end is the one whose next move (by moment, then id) is not before it: every deal's
     * moves are read once, in the order of an index, instead of looked up for each deal and period; the rate of a
     * currency on a day is looked up once for all the deals in that currency (PostgreSQL memoizes the lateral join).
     */
    private static final String OPEN = """
            select p.n, d.id, d.name, d.amount, d.currency, s.probability,
                   (d.amount * case when d.currency = :kCompanyCurrency then 1 else r.rate end) as amount_in
            from deals d cross join %s
            left join (select m.deal_id, m.status, m.to_stage_id, m.moved_at,
                              lead(m.moved_at) over (partition by m.deal_id order by m.moved_at, m.id) as until
                       from deal_stage_history m) h
              on h.deal_id = d.id and h.moved_at < %s and (h.until is null or h.until >= %s)
            left join lateral (select kx.rate from exchange_rates kx where kx.currency = d.currency
                                 and kx.valid_from <= least(p.to_day, current_date)
                               order by kx.valid_from desc limit 1) r on d.currency <> :kCompanyCurrency
            join stages s on s.id = coalesce(h.to_stage_id, d.stage_id)
            where d.created_at < %s
              and case when h.status is not null then h.status = 'OPEN'
                       else d.status = 'OPEN' or d.closed_at >= %s end
              and %s""";

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final boolean weighted;

    OpenPipeline(JdbcClient jdbc, KpiSql sql, boolean weighted) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.weighted = weighted;
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MONEY;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.allOf(KpiDimension.class);
    }

    private String open(KpiSql.Where where) {
        return OPEN.formatted(KpiSql.PERIODS, SalesSql.END, SalesSql.END, SalesSql.END, SalesSql.END, where.sql());
    }

    private String value() {
        return weighted ? "o.amount_in * o.probability / 100" : "o.amount_in";
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = SalesSql.deals(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select o.n, coalesce(sum(" + value() + "), 0) from (" + open(where) + ") o group by o.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.of(rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.of(BigDecimal.ZERO));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = SalesSql.deals(sql, filters, List.of(period), zone);
        String from = "from (" + open(where) + ") o where o.amount_in is not null";
        LocalDate asOf = period.to().isBefore(LocalDate.now(zone)) ? period.to() : LocalDate.now(zone);
        List<KpiRecord> rows = jdbc.sql("select o.id, o.name, " + value() + ", o.probability " + from
                + " order by " + value() + " desc, o.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.deal", rs.getLong(1), rs.getString(2),
                        SalesSql.dealHref(rs.getLong(1)), asOf, rs.getBigDecimal(3).setScale(2, RoundingMode.HALF_UP),
                        KpiUnit.MONEY, "kpi.pipeline.note", rs.getInt(4)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
