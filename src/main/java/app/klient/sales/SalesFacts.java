package app.klient.sales;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What sales knows that marketing credits to its campaigns and keywords: leads and deals with when they came, for
 * whom, and the UTM they carry. Read only; marketing never reads the sales tables itself.
 */
@Service
public class SalesFacts {

    /** A lead: its contact once converted, when it came, and the UTM of the page or link it came through. */
    public record LeadFact(long id, Long contactId, Instant at, String utmSource, String utmMedium,
            String utmCampaign, String utmTerm) {
    }

    /** A deal of a contact (a deal with several contacts appears once per contact). */
    public record DealFact(long id, long contactId, Instant at, String status, BigDecimal amount, String currency,
            String utmCampaign, String utmTerm) {
    }

    /** Leads per keyword (utm_term, compared without case) and how many became contacts. */
    public record KeywordLeads(String keyword, long leads, long contacts) {
    }

    private final JdbcClient jdbc;

    SalesFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<LeadFact> leadsOf(Collection<Long> contactIds, Instant from, Instant to) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select id, contact_id, created_at, utm_source, utm_medium, utm_campaign, utm_term from leads
                where contact_id = any(:ids) and created_at >= :from and created_at < :to""")
                .param("ids", contactIds.toArray(Long[]::new)).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).query(SalesFacts::lead).list();
    }

    /** Leads that came through a link or form of this UTM campaign, converted or not. */
    @Transactional(readOnly = true)
    public List<LeadFact> leadsOfCampaign(String utmCampaign, Instant from, Instant to) {
        return jdbc.sql("""
                select id, contact_id, created_at, utm_source, utm_medium, utm_campaign, utm_term from leads
                where utm_campaign = :campaign and created_at >= :from and created_at < :to""")
                .param("campaign", utmCampaign).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(SalesFacts::lead).list();
    }

    @Transactional(readOnly = true)
    public List<DealFact> dealsOf(Collection<Long> contactIds, Instant from, Instant to) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select d.id, dc.contact_id, d.created_at, d.status, d.amount, d.currency, d.utm_campaign, d.utm_term
                from deal_contacts dc join deals d on d.id = dc.deal_id
                where dc.contact_id = any(:ids) and d.created_at >= :from and d.created_at < :to""")
                .param("ids", contactIds.toArray(Long[]::new)).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> new DealFact(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    /** Per keyword (lower case): the leads that came with it within the period, and the contacts they became. */
    @Transactional(readOnly = true)
    public List<KeywordLeads> leadsByKeyword(Instant from, Instant to) {
        return jdbc.sql("""
                select lower(utm_term), count(*), count(distinct contact_id) from leads
                where utm_term is not null and created_at >= :from and created_at < :to
                group by lower(utm_term)""").param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new KeywordLeads(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    private static LeadFact lead(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new LeadFact(rs.getLong(1), (Long) rs.getObject(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
    }
}
