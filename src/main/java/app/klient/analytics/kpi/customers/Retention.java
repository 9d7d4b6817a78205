package app.klient.analytics.kpi.customers;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who was a customer when a period began, who was lost in it and who still was one at its end: the one counting
 * behind churn rate, retention rate and retention cost.
 *
 * <p>With N the administrator's days ({@link CustomerSettings}, 365 unless changed), a customer <em>is a customer on
 * day d</em> when they made a purchase in the N days up to d ({@code d − N + 1 … d}). They are <em>lost</em> on the
 * day N days after a purchase not followed by another within those N days (purchase day + N). Of a period
 * {@code from … to}, with its end E = the earlier of {@code to} and today:
 * <ul>
 * <li>at its start: customers on the day before {@code from} (a purchase in {@code from − N … from − 1});
 * <li>lost in it: those of them who are lost on a day within {@code from … E} (a purchase in
 *     {@code from − N … E − N} with no next one within N days; one won back later still counts as lost);
 * <li>retained: those of them who are customers on E (a purchase in {@code E − N + 1 … E}).
 * </ul>
 */
@Component
class Retention {

    /** Per period and customer: at the start, lost in the period (with the first lost day), a customer at the end. */
    private static final String PER_CUSTOMER = """
            select p.n, b.kind, b.customer_id,
                   bool_or(b.day < p.from_day) as at_start,
                   min(b.day + :lostDays) filter (where b.day <= least(p.to_day, current_date) - :lostDays
                       and (b.next_day is null or b.next_day > b.day + :lostDays)) as lost_on,
                   bool_or(b.day > least(p.to_day, current_date) - :lostDays) as at_end,
                   max(b.day) as last_day
            from (%s) b join %s
              on b.day between p.from_day - :lostDays and least(p.to_day, current_date)
            group by p.n, b.kind, b.customer_id""".formatted(CustomerSql.PURCHASE_DAYS, KpiSql.PERIODS);

    /** Customers at the start, lost, retained. */
    record Counts(long atStart, long lost, long retained) {
    }

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final CustomerSettings settings;

    Retention(JdbcClient jdbc, KpiSql sql, CustomerSettings settings) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.settings = settings;
    }

    private String from(KpiSql.Where where) {
        return "from (" + PER_CUSTOMER + ") g" + CustomerSql.JOIN_CUSTOMER + " where g.at_start and " + where.sql();
    }

    List<Counts> counts(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = CustomerSql.where(sql, filters, periods);
        Map<Integer, Counts> found = new java.util.HashMap<>();
        jdbc.sql("select g.n, count(*), count(g.lost_on), count(*) filter (where g.at_end) " + from(where)
                + " group by g.n").params(where.params()).param("lostDays", lostDays())
                .query(rs -> {
                    found.put(rs.getInt(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                });
        return java.util.stream.IntStream.rangeClosed(1, periods.size())
                .mapToObj(n -> found.getOrDefault(n, new Counts(0, 0, 0))).toList();
    }

    /** Churn rate: lost ÷ at the start. */
    List<Measure> churn(KpiFilters filters, List<Period> periods) {
        return counts(filters, periods).stream().map(c -> Measure.percent(c.lost(), c.atStart())).toList();
    }

    /** Retention rate: still customers at the end ÷ at the start. */
    List<Measure> retention(KpiFilters filters, List<Period> periods) {
        return counts(filters, periods).stream().map(c -> Measure.percent(c.retained(), c.atStart())).toList();
    }

    /** The customers lost in the period, on the day they were lost, newest first. */
    CountedPage<KpiRecord> lost(KpiFilters filters, Period period, Pageable page) {
        return records(filters, period, page, "g.lost_on is not null", "g.lost_on", "kpi.churn-rate.note");
    }

    /** The customers retained, with their last purchase up to the period's end, newest first. */
    CountedPage<KpiRecord> retained(KpiFilters filters, Period period, Pageable page) {
        return records(filters, period, page, "g.at_end", "g.last_day", "kpi.retention-rate.note");
    }

    private CountedPage<KpiRecord> records(KpiFilters filters, Period period, Pageable page, String which,
            String day, String note) {
        KpiSql.Where where = CustomerSql.where(sql, filters, List.of(period)).and(which).param("lostDays",
                lostDays());
        String from = from(where);
        List<KpiRecord> rows = jdbc.sql("select g.kind, g.customer_id, " + CustomerSql.NAME + ", " + day
                + ", g.last_day " + from + " order by 4 desc, g.customer_id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord(CustomerSql.recordKind(rs.getString(1)), rs.getLong(2),
                        rs.getString(3), CustomerSql.href(rs.getString(1), rs.getLong(2)),
                        rs.getObject(4, LocalDate.class), null, null, note, rs.getObject(5, LocalDate.class)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }

    int lostDays() {
        return settings.current().lostAfterDays();
    }
}
