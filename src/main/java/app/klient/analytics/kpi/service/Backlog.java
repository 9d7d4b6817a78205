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
import org.springframework.stereotype.Component;

/**
 * Backlog: the tickets open at the end of the period's last day: created before that moment and neither resolved nor
 * closed by then. A ticket reopened later has lost its earlier resolution (the ticket keeps only the last one), so it
 * counts as open since its creation.
 */
@Component
class Backlog implements Kpi {

    /** When the ticket stopped being open: its resolution, or its closing when it was closed unresolved. */
    static final String DONE = "least(t.resolved_at, t.closed_at)";

    private final JdbcClient jdbc;
    private final KpiSql sql;

    Backlog(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "backlog";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SERVICE;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.COUNT;
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

    private static String from(KpiSql.Where where) {
        return "from tickets t join " + KpiSql.PERIODS + " on t.created_at < " + TicketSql.ENDS + " and (" + DONE
                + " is null or " + DONE + " >= " + TicketSql.ENDS + ") where " + where.sql();
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = TicketSql.where(sql, filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*) " + from(where) + " group by p.n").params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.of(rs.getLong(2)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.of(0));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = TicketSql.where(sql, filters, List.of(period), zone);
        String from = from(where);
        List<KpiRecord> rows = jdbc.sql("select t.id, t.number, t.subject, t.created_at " + from
                + " order by t.created_at, t.id limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> TicketSql.record(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant().atZone(zone).toLocalDate(), null, null, "kpi.backlog.note",
                        null))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
