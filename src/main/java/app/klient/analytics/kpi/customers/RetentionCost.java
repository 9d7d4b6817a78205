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
 * Each piece of spend is about a customer (the recipient's company, else the recipient; the loyalty account's; the
 * ticket's), so the owner, team, country and segment filters choose the spend on the customers they choose, as they
 * choose the customers retained; a campaign counts the share of its recipients who pass them. Pipeline, product
 * and currency say nothing of a customer kept and do not apply.
 */
@Component
class RetentionCost implements Kpi {

    /**
     * Each piece of spend: kind, id, name, page, day, amount, a number the note needs (a campaign's recipients, a
     * ticket's minutes), the note of a reward, and the customer it was spent on (company, else contact).
     */
    private static final String SPEND = """
            select 'campaign' as kind, c.id, c.name, '/marketing/campaigns/' || c.id || '/report' as href,
                   r.day, %s / r.recipients as amount, r.recipients as n, null as note,
                   ct.company_id as customer_company, ct.id as customer_contact
            from campaigns c
            join lateral (select (c.started_at at time zone :zone)::date as day, count(*) as recipients
                          from campaign_recipients cr where cr.campaign_id = c.id and cr.state = 'SENT') r
              on r.recipients > 0
            join campaign_recipients cr on cr.campaign_id = c.id and cr.state = 'SENT'
            join contacts ct on ct.id = cr.contact_id
            where c.cost is not null and c.started_at is not null
              and exists (select 1 from invoices i where i.kind = 'INVOICE' and i.issue_date < r.day
                          and ((i.company_id is null and i.contact_id = ct.id) or i.company_id = ct.company_id))
            union all
            select 'reward', rd.id, case :language when 'pl' then rw.name_pl when 'cs' then rw.name_cs
                   else rw.name_en end, '/loyalty/accounts/' || rd.account_id, (rd.at at time zone :zone)::date,
                   case when rw.kind in ('AMOUNT', 'GIFT_CARD') then %s
                        when rw.kind = 'FREE_PRODUCT' then %s else 0 end, 0, rw.kind, la.company_id, la.contact_id
            from loyalty_redemptions rd join loyalty_rewards rw on rw.id = rd.reward_id
            join loyalty_accounts la on la.id = rd.account_id
            left join products pr on pr.id = rw.product_id
            union all
            select 'ticket', a.ticket_id, a.subject, '/tickets/' || a.ticket_id, (a.occurred_at at time zone :zone)::date,
                   a.duration_minutes * cast(:hourCost as numeric) / 60, a.duration_minutes, null, t.company_id,
                   t.contact_id
            from activities a join tickets t on t.id = a.ticket_id
            where a.ticket_id is not null and a.duration_minutes > 0""".formatted(
            KpiSql.inCompanyCurrency("c.cost", "coalesce(c.cost_currency, :kCompanyCurrency)", "r.day"),
            KpiSql.inCompanyCurrency("rw.amount", "rw.currency", "(rd.at at time zone :zone)::date"),
            KpiSql.inCompanyCurrency("pr.unit_price", "pr.currency", "(rd.at at time zone :zone)::date"));

    /** The spend with its customer as {@code co} or {@code ct}, in the periods {@code p}. */
    private static final String SPENT = "from (" + SPEND + ") s"
            + " left join companies co on co.id = s.customer_company"
            + " left join contacts ct on s.customer_company is null and ct.id = s.customer_contact"
            + " join " + KpiSql.PERIODS + " on s.day between p.from_day and p.to_day";

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
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.COUNTRY, KpiDimension.SEGMENT);
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = sql.where(periods);
        sql.owner(where, filters, "coalesce(co.owner_id, ct.owner_id)");
        sql.country(where, filters, "coalesce(co.country, ct.country)");
        sql.segment(where, filters, "ct.id", "co.id");
        return where.param("zone", zone.getId()).param("hourCost", settings.current().serviceHourCost())
                .param("language", LocaleContextHolder.getLocale().getLanguage());
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(filters, periods, zone);
        Map<Integer, BigDecimal> spent = new HashMap<>();
        jdbc.sql("select p.n, round(sum(s.amount), 2) " + SPENT + " where " + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    spent.put(rs.getInt(1), rs.getBigDecimal(2));
                });
        List<Retention.Counts> counts = retention.counts(filters, periods);
        return java.util.stream.IntStream.range(0, periods.size())
                .mapToObj(i -> Measure.ratio(spent.getOrDefault(i + 1, BigDecimal.ZERO),
                        BigDecimal.valueOf(counts.get(i).retained()), 2))
                .toList();
    }

    /** The campaigns, rewards and service time the spend is made of, highest first. */
    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period), zone);
        String from = "from (select s.kind, s.id, max(s.name) as name, max(s.href) as href, max(s.day) as day,"
                + " round(sum(s.amount), 2) as amount, case s.kind when 'campaign' then count(*) || ' / ' || max(s.n)"
                + " when 'ticket' then sum(s.n)::text else max(s.note) end as note " + SPENT + " where "
                + where.sql() + " group by s.kind, s.id) g";
        List<KpiRecord> rows = jdbc.sql("select g.kind, g.id, g.name, g.href, g.day, g.amount, g.note " + from
                + " order by g.amount desc nulls last, g.day desc, g.id desc limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record." + rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, LocalDate.class), rs.getBigDecimal(6), KpiUnit.MONEY,
                        "kpi.retention-cost.note." + rs.getString(1),
                        // a ticket's minutes are a number, written in the reader's format
                        "ticket".equals(rs.getString(1)) ? Long.valueOf(rs.getString(7)) : rs.getString(7)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
