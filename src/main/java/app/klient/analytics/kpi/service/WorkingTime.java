package app.klient.analytics.kpi.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
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
import app.klient.service.BusinessHours;
import app.klient.service.SupportCalendar;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An average time in working hours from a ticket's creation until a moment of it ({@link #until()}), over the tickets
 * whose moment falls in the period. Working time is the service desk's calendar ({@link BusinessHours}, the one the
 * service targets count in): days, opening hours, holidays and its zone. The working minutes of each ticket are
 * counted by that calendar in Java, from one query per figure.
 */
abstract class WorkingTime implements Kpi {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final SupportCalendar calendar;

    WorkingTime(JdbcClient jdbc, KpiSql sql, SupportCalendar calendar) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.calendar = calendar;
    }

    /** The ticket's column the time runs to. */
    abstract String until();

    @Override
    public KpiGroup group() {
        return KpiGroup.SERVICE;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.HOURS;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.SEGMENT, KpiDimension.COUNTRY,
                KpiDimension.PRODUCT);
    }

    private String from(KpiSql.Where where) {
        return "from tickets t join " + KpiSql.PERIODS + " on " + TicketSql.within("t." + until()) + " where "
                + where.sql();
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        BusinessHours hours = calendar.hours();
        KpiSql.Where where = TicketSql.where(sql, filters, periods, zone);
        Map<Long, Long> minutesOf = new HashMap<>();
        long[] minutes = new long[periods.size() + 1];
        long[] tickets = new long[periods.size() + 1];
        jdbc.sql("select p.n, t.id, t.created_at, t." + until() + " " + from(where)).params(where.params())
                .query(rs -> {
                    int n = rs.getInt(1);
                    Timestamp start = rs.getTimestamp(3);
                    Timestamp end = rs.getTimestamp(4);
                    minutes[n] += minutesOf.computeIfAbsent(rs.getLong(2),
                            id -> hours.between(start.toInstant(), end.toInstant()));
                    tickets[n]++;
                });
        Map<Integer, Measure> found = KpiSql.byNumber();
        for (int n = 1; n <= periods.size(); n++) {
            found.put(n, average(minutes[n], tickets[n]));
        }
        return KpiSql.inOrder(periods.size(), found, Measure.NONE);
    }

    /**
     * The average in hours to one decimal over the tickets (the denominator, what a trend point weighs); undefined
     * over no ticket. No numerator: hours "of" tickets would read as a share.
     */
    static Measure average(long minutes, long tickets) {
        if (tickets == 0) {
            return new Measure(null, null, BigDecimal.ZERO);
        }
        return new Measure(BigDecimal.valueOf(minutes).divide(SIXTY.multiply(BigDecimal.valueOf(tickets)), 1,
                RoundingMode.HALF_UP), null, BigDecimal.valueOf(tickets));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        BusinessHours hours = calendar.hours();
        KpiSql.Where where = TicketSql.where(sql, filters, List.of(period), zone);
        String from = from(where);
        List<KpiRecord> rows = jdbc.sql("select t.id, t.number, t.subject, t.created_at, t." + until() + " " + from
                + " order by t." + until() + " desc, t.id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> {
                    Timestamp end = rs.getTimestamp(5);
                    long worked = hours.between(rs.getTimestamp(4).toInstant(), end.toInstant());
                    return TicketSql.record(rs.getLong(1), rs.getString(2), rs.getString(3),
                            end.toInstant().atZone(zone).toLocalDate(),
                            BigDecimal.valueOf(worked).divide(SIXTY, 1, RoundingMode.HALF_UP), KpiUnit.HOURS,
                            "kpi." + id() + ".note",
                            null);
                })
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
