package app.klient.billing;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What billing knows that marketing credits to its campaigns and keywords: orders, and the revenue of issued
 * invoices (net, in the company's currency: a foreign invoice at its own exchange rate; corrections count with their
 * sign). Read only; marketing never reads the billing tables itself.
 */
@Service
public class Revenue {

    /** An order of a contact, when it was placed, and its net total (in its own currency). */
    public record OrderFact(long id, Long contactId, Instant at, BigDecimal net, String utmCampaign, String utmTerm) {
    }

    /** An issued invoice (or correction) of a contact: its issue date and net amount in the company's currency. */
    public record InvoiceFact(long id, Long contactId, LocalDate day, BigDecimal net, String utmCampaign,
            String utmTerm) {
    }

    /** Revenue per keyword (utm_term, lower case) and issue day. */
    public record KeywordDay(String keyword, LocalDate day, BigDecimal net) {
    }

    /** Paying customers per keyword: the contacts (or, without one, companies) invoiced. */
    public record KeywordCustomers(String keyword, long customers) {
    }

    private static final String NET = "round(i.net_total * coalesce(i.exchange_rate, 1), 2)";

    private final JdbcClient jdbc;

    Revenue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<OrderFact> ordersOf(Collection<Long> contactIds, Instant from, Instant to) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select id, contact_id, ordered_at, net_total, utm_campaign, utm_term from orders
                where contact_id = any(:ids) and ordered_at >= :from and ordered_at < :to and status <> 'CANCELLED'""")
                .param("ids", contactIds.toArray(Long[]::new)).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> new OrderFact(rs.getLong(1), (Long) rs.getObject(2), rs.getTimestamp(3).toInstant(),
                        rs.getBigDecimal(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** Orders that carry this UTM campaign (whoever they are for). */
    @Transactional(readOnly = true)
    public List<OrderFact> ordersOfCampaign(String utmCampaign, Instant from, Instant to) {
        return jdbc.sql("""
                select id, contact_id, ordered_at, net_total, utm_campaign, utm_term from orders
                where utm_campaign = :campaign and ordered_at >= :from and ordered_at < :to and status <> 'CANCELLED'""")
                .param("campaign", utmCampaign).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new OrderFact(rs.getLong(1), (Long) rs.getObject(2), rs.getTimestamp(3).toInstant(),
                        rs.getBigDecimal(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<InvoiceFact> invoicesOf(Collection<Long> contactIds, LocalDate from, LocalDate to) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select i.id, i.contact_id, i.issue_date, " + NET + ", i.utm_campaign, i.utm_term"
                + " from invoices i where i.contact_id = any(:ids) and i.issue_date >= :from and i.issue_date <= :to")
                .param("ids", contactIds.toArray(Long[]::new)).param("from", from).param("to", to)
                .query((rs, n) -> new InvoiceFact(rs.getLong(1), (Long) rs.getObject(2),
                        rs.getObject(3, LocalDate.class), rs.getBigDecimal(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** Invoices that carry this UTM campaign (whoever they are for). */
    @Transactional(readOnly = true)
    public List<InvoiceFact> invoicesOfCampaign(String utmCampaign, LocalDate from, LocalDate to) {
        return jdbc.sql("select i.id, i.contact_id, i.issue_date, " + NET + ", i.utm_campaign, i.utm_term"
                + " from invoices i where i.utm_campaign = :campaign and i.issue_date >= :from and i.issue_date <= :to")
                .param("campaign", utmCampaign).param("from", from).param("to", to)
                .query((rs, n) -> new InvoiceFact(rs.getLong(1), (Long) rs.getObject(2),
                        rs.getObject(3, LocalDate.class), rs.getBigDecimal(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** Revenue per keyword and day, for the keywords given (lower case); the keyword report's payback needs days. */
    @Transactional(readOnly = true)
    public List<KeywordDay> byKeywordAndDay(Collection<String> keywords) {
        if (keywords.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select lower(i.utm_term), i.issue_date, sum(" + NET + ") from invoices i"
                + " where lower(i.utm_term) = any(:keywords) group by 1, 2 order by 1, 2")
                .param("keywords", keywords.toArray(String[]::new))
                .query((rs, n) -> new KeywordDay(rs.getString(1), rs.getObject(2, LocalDate.class),
                        rs.getBigDecimal(3)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<KeywordCustomers> customersByKeyword(Collection<String> keywords) {
        if (keywords.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select lower(utm_term), count(distinct coalesce('p' || contact_id, 'c' || company_id, 'i' || id))
                from invoices where lower(utm_term) = any(:keywords) and kind = 'INVOICE' group by 1""")
                .param("keywords", keywords.toArray(String[]::new))
                .query((rs, n) -> new KeywordCustomers(rs.getString(1), rs.getLong(2))).list();
    }
}
