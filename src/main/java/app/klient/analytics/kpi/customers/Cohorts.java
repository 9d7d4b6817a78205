package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiSql;
import app.klient.platform.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention cohorts: the customers whose first purchase (an invoice, corrections aside) falls in each month of a
 * period, and of them how many made a purchase in that month and in each of the {@value #MONTHS} months after it.
 * Filtered by the customer's owner (and team), country and segment.
 */
@Service
public class Cohorts {

    public static final int MONTHS = 12;

    /** A cell: the cohort's customers who bought in that month, and their share; null for a month still to come. */
    public record Cell(long customers, BigDecimal percent) {

        /**
         * How strongly the heat map shades the cell, in tenths: 0 (nobody) to 10 (everybody). A class of the
         * stylesheet ({@code heat-0} … {@code heat-10}), since the page's policy allows no inline style.
         */
        public int heat() {
            return percent.divide(BigDecimal.TEN, 0, RoundingMode.HALF_UP).intValue();
        }
    }

    /** One cohort: the month of the first purchase, its customers, and the cells from month 0 to {@value #MONTHS}. */
    public record Cohort(YearMonth month, long customers, List<Cell> cells) {
    }

    private static final String MONTHS_SQL = """
            select g.month, (extract(year from b.month) - extract(year from g.month)) * 12
                       + extract(month from b.month) - extract(month from g.month) as k,
                   count(*) as customers
            from (select %1$s as kind, %2$s as customer_id, date_trunc('month', min(i.issue_date))::date as month
                  from invoices i where i.kind = 'INVOICE' and %2$s is not null group by 1, 2) g
            join (select distinct %1$s as kind, %2$s as customer_id, date_trunc('month', i.issue_date)::date as month
                  from invoices i where i.kind = 'INVOICE' and %2$s is not null) b
              on b.kind = g.kind and b.customer_id = g.customer_id and b.month >= g.month
                 and b.month <= g.month + interval '%3$d months'
            %4$s
            where g.month between date_trunc('month', cast(:fromDay as date)) and :toDay and\s""".formatted(
            CustomerSql.KIND, CustomerSql.ID, MONTHS, CustomerSql.JOIN_CUSTOMER);

    private final JdbcClient jdbc;
    private final KpiSql sql;

    Cohorts(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Transactional(readOnly = true)
    public List<Cohort> of(KpiFilters filters, Period period, ZoneId zone) {
        KpiSql.Where where = CustomerSql.where(sql, filters, List.of(period));
        Map<YearMonth, long[]> counts = new LinkedHashMap<>();
        jdbc.sql(MONTHS_SQL + where.sql() + " group by 1, 2 order by 1, 2").params(where.params())
                .param("fromDay", Date.valueOf(period.from())).param("toDay", Date.valueOf(period.to()))
                .query(rs -> {
                    YearMonth month = YearMonth.from(rs.getObject(1, LocalDate.class));
                    counts.computeIfAbsent(month, m -> new long[MONTHS + 1])[rs.getInt(2)] = rs.getLong(3);
                });
        YearMonth now = YearMonth.now(zone);
        List<Cohort> cohorts = new ArrayList<>();
        counts.forEach((month, row) -> {
            List<Cell> cells = new ArrayList<>();
            for (int k = 0; k <= MONTHS; k++) {
                cells.add(month.plusMonths(k).isAfter(now) ? null : new Cell(row[k], BigDecimal.valueOf(row[k])
                        .multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(row[0]), 1,
                                RoundingMode.HALF_UP)));
            }
            cohorts.add(new Cohort(month, row[0], cells));
        });
        return cohorts;
    }
}
