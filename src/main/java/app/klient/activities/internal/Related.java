package app.klient.activities.internal;

import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.sales.Deals;
import app.klient.sales.Leads;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Checks the records an activity or task is tied to, and finds the company of a contact tied alone. */
@Component
public class Related {

    private final Contacts contacts;
    private final Companies companies;
    private final Deals deals;
    private final Leads leads;
    private final JdbcClient jdbc;

    Related(Contacts contacts, Companies companies, Deals deals, Leads leads, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.companies = companies;
        this.deals = deals;
        this.leads = leads;
    }

    /** The company to record against: the one given, else the contact's, else the deal's. */
    public Long check(Long contactId, Long companyId, Long dealId, Long leadId, Long ticketId,
            InvalidFields.Collector errors) {
        Long company = companyId;
        if (contactId != null) {
            if (!contacts.exists(contactId)) {
                errors.add("contactId", "contact.notFound");
            }
            else if (company == null) {
                company = contacts.get(contactId).companyId();
            }
        }
        if (companyId != null && !companies.exists(companyId)) {
            errors.add("companyId", "company.notFound");
        }
        if (dealId != null) {
            try {
                Long ofDeal = deals.get(dealId).companyId();
                company = company == null ? ofDeal : company;
            }
            catch (KlientException e) {
                errors.add("dealId", "deal.notFound");
            }
        }
        if (leadId != null) {
            try {
                leads.get(leadId);
            }
            catch (KlientException e) {
                errors.add("leadId", "lead.notFound");
            }
        }
        // the service module builds on this one, so its tickets are looked up by their table (a foreign key backs it)
        if (ticketId != null && !jdbc.sql("select exists (select 1 from tickets where id = :id)").param("id", ticketId)
                .query(Boolean.class).single()) {
            errors.add("ticketId", "ticket.notFound");
        }
        return company;
    }
}
