package app.klient.analytics.kpi.sales;

import java.math.BigDecimal;
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
 * Activities per salesperson: the calls, meetings and e-mails that took place in the period (the moment they
 * occurred puts them in it; those still to come do not count) by their owner, and the tasks done in the period by
 * their assignee, divided by the number of people with at least one of them. Filtered by that person (owner) and
 * their team. The breakdown page shows each person's calls, meetings, e-mails and tasks done.
 */
@Component
class ActivitiesPerSalesperson implements Kpi {

    /** One person's work in a period. */
    record PersonWork(long userId, String name, long calls, long meetings, long emails, long tasks) {

        public long total() {
            return calls + meetings + emails + tasks;
        }
    }

    /** Everything counted: what it was, who did it, when, its id and subject, the customer it was with. */
    private static final String ITEMS = """
            select a.type as kind, a.owner_id as person, a.occurred_at as done_at, a.id, a.subject,
                   a.company_id, a.contact_id
            from activities a
            where a.type in ('CALL', 'MEETING', 'EMAIL') and a.owner_id is not null and a.occurred_at <= now()
            union all
            select 'TASK', t.assignee_id, t.done_at, t.id, t.title, t.company_id, t.contact_id
            from tasks t where t.done and t.done_at is not null""";

    private static final String FROM = "from (" + ITEMS + ") w join " + KpiSql.PERIODS + " on "
            + SalesSql.within("w.done_at") + " where ";

    private static final String BY_PERSON = "from (" + ITEMS + ") w join " + KpiSql.PERIODS + " on "
            + SalesSql.within("w.done_at") + " join users u on u.id = w.person where ";

    private final JdbcClient jdbc;
    private final KpiSql sql;

    ActivitiesPerSalesperson(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "activities-per-salesperson";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.COUNT;
    }

    @Override
    public String breakdown() {
        return "/analytics/sales/activities";
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM);
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = sql.where(periods).param("zone", zone.getId());
        sql.owner(where, filters, "w.person");
        return where;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*), count(distinct w.person) " + FROM + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.ratio(BigDecimal.valueOf(rs.getLong(2)),
                            BigDecimal.valueOf(rs.getLong(3)), 1));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.NONE);
    }

    /** Each person's calls, meetings, e-mails and tasks done in the period, the busiest first. */
    List<PersonWork> byPerson(KpiFilters filters, Period period, ZoneId zone) {
        KpiSql.Where where = where(filters, List.of(period), zone);
        return jdbc.sql("select u.id, u.name, count(*) filter (where w.kind = 'CALL'),"
                + " count(*) filter (where w.kind = 'MEETING'), count(*) filter (where w.kind = 'EMAIL'),"
                + " count(*) filter (where w.kind = 'TASK') " + BY_PERSON + where.sql()
                + " group by u.id, u.name order by count(*) desc, u.name, u.id")
                .params(where.params())
                .query((rs, n) -> new PersonWork(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)))
                .list();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period), zone);
        String from = FROM + where.sql();
        List<KpiRecord> rows = jdbc.sql("select w.kind, w.id, w.subject, " + SalesSql.day("w.done_at")
                + ", w.company_id, w.contact_id, (select u.name from users u where u.id = w.person) " + from
                + " order by w.done_at desc, w.kind, w.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.activity." + rs.getString(1), rs.getLong(2),
                        rs.getString(3), href(rs.getString(1), rs.getLong(2), (Long) rs.getObject(5),
                                (Long) rs.getObject(6)),
                        rs.getObject(4, LocalDate.class), null, null, "kpi.activities-per-salesperson.note",
                        rs.getString(7)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }

    /** A task's page; an activity is shown on its customer's card (without a customer, in My day). */
    private static String href(String kind, long id, Long company, Long contact) {
        if ("TASK".equals(kind)) {
            return "/tasks/" + id;
        }
        if (company != null) {
            return "/companies/" + company;
        }
        return contact != null ? "/contacts/" + contact : "/my-day";
    }
}
