package app.klient.marketing.attribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.Revenue;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import app.klient.sales.SalesFacts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaign reports: what the messages did (from the campaign's own records) and what followed them (leads and deals
 * from sales, orders and invoices from billing), credited within the attribution window to one touch per thing that
 * followed, the last by default. The settings and a campaign's cost are kept here too.
 */
@Service
public class Attribution {

    private static final BigDecimal MAX_COST = new BigDecimal("999999999999.99");

    private final JdbcClient jdbc;
    private final Versions versions;
    private final SalesFacts sales;
    private final Revenue revenue;
    private final AuditLog audit;
    private final String currency;

    Attribution(JdbcClient jdbc, Versions versions, SalesFacts sales, Revenue revenue, AuditLog audit,
            @Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.sales = sales;
        this.revenue = revenue;
        this.audit = audit;
        this.currency = currency;
    }

    public String currency() {
        return currency;
    }

    @Transactional(readOnly = true)
    public AttributionSettings settings() {
        return jdbc.sql("select window_days, model, count_opens, version from attribution_settings where id = 1")
                .query((rs, n) -> new AttributionSettings(rs.getInt(1), AttributionModel.valueOf(rs.getString(2)),
                        rs.getBoolean(3), rs.getInt(4)))
                .single();
    }

    /** Only the administrator changes how every report counts. */
    @Transactional
    public AttributionSettings changeSettings(AttributionSettings changed) {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "attribution.settings.forbidden");
        }
        AttributionSettings before = settings();
        versions.change("attribution_settings", 1, changed.version())
                .set("window_days = :days, model = :model, count_opens = :opens, updated_at = now()")
                .param("days", changed.windowDays()).param("model", changed.model().name())
                .param("opens", Boolean.TRUE.equals(changed.countOpens())).apply();
        AttributionSettings after = settings();
        audit.record(AuditAction.UPDATE, "attributionSettings", 1, null, FieldChange.between(
                Map.of("windowDays", before.windowDays(), "model", before.model(), "countOpens", before.countOpens()),
                Map.of("windowDays", after.windowDays(), "model", after.model(), "countOpens", after.countOpens())));
        return after;
    }

    /** The marketer's cost of a campaign (in the company's currency); empty removes it. */
    @Transactional
    public CampaignReport setCost(long campaignId, BigDecimal cost, Integer version) {
        Permission.MARKETING.check();
        if (cost != null && (cost.signum() < 0 || cost.compareTo(MAX_COST) > 0 || cost.scale() > 2)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("cost", "attribution.cost.invalid")));
        }
        BigDecimal before = jdbc.sql("select cost from campaigns where id = :id").param("id", campaignId)
                .query(BigDecimal.class).optional().orElse(null);
        versions.change("campaigns", campaignId, version).notFound("attribution.campaign.notFound")
                .set("cost = :cost, cost_currency = :currency, updated_at = now()").param("cost", cost)
                .param("currency", cost == null ? null : currency).apply();
        audit.record(AuditAction.UPDATE, "campaign", campaignId, null, List.of(new FieldChange("cost",
                before == null ? null : before.toPlainString(), cost == null ? null : cost.toPlainString())));
        return report(campaignId);
    }

    @Transactional(readOnly = true)
    public CampaignReport report(long campaignId) {
        record Head(String name, String state, int version, Instant startedAt, Instant createdAt, String utm,
                BigDecimal cost) {
        }
        Head head = jdbc.sql("""
                select name, state, version, started_at, created_at, utm_campaign, cost from campaigns where id = :id""")
                .param("id", campaignId)
                .query((rs, n) -> new Head(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs.getTimestamp(4)),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getBigDecimal(7)))
                .optional().orElseThrow(() -> KlientException.notFound("attribution.campaign.notFound"));
        AttributionSettings settings = settings();
        CampaignReport.Attributed attributed = attributed(campaignId, head.utm(), settings);
        BigDecimal roi = head.cost() == null || head.cost().signum() == 0 ? null
                : attributed.revenue().subtract(head.cost()).divide(head.cost(), 4, RoundingMode.HALF_UP);
        return new CampaignReport(campaignId, head.name(), head.state(), head.version(), head.startedAt(), head.utm(),
                funnel(campaignId), links(campaignId), attributed, head.cost(), currency, roi, settings);
    }

    private CampaignReport.Funnel funnel(long campaignId) {
        return jdbc.sql("""
                with r as (
                    select count(*) recipients,
                           count(*) filter (where state in ('SENT', 'BOUNCED')) sent,
                           count(*) filter (where state = 'BOUNCED') bounced_state,
                           count(*) filter (where opened_at is not null or clicked_at is not null) opened,
                           count(*) filter (where clicked_at is not null) clicked,
                           count(*) filter (where state = 'NO_CONSENT') no_consent,
                           count(*) filter (where state = 'SUPPRESSED') suppressed,
                           count(*) filter (where state = 'NO_ADDRESS') no_address,
                           count(*) filter (where state = 'FAILED') failed
                    from campaign_recipients where campaign_id = :id),
                e as (
                    select count(distinct contact_id) filter (where kind = 'HARD_BOUNCE' or kind = 'SOFT_BOUNCE') bounced,
                           count(distinct contact_id) filter (where kind = 'UNSUBSCRIBE') unsubscribed,
                           count(distinct contact_id) filter (where kind = 'COMPLAINT') complaints
                    from marketing_events where campaign_id = :id
                      and kind in ('HARD_BOUNCE', 'SOFT_BOUNCE', 'UNSUBSCRIBE', 'COMPLAINT'))
                select r.recipients, r.sent, greatest(r.bounced_state, e.bounced), r.opened, r.clicked,
                       e.unsubscribed, e.complaints, r.no_consent, r.suppressed, r.no_address, r.failed
                from r, e""").param("id", campaignId)
                .query((rs, n) -> new CampaignReport.Funnel(rs.getLong(1), rs.getLong(2),
                        Math.max(0, rs.getLong(2) - rs.getLong(3)), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)))
                .single();
    }

    private List<CampaignReport.LinkClicks> links(long campaignId) {
        return jdbc.sql("""
                select l.id, l.url, count(e.id), count(distinct e.contact_id) from campaign_links l
                left join marketing_events e on e.campaign_id = l.campaign_id and e.kind = 'CLICK' and e.link_id = l.id
                where l.campaign_id = :id group by l.id, l.url order by count(e.id) desc, l.id limit 100""")
                .param("id", campaignId)
                .query((rs, n) -> new CampaignReport.LinkClicks(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getLong(4)))
                .list();
    }

    /**
     * Everything that followed a touch of this campaign within the window and whose credited touch (last or first
     * within the window, among all the contact's touches) is this campaign's. Leads, orders and invoices without a
     * contact are credited by the UTM campaign they carry.
     */
    private CampaignReport.Attributed attributed(long campaignId, String utm, AttributionSettings settings) {
        Duration window = Duration.ofDays(settings.windowDays());
        List<String> kinds = Boolean.TRUE.equals(settings.countOpens()) ? List.of("CLICK", "OPEN") : List.of("CLICK");
        List<Touch> own = new ArrayList<>(jdbc.sql("""
                select contact_id, at from marketing_events
                where campaign_id = :id and kind in (:kinds) and contact_id is not null""")
                .param("id", campaignId).param("kinds", kinds)
                .query((rs, n) -> new Touch(rs.getLong(1), rs.getTimestamp(2).toInstant(), campaignId, utm, null))
                .list());
        Instant far = Instant.parse("2000-01-01T00:00:00Z");
        Instant now = Instant.now();
        List<SalesFacts.LeadFact> campaignLeads = utm == null ? List.of() : sales.leadsOfCampaign(utm, far, now);
        if (utm != null) {
            own.addAll(jdbc.sql("""
                    select contact_id, at, utm_term from web_visits where utm_campaign = :utm""").param("utm", utm)
                    .query((rs, n) -> new Touch(rs.getLong(1), rs.getTimestamp(2).toInstant(), null, utm,
                            rs.getString(3)))
                    .list());
            campaignLeads.stream().filter(l -> l.contactId() != null).forEach(l -> own.add(new Touch(l.contactId(),
                    l.at(), null, l.utmCampaign(), l.utmTerm())));
        }
        long leads = campaignLeads.stream().filter(l -> l.contactId() == null).count();
        long orders = 0;
        long invoices = 0;
        BigDecimal money = BigDecimal.ZERO;
        // the customers invoiced: each contact once; an invoice known only by its UTM campaign is one customer
        Set<Long> customers = new HashSet<>();
        long unknownCustomers = 0;
        if (utm != null) {
            for (Revenue.OrderFact order : revenue.ordersOfCampaign(utm, far, now)) {
                orders += order.contactId() == null ? 1 : 0;
            }
            for (Revenue.InvoiceFact invoice : revenue.invoicesOfCampaign(utm, LocalDate.of(2000, 1, 1),
                    LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
                if (invoice.contactId() == null) {
                    invoices++;
                    money = money.add(invoice.net());
                    unknownCustomers += invoice.net().signum() > 0 ? 1 : 0;
                }
            }
        }
        long deals = 0;
        long won = 0;
        if (!own.isEmpty()) {
            Set<Long> contacts = new HashSet<>();
            Instant first = own.get(0).at();
            Instant last = first;
            for (Touch t : own) {
                contacts.add(t.contactId());
                first = t.at().isBefore(first) ? t.at() : first;
                last = t.at().isAfter(last) ? t.at() : last;
            }
            Instant to = last.plus(window).isAfter(now) ? now.plusSeconds(1) : last.plus(window);
            Map<Long, List<Touch>> touches = touchesOf(contacts, first.minus(window), to, kinds);
            own.forEach(t -> touches.computeIfAbsent(t.contactId(), c -> new ArrayList<>()).add(t));
            List<SalesFacts.LeadFact> contactLeads = sales.leadsOf(contacts, first, to);
            for (SalesFacts.LeadFact lead : contactLeads) {
                if (lead.utmCampaign() != null || lead.utmTerm() != null) {
                    touches.get(lead.contactId()).add(new Touch(lead.contactId(), lead.at(), null,
                            lead.utmCampaign(), lead.utmTerm()));
                }
            }
            for (SalesFacts.LeadFact lead : contactLeads) {
                leads += credits(touches, lead.contactId(), lead.at(), window, settings, campaignId, utm) ? 1 : 0;
            }
            Set<Long> counted = new HashSet<>();
            for (SalesFacts.DealFact deal : sales.dealsOf(contacts, first, to)) {
                if (!counted.contains(deal.id())
                        && credits(touches, deal.contactId(), deal.at(), window, settings, campaignId, utm)) {
                    counted.add(deal.id());
                    deals++;
                    won += "WON".equals(deal.status()) ? 1 : 0;
                }
            }
            for (Revenue.OrderFact order : revenue.ordersOf(contacts, first, to)) {
                orders += credits(touches, order.contactId(), order.at(), window, settings, campaignId, utm) ? 1 : 0;
            }
            for (Revenue.InvoiceFact invoice : revenue.invoicesOf(contacts,
                    LocalDate.ofInstant(first, ZoneOffset.UTC), LocalDate.ofInstant(to, ZoneOffset.UTC))) {
                // an invoice is dated, not timed: it counts at the end of its day
                Instant at = invoice.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
                if (credits(touches, invoice.contactId(), at, window, settings, campaignId, utm)) {
                    invoices++;
                    money = money.add(invoice.net());
                    customers.add(invoice.contactId());
                }
            }
        }
        return new CampaignReport.Attributed(leads, deals, won, orders, invoices, money,
                customers.size() + unknownCustomers);
    }

    private static boolean credits(Map<Long, List<Touch>> touches, long contactId, Instant at, Duration window,
            AttributionSettings settings, long campaignId, String utm) {
        return Touch.credited(touches.getOrDefault(contactId, List.of()), at, window, settings.model())
                .map(t -> t.of(campaignId, utm)).orElse(false);
    }

    /** Every touch of these contacts in the period: campaign clicks (opens), visits with UTM. */
    private Map<Long, List<Touch>> touchesOf(Set<Long> contacts, Instant from, Instant to, List<String> kinds) {
        Map<Long, List<Touch>> touches = new HashMap<>();
        Long[] ids = contacts.toArray(Long[]::new);
        jdbc.sql("""
                select e.contact_id, e.at, e.campaign_id, c.utm_campaign from marketing_events e
                left join campaigns c on c.id = e.campaign_id
                where e.contact_id = any(:ids) and e.kind in (:kinds) and e.at >= :from and e.at < :to""")
                .param("ids", ids).param("kinds", kinds).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> new Touch(rs.getLong(1), rs.getTimestamp(2).toInstant(), (Long) rs.getObject(3),
                        rs.getString(4), null))
                .list().forEach(t -> touches.computeIfAbsent(t.contactId(), c -> new ArrayList<>()).add(t));
        jdbc.sql("""
                select contact_id, at, utm_campaign, utm_term from web_visits
                where contact_id = any(:ids) and at >= :from and at < :to
                  and coalesce(utm_source, utm_medium, utm_campaign, utm_term) is not null""")
                .param("ids", ids).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new Touch(rs.getLong(1), rs.getTimestamp(2).toInstant(), null, rs.getString(3),
                        rs.getString(4)))
                .list().forEach(t -> touches.computeIfAbsent(t.contactId(), c -> new ArrayList<>()).add(t));
        contacts.forEach(c -> touches.computeIfAbsent(c, k -> new ArrayList<>()));
        return touches;
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
