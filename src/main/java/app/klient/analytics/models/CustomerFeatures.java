package app.klient.analytics.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.function.Consumer;

import app.klient.analytics.KpiSql;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the customer models read of each customer on a given day, in one pass over invoices, tickets and survey
 * answers: the customer is the company invoiced, or the private customer (a contact) of an invoice without one — as
 * every customer KPI counts (analytics' CustomerSql); a purchase is an invoice (not a correction), its value net in the
 * company currency.
 */
@Component
class CustomerFeatures {

    /**
     * A customer on {@code day}: purchases up to it and within the last {@code window} days, their first and last days,
     * value within the window and in all, the usual (median) and the last gap between purchases, support tickets in
     * the last 90 days and in the 275 before, the mean satisfaction (CSAT 1–5) of the last year, and the attributes.
     */
    record Row(String kind, long id, int purchases, int recentPurchases, LocalDate firstDay, LocalDate lastDay,
            double recentValue, double value, Double usualGap, Integer lastGap, int recentTickets, int earlierTickets,
            Double satisfaction, String country, String industry, String size) {

        int recency(LocalDate day) {
            return (int) (day.toEpochDay() - lastDay.toEpochDay());
        }

        int tenure(LocalDate day) {
            return (int) (day.toEpochDay() - firstDay.toEpochDay());
        }
    }

    private static final String SQL = """
            with p as (
                select case when i.company_id is null then 'contact' else 'company' end as kind,
                       coalesce(i.company_id, i.contact_id) as customer_id, i.issue_date as day, %s as net
                from invoices i
                where i.kind = 'INVOICE' and coalesce(i.company_id, i.contact_id) is not null
                  and i.issue_date <= cast(:day as date) and i.issue_date > cast(:day as date) - :history
            ), g as (
                select kind, customer_id, day, net,
                       day - lag(day) over (partition by kind, customer_id order by day) as gap,
                       lead(day) over (partition by kind, customer_id order by day) is null as last
                from p
            ), c as (
                select kind, customer_id, count(*) as purchases,
                       count(*) filter (where day > cast(:day as date) - :window) as recent_purchases,
                       min(day) as first_day, max(day) as last_day,
                       coalesce(sum(net) filter (where day > cast(:day as date) - :window), 0) as recent_value,
                       coalesce(sum(net), 0) as value,
                       percentile_cont(0.5) within group (order by gap) as usual_gap,
                       -- the last purchase's gap, marked in the window's one pass (an ordered array_agg cost a fifth more)
                       max(gap) filter (where last) as last_gap
                from g group by kind, customer_id
                having max(day) > cast(:day as date) - :population
            ), t as (
                select case when company_id is null then 'contact' else 'company' end as kind,
                       coalesce(company_id, contact_id) as customer_id,
                       count(*) filter (where created_at > cast(:day as date) - 89) as recent_tickets,
                       count(*) filter (where created_at <= cast(:day as date) - 89) as earlier_tickets
                from tickets
                where coalesce(company_id, contact_id) is not null and created_at < cast(:day as date) + 1
                  and created_at > cast(:day as date) - 364
                group by 1, 2
            ), s as (
                select case when company_id is null then 'contact' else 'company' end as kind,
                       coalesce(company_id, contact_id) as customer_id, avg(score) as satisfaction
                from survey_responses
                where kind = 'CSAT' and coalesce(company_id, contact_id) is not null
                  and answered_at < cast(:day as date) + 1 and answered_at > cast(:day as date) - 364
                group by 1, 2
            )
            select c.*, coalesce(t.recent_tickets, 0) as recent_tickets, coalesce(t.earlier_tickets, 0) as earlier_tickets,
                   s.satisfaction, coalesce(co.country, ct.country) as country, co.industry, co.size
            from c
            left join t on t.kind = c.kind and t.customer_id = c.customer_id
            left join s on s.kind = c.kind and s.customer_id = c.customer_id
            left join companies co on c.kind = 'company' and co.id = c.customer_id
            left join contacts ct on c.kind = 'contact' and ct.id = c.customer_id
            where co.id is not null or ct.id is not null
            """.formatted(KpiSql.inCompanyCurrency("i.net_total", "i.currency", "i.issue_date"));

    private final JdbcClient jdbc;
    private final TransactionTemplate reading;
    private final String currency;

    CustomerFeatures(JdbcClient jdbc, TransactionTemplate transaction,
            @Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        // PostgreSQL's driver streams a result by the fetch size only inside a transaction; without one it holds
        // every row in memory (a million customers did not fit the server's 512 MB)
        this.reading = new TransactionTemplate(transaction.getTransactionManager());
        this.reading.setReadOnly(true);
        this.currency = currency;
    }

    /**
     * Every customer whose last purchase on or before {@code day} lies within {@code population} days of it, read
     * with {@code window} days as "recent" and {@code history} days of purchases behind them; one at a time.
     */
    void read(LocalDate day, int window, int population, int history, Consumer<Row> each) {
        reading.executeWithoutResult(status -> jdbc.sql(SQL).param("day", day).param("window", window)
                .param("population", population).param("history", history).param("kCompanyCurrency", currency)
                .withFetchSize(5_000).query((ResultSet rs) -> {
                    each.accept(row(rs));
                }));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("kind"), rs.getLong("customer_id"), rs.getInt("purchases"),
                rs.getInt("recent_purchases"), rs.getObject("first_day", LocalDate.class),
                rs.getObject("last_day", LocalDate.class), rs.getDouble("recent_value"), rs.getDouble("value"),
                (Double) rs.getObject("usual_gap"), (Integer) rs.getObject("last_gap"), rs.getInt("recent_tickets"),
                rs.getInt("earlier_tickets"), rs.getObject("satisfaction") == null ? null
                        : rs.getDouble("satisfaction"), rs.getString("country"), rs.getString("industry"),
                rs.getString("size"));
    }

    /** The customers who bought in the {@code days} after {@code day}: the churn label. */
    Customers boughtAfter(LocalDate day, int days) {
        long[][] keys = { new long[1 << 16] };
        int[] size = { 0 };
        reading.executeWithoutResult(status -> jdbc.sql("""
                select distinct coalesce(company_id, contact_id), company_id is null
                from invoices where kind = 'INVOICE' and coalesce(company_id, contact_id) is not null
                  and issue_date > cast(:day as date) and issue_date <= cast(:day as date) + :days""")
                .param("day", day).param("days", days).withFetchSize(10_000)
                .query((ResultSet rs) -> {
                    if (size[0] == keys[0].length) {
                        keys[0] = java.util.Arrays.copyOf(keys[0], size[0] * 2);
                    }
                    keys[0][size[0]++] = Customers.key(rs.getBoolean(2) ? "contact" : "company", rs.getLong(1));
                }));
        long[] sorted = java.util.Arrays.copyOf(keys[0], size[0]);
        java.util.Arrays.sort(sorted);
        return new Customers(sorted);
    }

    /** A set of customers as sorted numbers (8 bytes each, where a million strings took 110 MB). */
    record Customers(long[] sorted) {

        static long key(String kind, long id) {
            return id * 2 + ("contact".equals(kind) ? 1 : 0);
        }

        boolean contains(String kind, long id) {
            return java.util.Arrays.binarySearch(sorted, key(kind, id)) >= 0;
        }
    }

}
