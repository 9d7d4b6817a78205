package app.klient.billing.internal;

import app.klient.billing.Party;
import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import org.springframework.stereotype.Component;

/** The buyer as a document prints it: a company with its tax numbers, or a private customer. */
@Component
public class Buyers {

    private final Companies companies;
    private final Contacts contacts;

    Buyers(Companies companies, Contacts contacts) {
        this.companies = companies;
        this.contacts = contacts;
    }

    public Party of(Long companyId, Long contactId) {
        return of(companyId == null ? null : companies.get(companyId), contactId == null ? null
                : contacts.get(contactId));
    }

    static Party of(CompanyView company, ContactView contact) {
        if (company != null) {
            var a = company.billingAddress();
            return new Party(company.legalName() == null || company.legalName().isBlank() ? company.name()
                    : company.legalName(), a == null || a.isEmpty() ? null : a.oneLine(), company.taxId(),
                    company.vatId(), company.country(), null, company.registrationNumber());
        }
        var a = contact.address();
        return new Party(contact.displayName(), a == null || a.isEmpty() ? null : a.oneLine(), null, null,
                a == null ? null : a.country(), null);
    }
}
