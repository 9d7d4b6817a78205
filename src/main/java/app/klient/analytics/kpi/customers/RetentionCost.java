package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.time.LocalDate;
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
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Customer retention cost: what the company spent in the period on keeping customers ÷ the customers retained in it
 * (as retention rate counts them). The spend, in the company currency, is
 * <ul>
 * <li>each e-mail campaign started in the period: its cost × the share of its sent recipients who were customers
 *     when it started (a private customer invoiced before that day, or a person of a company invoiced before it);
 * <li>each loyalty reward redeemed in the period at its value: the amount of an amount or gift-card reward, the
 *     catalog price of a free product (a percentage reward has no value until used and counts nothing);
 * <li>service time: the minutes of the activities recorded on tickets in the period at the administrator's hourly
 *     cost ({@link CustomerSettings}).
 * </ul>
 * It is the company's figure: none of the filters applies.
 */
@Component
class RetentionCost implements Kpi {

    /** Each item of spend: kind, id, name, page, day, amount, and what the note says of it. */
    private static final String SPEND = """
            select 'campaign' as kind, c.id, c.name, '/marketing/campaigns/' || c.id || '/report' as href,
                   r.day, round(%s * r.customers / r.recipients, 2) as amount, r.customers || ' / ' || r.recipients as note
            from campaigns c
            join lateral (select (c.started_at at time zone :zone)::date as day, count(*) as recipients,
                                 count(*) filter (where exists (select 1 from invoices i where i.kind = 'INVOICE'
                                     and i.issue_date < (c.started_at at time zone :zone)::date
                                     and ((i.company_id is null and i.contact_id = ct.id)
                                          or i.company_id = ct.company_id))) as customers
                          from campaign_recipients cr join contacts ct on ct.id = cr.contact_id
                          where cr.campaign_id = c.id and cr.state = 'SENT') r on r.recipients > 0
            where c.cost is not null and c.started_at is not null
            union all
            select 'reward', rd.id, case :language when 'pl' then rw.name_pl when 'cs' then rw.name_cs
                   else rw.name_en end, '/loyalty/accounts/' || rd.account_id, (rd.at at time zone :zone)::date,
                   round(case when rw.kind in ('AMOUNT', 'GIFT_CARD') then %s
                              when rw.kind = 'FREE_PRODUCT' then %s else 0 end, 2), rw.kind
            from loyalty_redemptions rd join loyalty_rewards rw on rw.id = rd.reward_id
            left join products pr on pr.id = rw.product_id
            union all
            select 'ticket', a.ticket_id, a.subject, '/tickets/' || a.ticket_id, (a.occurred_at at time zone :zone)::date,
                   round(a.duration_minutes * cast(:hourCost as numeric) / 60, 2), a.duration_minutes::text
            from activities a where a.ticket_id is not null and a.duration_minutes > 0""".formatted(
            KpiSql.inCompanyCurrency("c.cost", "coalesce(c.cost_currency, :kCompanyCurrency)", "r.day"),
            KpiSql.inCompanyCurrency("rw.amount", "rw.currency", "(rd.at at time zone :zone)::date"),
            KpiSql.inCompanyCurrency("pr.unit_price", "pr.currency", "(rd.at at time zone :zone)::date"));

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final Retention retention;
    private final CustomerSettings settings;

    RetentionCost(JdbcClient jdbc, KpiSql sql, Retention retention, CustomerSettings settings) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.retention = retention;
        this.settings = settings;
    }

    @Override
    public String id() {
        return "retention-cost";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.CUSTOMERS;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MONEY;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.noneOf(KpiDimension.class);
    }

    private KpiSql.Where where(List<Period> periods, ZoneId zone) {
        return sql.where(periods).param("zone", zone.getId())
                .param("hourCost", settings.current().serviceHourCost())
                .param("language", LocaleContextHolder.getLocale().getLanguage());
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(periods, zone);
        Map<Integer, BigDecimal> spent = new HashMap<>();
        jdbc.sql("select p.n, sum(s.amount) from (" + SPEND + ") s join " + KpiSql.PERIODS
                + " on s.day between p.from_day and p.to_day group by p.n").params(where.params())
                .query(rs -> {
                    spent.put(rs.getInt(1), rs.getBigDecimal(2));
                });
        List<Retention.Counts> counts = retention.counts(KpiFilters.NONE, periods);
        return java.util.stream.IntStream.range(0, periods.size())
                .mapToObj(i -> Measure.ratio(spent.getOrDefault(i + 1, BigDecimal.ZERO),
                        BigDecimal.valueOf(counts.get(i).retained()), 2))
                .toList();
    }

    /** The campaigns, rewards and service time the spend is made of, highest first. */
    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(List.of(period), zone);
        String from = "from (" + SPEND + ") s join " + KpiSql.PERIODS + " on s.day between p.from_day and p.to_day";
        List<KpiRecord> rows = jdbc.sql("select s.kind, s.id, s.name, s.href, s.day, s.amount, s.note " + from
                + " order by s.amount desc nulls last, s.day desc, s.id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record." + rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, LocalDate.class), rs.getBigDecimal(6),
                        "kpi.retention-cost.note." + rs.getString(1), rs.getString(7)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
