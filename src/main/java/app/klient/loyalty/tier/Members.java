package app.klient.loyalty.tier;

import java.util.Locale;
import java.util.Optional;

import app.klient.billing.Seller;
import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.loyalty.Points;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who an account belongs to, as tiers, rewards and referrals need it: the customer, their name, the address that
 * hears from the program and the language they read.
 */
@Component
public class Members {

    /** An account and its customer. */
    public record Member(long accountId, long programId, Points.Customer customer, String name, String email,
            Locale language) {
    }

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final Companies companies;
    private final Seller seller;

    Members(JdbcClient jdbc, Contacts contacts, Companies companies, Seller seller) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.companies = companies;
        this.seller = seller;
    }

    public Member get(long accountId) {
        return find(accountId).orElseThrow(() -> KlientException.notFound("loyalty.account.notFound"));
    }

    public Optional<Member> find(long accountId) {
        return jdbc.sql("select program_id, company_id, contact_id from loyalty_accounts where id = :id")
                .param("id", accountId)
                .query((rs, n) -> new Object[] { rs.getLong(1),
                        new Points.Customer((Long) rs.getObject(2), (Long) rs.getObject(3)) })
                .optional().map(row -> member(accountId, (Long) row[0], (Points.Customer) row[1]));
    }

    private Member member(long accountId, long programId, Points.Customer customer) {
        if (customer.contactId() != null) {
            ContactView contact = contacts.get(customer.contactId());
            String language = contact.preferredLanguage() != null && !contact.preferredLanguage().isBlank()
                    ? contact.preferredLanguage() : sellerLanguage();
            return new Member(accountId, programId, customer, contact.fullName(),
                    contact.emails().isEmpty() ? null : contact.emails().get(0), Locale.forLanguageTag(language));
        }
        CompanyView company = companies.get(customer.companyId());
        String language = switch (company.country() == null ? "" : company.country()) {
            case "PL" -> "pl";
            case "CZ" -> "cs";
            default -> sellerLanguage();
        };
        return new Member(accountId, programId, customer, company.name(),
                company.email() == null || company.email().isBlank() ? null : company.email(),
                Locale.forLanguageTag(language));
    }

    private String sellerLanguage() {
        return switch (seller.get().country() == null ? "" : seller.get().country()) {
            case "PL" -> "pl";
            case "CZ" -> "cs";
            default -> "en";
        };
    }

    /** The customer's accounts, one per program they take part in. */
    public java.util.List<Long> accountsOf(Points.Customer customer) {
        String column = customer.companyId() != null ? "company_id" : "contact_id";
        return jdbc.sql("select id from loyalty_accounts where %s = :id order by program_id".formatted(column))
                .param("id", customer.companyId() != null ? customer.companyId() : customer.contactId())
                .query(Long.class).list();
    }
}
