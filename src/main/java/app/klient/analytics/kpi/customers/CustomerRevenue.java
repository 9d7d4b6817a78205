package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What customers bought in a period, the one counting behind revenue per customer, lifetime value and customer
 * equity: the net revenue of the invoices and corrections issued in the period (in the company currency), the
 * purchases (invoices) and the customers who made one. Filtered by the customer's owner (and team), country and
 * segment, and by the invoices' currency. How often customers buy is read over {@link #yearTo the year to a period's
 * end}, never scaled up from a few days.
 */
@Component
class CustomerRevenue {

    /** A period's revenue, purchases and the customers who made them. */
    record Totals(BigDecimal revenue, long purchases, long customers) {
    }

    /** One customer's revenue and purchases in the period, and their revenue ever up to its end. */
    record Customer(String kind, long id, String name, BigDecimal revenue, long purchases, BigDecimal history,
            LocalDate lastPurchase) {
    }

    private static final String FROM = """
            from invoices i join %s on i.issue_date between p.from_day and p.to_day
            left join companies co on co.id = i.company_id
            left join contacts ct on i.company_id is null and ct.id = i.contact_id
            where coalesce(i.company_id, i.contact_id) is not null and\s""".formatted(KpiSql.PERIODS);

    /** The order of {@link #customers}: highest revenue first, or most purchases first. */
    enum Order {
        REVENUE("g.revenue desc"), PURCHASES("g.purchases desc, g.revenue desc");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    private final JdbcClient jdbc;
    private final KpiSql sql;

    CustomerRevenue(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = CustomerSql.where(sql, filters, periods);
        sql.currency(where, filters, "i.currency");
        return where;
    }

    /**
     * The 12 months up to a period's end, the earlier of its last day and today (a period running on has no purchases
     * after today): where lifetime value and customer equity read how often customers buy, so that a week's figure
     * is of the same order as a year's.
     */
    static Period yearTo(Period period, ZoneId zone) {
        LocalDate today = LocalDate.now(zone);
        LocalDate end = period.to().isAfter(today) ? today : period.to();
        return new Period(end.minusMonths(12).plusDays(1), end);
    }

    /** Each period's totals, in order. */
    List<Totals> totals(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = where(filters, periods);
        Map<Integer, Totals> found = new HashMap<>();
        jdbc.sql("select p.n, coalesce(sum(" + CustomerSql.NET + "), 0), count(*) filter (where i.kind = 'INVOICE'),"
                + " count(distinct " + CustomerSql.KIND + " || " + CustomerSql.ID + ") filter (where i.kind = 'INVOICE') "
                + FROM + where.sql() + " group by p.n").params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), new Totals(rs.getBigDecimal(2), rs.getLong(3), rs.getLong(4)));
                });
        return IntStream.rangeClosed(1, periods.size())
                .mapToObj(n -> found.getOrDefault(n, new Totals(BigDecimal.ZERO, 0, 0))).toList();
    }

    /**
     * The customers who made a purchase in the period (those {@link Totals#customers()} counts) in the order given, a
     * page at a time, each made a record by {@code record}.
     */
    CountedPage<KpiRecord> customers(KpiFilters filters, Period period, Order order, Pageable page,
            Function<Customer, KpiRecord> record) {
        KpiSql.Where where = where(filters, List.of(period));
        String grouped = "select " + CustomerSql.KIND + " as kind, " + CustomerSql.ID + " as customer_id, max("
                + CustomerSql.NAME + ") as name, coalesce(sum(" + CustomerSql.NET + "), 0) as revenue,"
                + " count(*) filter (where i.kind = 'INVOICE') as purchases, max(i.issue_date) as last_day "
                + FROM + where.sql() + " group by 1, 2 having count(*) filter (where i.kind = 'INVOICE') > 0";
        // the customer's revenue ever, up to the period's end: read for the page's rows only
        List<KpiRecord> rows = jdbc.sql("select g.kind, g.customer_id, g.name, g.revenue, g.purchases, (select"
                + " coalesce(sum(" + CustomerSql.NET + "), 0) from invoices i where i.issue_date <= :periodEnd and"
                + " case when g.kind = 'company' then i.company_id = g.customer_id"
                + " else i.company_id is null and i.contact_id = g.customer_id end), g.last_day from (" + grouped
                + ") g order by " + order.sql + ", g.customer_id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("periodEnd", Date.valueOf(period.to()))
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> record.apply(new Customer(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getLong(5), rs.getBigDecimal(6), rs.getObject(7, LocalDate.class))))
                .list();
        return CountedPage.of(rows, page, jdbc, "from (" + grouped + ") g", where.params());
    }

    /** A customer as a record of the drill-down, with its figure and a note. */
    static KpiRecord record(Customer c, BigDecimal value, String noteKey, Object noteArgument) {
        return new KpiRecord(CustomerSql.recordKind(c.kind()), c.id(), c.name(), CustomerSql.href(c.kind(), c.id()),
                c.lastPurchase(), value, value == null ? null : KpiUnit.MONEY, noteKey, noteArgument);
    }
}
