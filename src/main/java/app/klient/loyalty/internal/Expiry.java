package app.klient.loyalty.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

import app.klient.billing.Seller;
import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.loyalty.Points;
import app.klient.mail.Emails;
import app.klient.mail.OutgoingMail;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Points that pass their day expire (what is left of each earning, after what was spent from it), and customers are
 * told by e-mail, once per account and day, that points are about to expire. Both go a batch at a time under a
 * transaction advisory lock, so one node does them; the ledger's cause index and the notice's key make a repeated
 * batch write nothing twice, and a notice is stored in the outbox in the transaction of its record.
 */
@Component
public class Expiry {

    private static final int BATCH = 500;
    private static final int LOCK_SPACE = 0x4C6F7965; // "Loye"

    private final JdbcClient jdbc;
    private final Points points;
    private final Seller seller;
    private final Contacts contacts;
    private final Companies companies;
    private final Emails emails;
    private final MessageSource messages;
    private final TransactionTemplate transaction;

    Expiry(JdbcClient jdbc, Points points, Seller seller, Contacts contacts, Companies companies, Emails emails,
            MessageSource messages, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.points = points;
        this.seller = seller;
        this.contacts = contacts;
        this.companies = companies;
        this.emails = emails;
        this.messages = messages;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Lets everything past its day expire; answers how many ledger rows it wrote. */
    public int expire(LocalDate today) {
        int written = 0;
        long after = 0;
        while (true) {
            long from = after;
            long[] batch = transaction.execute(status -> {
                if (!locked(0)) {
                    return null;
                }
                List<Long> accounts = jdbc.sql("""
                        select distinct l.account_id from loyalty_ledger l
                        where l.expires_on < :today and l.points > 0 and l.account_id > :after
                          and l.points > coalesce((select sum(a.points) from loyalty_allocations a
                                                   where a.credit_id = l.id), 0)
                        order by l.account_id limit :batch""")
                        .param("today", today).param("after", from).param("batch", BATCH).query(Long.class).list();
                int rows = 0;
                for (long account : accounts) {
                    rows += points.expire(account, today);
                }
                return new long[] { accounts.size(), rows, accounts.isEmpty() ? from : accounts.get(accounts.size() - 1) };
            });
            if (batch == null || batch[0] == 0) {
                break;
            }
            written += (int) batch[1];
            after = batch[2];
        }
        return written;
    }

    /** A customer's points expiring on a day within the program's notice period, not yet told. */
    record Notice(long accountId, Long companyId, Long contactId, LocalDate expiresOn, int points, String program) {
    }

    /** Tells each customer whose points expire soon, once per account and day; answers how many were told. */
    public int notify(LocalDate today) {
        int told = 0;
        while (true) {
            Integer sent = transaction.execute(status -> {
                if (!locked(1)) {
                    return null;
                }
                List<Notice> due = jdbc.sql("""
                        with left_over as (
                            select l.account_id, l.expires_on,
                                   l.points - coalesce((select sum(a.points) from loyalty_allocations a
                                                        where a.credit_id = l.id), 0) as points
                            from loyalty_ledger l
                            join loyalty_accounts a on a.id = l.account_id
                            join loyalty_programs p on p.id = a.program_id
                            where l.points > 0 and l.expires_on >= :today
                              and l.expires_on <= :today + p.notice_days and p.active),
                        soonest as (
                            select account_id, expires_on, sum(points)::int as points from left_over
                            where points > 0 group by account_id, expires_on)
                        select distinct on (s.account_id) s.account_id, a.company_id, a.contact_id, s.expires_on,
                               s.points, p.name
                        from soonest s join loyalty_accounts a on a.id = s.account_id
                        join loyalty_programs p on p.id = a.program_id
                        where not exists (select 1 from loyalty_expiry_notices n
                                          where n.account_id = s.account_id and n.expires_on = s.expires_on)
                        order by s.account_id, s.expires_on limit :batch""")
                        .param("today", today).param("batch", BATCH)
                        .query((rs, n) -> new Notice(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                                rs.getObject(4, LocalDate.class), rs.getInt(5), rs.getString(6))).list();
                for (Notice notice : due) {
                    tell(notice);
                }
                return due.size();
            });
            if (sent == null || sent == 0) {
                break;
            }
            told += sent;
        }
        return told;
    }

    private void tell(Notice notice) {
        String address;
        String language;
        if (notice.contactId() != null) {
            ContactView contact = contacts.get(notice.contactId());
            address = contact.emails().isEmpty() ? null : contact.emails().get(0);
            language = contact.preferredLanguage();
        }
        else {
            CompanyView company = companies.get(notice.companyId());
            address = company.email();
            language = "CZ".equals(company.country()) ? "cs" : "PL".equals(company.country()) ? "pl" : "en";
        }
        Locale locale = Locale.forLanguageTag(language == null || !language.matches("en|pl|cs") ? "en" : language);
        jdbc.sql("""
                insert into loyalty_expiry_notices (account_id, expires_on, points, address)
                values (:account, :on, :points, :address) on conflict do nothing""")
                .param("account", notice.accountId()).param("on", notice.expiresOn())
                .param("points", notice.points()).param("address", address).update();
        if (address == null || address.isBlank()) {
            return;
        }
        String day = notice.expiresOn().format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
        int balance = points.balance(notice.accountId());
        String company = seller.get().name();
        Object[] arguments = { notice.points(), day, balance, notice.program(), company };
        emails.deliver(OutgoingMail.to(address,
                messages.getMessage("loyalty.expiry.mail.subject", arguments, locale),
                messages.getMessage("loyalty.expiry.mail.body", arguments, locale)).generatedAutomatically());
    }

    private boolean locked(int what) {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:space, :what)")
                .param("space", LOCK_SPACE).param("what", what).query(Boolean.class).single());
    }
}
