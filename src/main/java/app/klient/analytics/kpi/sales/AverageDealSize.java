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
import app.klient.platform.Phrase;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Average deal size: the amounts of the deals won in the period (the day of the win puts a deal in it), each in the
 * company currency at the rate of the day it was won, divided by their number. A deal in a currency without a rate
 * on that day is left out of both.
 */
@Component
class AverageDealSize implements Kpi {

    private static final String AMOUNT = KpiSql.inCompanyCurrency("d.amount", "d.currency",
            SalesSql.day("d.closed_at"));

    private final JdbcClient jdbc;
    private final KpiSql sql;

    AverageDealSize(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "average-deal-size";
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

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = SalesSql.deals(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*), sum(" + AMOUNT + ") from deals d join " + KpiSql.PERIODS + " on "
                + SalesSql.within("d.closed_at") + " where d.status = 'WON' and " + AMOUNT + " is not null and "
                + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.ratio(rs.getBigDecimal(3), BigDecimal.valueOf(rs.getLong(2)),
                            2));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.NONE);
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = SalesSql.deals(sql, filters, List.of(period), zone);
        String from = "from deals d join " + KpiSql.PERIODS + " on " + SalesSql.within("d.closed_at")
                + " where d.status = 'WON' and " + AMOUNT + " is not null and " + where.sql();
        List<KpiRecord> rows = jdbc.sql("select d.id, d.name, " + SalesSql.day("d.closed_at") + ", " + AMOUNT
                + ", d.amount, d.currency " + from
                + " order by d.closed_at desc, d.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.deal", rs.getLong(1), rs.getString(2),
                        SalesSql.dealHref(rs.getLong(1)), rs.getObject(3, LocalDate.class),
                        rs.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP), KpiUnit.MONEY, "kpi.record.amountIn",
                        Phrase.money(rs.getBigDecimal(5), rs.getString(6))))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
