package app.klient.customers;

import java.util.List;
import java.util.Map;

import app.klient.customers.internal.BulkApply;
import app.klient.customers.internal.Contact;
import app.klient.customers.internal.ContactRepository;
import app.klient.customers.internal.CustomerAccess;
import app.klient.customers.internal.CustomerLists;
import app.klient.customers.internal.FormChecks;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Keyset;
import app.klient.platform.db.Versions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contacts: people at companies and private customers. */
@Service
public class Contacts {

    private final ContactRepository contacts;
    private final Companies companies;
    private final CustomerLists lists;
    private final CustomFields customFields;
    private final Users users;
    private final String homeCountry;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Contacts(ContactRepository contacts, Companies companies, CustomerLists lists, CustomFields customFields,
            Users users, @Value("${klient.home-country:PL}") String homeCountry,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.companies = companies;
        this.lists = lists;
        this.customFields = customFields;
        this.users = users;
        this.homeCountry = homeCountry;
    }

    /** Refuses a bad filter (an unknown segment) before an export starts writing. */
    @Transactional(readOnly = true)
    public void checkFilter(CustomerQuery query) {
        lists.checkContacts(query);
    }

    @Transactional(readOnly = true)
    public CountedPage<ContactRow> list(CustomerQuery query, Pageable page) {
        return list(query, page, null, null);
    }

    /** A page that starts {@code after} or ends {@code before} a cursor of an earlier page (see {@link Keyset}). */
    @Transactional(readOnly = true)
    public CountedPage<ContactRow> list(CustomerQuery query, Pageable page, String after, String before) {
        return lists.contacts(query, page, Keyset.of(CustomerLists.CONTACT_SORTS, page.getSort(), after, before));
    }

    @Transactional(readOnly = true)
    public ContactView get(long id) {
        return view(find(id));
    }

    /** The contact with this e-mail address (the oldest when several share it), for mail that comes in. */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return java.util.Optional.empty();
        }
        return jdbc.sql("select id from contacts where emails @> array[lower(:email)]::text[] order by id limit 1")
                .param("email", email.strip()).query(Long.class).optional();
    }

    @Transactional(readOnly = true)
    public boolean exists(long id) {
        return contacts.existsById(id);
    }

    @Transactional(readOnly = true)
    public List<ContactView> ofCompany(long companyId) {
        return contacts.findTop50ByCompanyIdOrderByLastNameAscFirstNameAsc(companyId).stream().map(this::view)
                .toList();
    }

    @Transactional(readOnly = true)
    public long countOfCompany(long companyId) {
        return contacts.countByCompanyId(companyId);
    }

    @Transactional
    public ContactView create(ContactForm form) {
        CustomerAccess.checkCreate();
        Contact contact = new Contact(form.lastName().strip());
        fill(contact, form);
        return view(contacts.saveAndFlush(contact));
    }

    @Transactional
    public ContactView update(long id, ContactForm form) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(contact.getOwnerId());
        Versions.check(form.version(), contact.getVersion());
        fill(contact, form);
        return view(contacts.saveAndFlush(contact));
    }

    @Transactional
    public void delete(long id) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(contact.getOwnerId());
        contacts.delete(contact);
        contacts.flush();
    }

    @Transactional
    public ContactView assignOwner(long id, Long ownerId) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(contact.getOwnerId());
        FormChecks checks = new FormChecks();
        Long owner = checks.owner("ownerId", ownerId, users);
        checks.errors().throwIfAny();
        contact.assignOwner(owner);
        return view(contacts.saveAndFlush(contact));
    }

    @Transactional
    public int bulk(List<Long> ids, BulkChange change) {
        int changed = BulkApply.apply(contacts.findAllById(ids), change.checked(users), contacts::delete);
        contacts.flush();
        return changed;
    }

    private void fill(Contact contact, ContactForm form) {
        FormChecks checks = new FormChecks();
        if (form.companyId() != null && !companies.exists(form.companyId())) {
            checks.errors().add("companyId", "company.notFound");
        }
        Address address = checks.address("address", form.address());
        String region = address != null && address.country() != null ? address.country()
                : form.companyId() != null && companies.exists(form.companyId())
                        ? companies.get(form.companyId()).country() : null;
        List<String> emails = checks.emails("emails", form.emails());
        List<String> phones = checks.phones("phones", form.phones(), region == null ? homeCountry : region);
        // a new contact belongs to whoever creates it unless an owner is given
        Long owner = checks.owner("ownerId", contact.getId() == null ? OwnedRecords.ownerOfNew(form.ownerId())
                : form.ownerId(), users);
        List<String> tags = checks.tags("tags", form.tags());
        if (Boolean.TRUE.equals(form.marketingConsent()) && form.consentMethod() == null) {
            checks.errors().add("consentMethod", "contact.consent.method");
        }
        Map<String, Object> custom = Map.of();
        try {
            custom = customFields.check(CustomerType.CONTACT, form.customFields(),
                    customFields.read(contact.getCustomFields()));
        }
        catch (InvalidFields e) {
            e.errors().forEach(error -> checks.errors().add(error.field(), error.messageKey(), error.arguments()));
        }
        checks.errors().throwIfAny();
        contact.fill(FormChecks.trim(form.firstName()), form.lastName().strip(), FormChecks.trim(form.titleBefore()),
                FormChecks.trim(form.titleAfter()), emails, phones, FormChecks.trim(form.jobTitle()),
                form.companyId(), form.birthday(), address, FormChecks.trim(form.preferredLanguage()),
                form.preferredChannel(), form.source(), FormChecks.trim(form.sourceDetail()), owner, tags,
                customFields.write(custom));
        contact.recordConsent(Boolean.TRUE.equals(form.marketingConsent()), form.consentMethod(),
                FormChecks.trim(form.consentNote()));
    }

    private Contact find(long id) {
        return contacts.findById(id).orElseThrow(() -> KlientException.notFound("contact.notFound"));
    }

    private ContactView view(Contact c) {
        String ownerName = c.getOwnerId() == null ? null : users.names(List.of(c.getOwnerId())).get(c.getOwnerId());
        String companyName = c.getCompanyId() == null ? null : companies.name(c.getCompanyId());
        return new ContactView(c.getId(), c.getFirstName(), c.getLastName(), c.getTitleBefore(), c.getTitleAfter(),
                List.copyOf(c.getEmails()), List.copyOf(c.getPhones()), c.getJobTitle(), c.getCompanyId(),
                companyName, c.getBirthday(), c.getAddress(), c.getPreferredLanguage(), c.getPreferredChannel(),
                c.getSource(), c.getSourceDetail(), c.getOwnerId(), ownerName, List.copyOf(c.getTags()),
                c.isMarketingConsent(), c.getConsentAt(), c.getConsentMethod(), c.getConsentNote(),
                customFields.read(c.getCustomFields()), c.getCreatedAt(), c.getUpdatedAt(), c.getVersion());
    }
}
