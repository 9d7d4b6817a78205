package app.klient.analytics.kpi.sales;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Funnel conversion: of the leads created in the period (the day of creation puts a lead in it), the share whose deal
 * is won now. The funnel page shows the four steps each lead reached: lead; qualified (qualified or converted, or
 * with a deal); deal (converted into a deal); won (that deal won). Filtered by the lead's owner (and team) and
 * country.
 */
@Component
class FunnelConversion implements Kpi {

    /** The four steps of a period and how many leads reached each. */
    record Funnel(long leads, long qualified, long deals, long won) {
    }

    /** The furthest step a lead {@code l} (with its deal {@code d}) reached. */
    private static final String STEP = "case when d.status = 'WON' then 'won' when l.deal_id is not null then 'deal'"
            + " when l.status in ('QUALIFIED', 'CONVERTED') then 'qualified' else 'lead' end";

    private static final String FROM = "from leads l left join deals d on d.id = l.deal_id join " + KpiSql.PERIODS
            + " on " + SalesSql.within("l.created_at") + " where ";

    private final JdbcClient jdbc;
    private final KpiSql sql;

    FunnelConversion(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "funnel-conversion";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public String breakdown() {
        return "/analytics/sales/funnel";
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.COUNTRY);
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = sql.where(periods).param("zone", zone.getId());
        sql.owner(where, filters, "l.owner_id");
        sql.country(where, filters, "l.country");
        return where;
    }

    /** The steps of each period, in the order given. */
    private List<Funnel> funnels(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(filters, periods, zone);
        Map<Integer, Funnel> found = new HashMap<>();
        jdbc.sql("select p.n, count(*), count(*) filter (where " + STEP + " <> 'lead'), count(*) filter (where "
                + STEP + " in ('deal', 'won')), count(*) filter (where " + STEP + " = 'won') " + FROM + where.sql()
                + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), new Funnel(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                });
        List<Funnel> funnels = new ArrayList<>();
        for (int n = 1; n <= periods.size(); n++) {
            funnels.add(found.getOrDefault(n, new Funnel(0, 0, 0, 0)));
        }
        return funnels;
    }

    /** The funnel of one period: how many leads reached each step. */
    Funnel funnel(KpiFilters filters, Period period, ZoneId zone) {
        return funnels(filters, List.of(period), zone).get(0);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return funnels(filters, periods, zone).stream().map(f -> Measure.percent(f.won(), f.leads())).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period), zone);
        String from = FROM + where.sql();
        List<KpiRecord> rows = jdbc.sql("select l.id, trim(concat_ws(' ', l.first_name, l.last_name, "
                + "case when l.company_name is not null then '(' || l.company_name || ')' end)), "
                + SalesSql.day("l.created_at") + ", " + STEP + ", l.email " + from
                + " order by l.created_at desc, l.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.lead", rs.getLong(1),
                        rs.getString(2).isBlank() ? rs.getString(5) : rs.getString(2), "/leads/" + rs.getLong(1),
                        rs.getObject(3, LocalDate.class), null, null, "kpi.funnel.step." + rs.getString(4), null))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
