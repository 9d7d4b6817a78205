package app.klient.analytics.kpi.marketing;

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
import app.klient.marketing.attribution.Attribution;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Campaign conversion: of the recipients a campaign started within the period was sent to (its report's "sent"),
 * the share who within the attribution window after the start became a lead (a lead was created for them) or a
 * customer (their first invoice, or their company's, is dated from the start day to the window's last day). A
 * contact sent two campaigns counts once for each.
 */
@Component
class CampaignConversion implements Kpi {

    /**
     * Each recipient of a campaign started in a period, whether they became a lead and whether a customer. Set-based
     * for a period's hundreds of thousands of recipients: each customer's first invoice day is found once, by a
     * grouped read of the invoices joined by hash (the company's, or the contact's own without a company), and the
     * leads are looked up only for the recipients who have a lead at all (a hashed set of contacts) rather than
     * probed for every one.
     */
    private static final String RECIPIENTS = """
            select p.n, c.id as campaign_id, c.name as campaign, c.started_at, k.id as contact_id,
                   trim(concat_ws(' ', k.first_name, k.last_name)) as contact,
                   k.id in (select kl.contact_id from leads kl where kl.contact_id is not null)
                     and exists (select 1 from leads l where l.contact_id = k.id and l.created_at >= c.started_at
                                 and l.created_at < c.started_at + :kWindow * interval '1 day') as became_lead,
                   coalesce(fc.first_day, fp.first_day)
                     between cast(c.started_at at time zone :kZone as date)
                         and cast(c.started_at at time zone :kZone as date) + :kWindow as became_customer
            from campaigns c join %s on %s
            join campaign_recipients r on r.campaign_id = c.id and r.state in ('SENT', 'BOUNCED')
            join contacts k on k.id = r.contact_id
            left join (select i.company_id, min(i.issue_date) as first_day from invoices i
                       where i.kind = 'INVOICE' and i.company_id is not null group by i.company_id) fc
              on fc.company_id = k.company_id
            left join (select i.contact_id, min(i.issue_date) as first_day from invoices i
                       where i.kind = 'INVOICE' and i.company_id is null and i.contact_id is not null
                       group by i.contact_id) fp
              on k.company_id is null and fp.contact_id = k.id
            where %s""";

    private final JdbcClient jdbc;
    private final StartedCampaigns campaigns;
    private final Attribution attribution;

    CampaignConversion(JdbcClient jdbc, StartedCampaigns campaigns, Attribution attribution) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.attribution = attribution;
    }

    @Override
    public String id() {
        return "campaign-conversion";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.MARKETING;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM);
    }

    private String recipients(KpiSql.Where where) {
        where.param("kWindow", attribution.settings().windowDays());
        return RECIPIENTS.formatted(KpiSql.PERIODS, StartedCampaigns.WITHIN, where.sql());
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = campaigns.where(filters, periods, zone);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select x.n, count(*) filter (where x.became_lead or coalesce(x.became_customer, false)), count(*)"
                + " from (" + recipients(where) + ") x group by x.n").params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.percent(rs.getLong(2), rs.getLong(3)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.percent(0, 0));
    }

    /** The recipients who converted, newest campaign first. */
    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = campaigns.where(filters, List.of(period), zone);
        String from = "from (" + recipients(where) + ") x where x.became_lead or coalesce(x.became_customer, false)";
        List<KpiRecord> rows = jdbc.sql("select x.contact_id, x.contact, x.started_at, x.campaign, x.became_customer "
                + from + " order by x.started_at desc, x.campaign_id desc, x.contact_id limit :kLimit offset :kOffset")
                .params(where.params()).param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.recipient", rs.getLong(1), rs.getString(2),
                        "/contacts/" + rs.getLong(1), rs.getTimestamp(3).toInstant().atZone(zone).toLocalDate(),
                        null, null,
                        rs.getBoolean(5) ? "kpi.campaign-conversion.customer" : "kpi.campaign-conversion.lead",
                        rs.getString(4)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
