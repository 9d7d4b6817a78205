package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What customers paid, for loyalty (a tier reached by spending, a referred customer's first paid purchase). Paid is
 * billing's one rule: an invoice is paid when it is settled ({@code paid_at}); what it counts is its net amount less
 * its corrections, in the company currency (at the invoice's own rate).
 */
@Service
public class Spending {

    /** A paid invoice: which, and when it was settled. */
    public record PaidInvoice(long id, String number, Instant paidAt) {
    }

    private final JdbcClient jdbc;

    Spending(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What each company paid for invoices settled since {@code since}; companies that paid nothing are absent. */
    @Transactional(readOnly = true)
    public Map<Long, BigDecimal> byCompanies(Collection<Long> companyIds, Instant since) {
        return spent("company_id", companyIds, since);
    }

    /** What each contact paid for invoices settled since {@code since} (as the invoice's contact). */
    @Transactional(readOnly = true)
    public Map<Long, BigDecimal> byContacts(Collection<Long> contactIds, Instant since) {
        return spent("contact_id", contactIds, since);
    }

    /** The customer's first paid invoice (a company's, or a contact's), settled at or after {@code since}. */
    @Transactional(readOnly = true)
    public Optional<PaidInvoice> firstPaid(Long companyId, Long contactId, Instant since) {
        String column = companyId != null ? "company_id" : "contact_id";
        return jdbc.sql("""
                select id, number, paid_at from invoices
                where %s = :who and kind = 'INVOICE' and paid_at is not null and paid_at >= :since
                order by paid_at, id limit 1""".formatted(column))
                .param("who", companyId != null ? companyId : contactId)
                .param("since", java.sql.Timestamp.from(since))
                .query((rs, n) -> new PaidInvoice(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** Whether the customer has any paid invoice at all. */
    @Transactional(readOnly = true)
    public boolean hasPaid(Long companyId, Long contactId) {
        return firstPaid(companyId, contactId, Instant.EPOCH).isPresent();
    }

    private Map<Long, BigDecimal> spent(String column, Collection<Long> ids, Instant since) {
        Map<Long, BigDecimal> spent = new HashMap<>();
        if (ids.isEmpty()) {
            return spent;
        }
        jdbc.sql("""
                select i.%1$s, sum((i.net_total + coalesce(c.net, 0)) * coalesce(i.exchange_rate, 1))
                from invoices i
                left join lateral (select sum(k.net_total) as net from invoices k where k.corrects_id = i.id) c on true
                where i.%1$s = any(cast(:ids as bigint[])) and i.kind = 'INVOICE' and i.paid_at >= :since
                group by i.%1$s""".formatted(column))
                .param("ids", ids.toArray(Long[]::new)).param("since", java.sql.Timestamp.from(since))
                .query((rs, n) -> spent.put(rs.getLong(1), rs.getBigDecimal(2).max(BigDecimal.ZERO))).list();
        return spent;
    }
}
