package app.klient.customers;

import app.klient.identity.RecordKind;
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
    private final org.springframework.beans.factory.ObjectProvider<MarketingConsent> consent;

    Contacts(ContactRepository contacts, Companies companies, CustomerLists lists, CustomFields customFields,
            Users users, @Value("${klient.home-country:PL}") String homeCountry,
            org.springframework.jdbc.core.simple.JdbcClient jdbc,
            org.springframework.beans.factory.ObjectProvider<MarketingConsent> consent) {
        this.jdbc = jdbc;
        this.consent = consent;
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

    /** Adds a contact sent over the API (a ticked {@code marketingConsent} is recorded as given over the API). */
    @Transactional
    public ContactView create(ContactForm form) {
        return create(form, MarketingConsent.Origin.API);
    }

    /**
     * Adds a contact; {@code marketingConsent} true records consent to marketing by e-mail in the consent history
     * (source: the page or the API, as {@code origin} says), false or null records nothing for a new contact.
     */
    @Transactional
    public ContactView create(ContactForm form, MarketingConsent.Origin origin) {
        CustomerAccess.checkCreate();
        Contact contact = new Contact(form.lastName().strip());
        fill(contact, form, MarketingConsent.Standing.NONE);
        Contact saved = contacts.saveAndFlush(contact);
        recordConsent(saved.getId(), form, MarketingConsent.Standing.NONE, origin);
        return view(saved);
    }

    /** Changes a contact sent over the API. */
    @Transactional
    public ContactView update(long id, ContactForm form) {
        return update(id, form, MarketingConsent.Origin.API);
    }

    /**
     * Changes a contact. {@code marketingConsent} is a shortcut into the consent history: null leaves consent as it
     * is, the value it already has changes nothing, true when the contact does not agree records consent, false when
     * they do withdraws every marketing consent by e-mail.
     */
    @Transactional
    public ContactView update(long id, ContactForm form, MarketingConsent.Origin origin) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(RecordKind.CONTACT, id, contact.getOwnerId());
        Versions.check(form.version(), contact.getVersion());
        MarketingConsent.Standing before = standing(contact);
        fill(contact, form, before);
        Contact saved = contacts.saveAndFlush(contact);
        recordConsent(id, form, before, origin);
        return view(saved);
    }

    /** Where the contact's marketing consent stands, from the consent history (the old column without one). */
    private MarketingConsent.Standing standing(Contact c) {
        MarketingConsent spi = consent.getIfAvailable();
        return spi != null ? spi.standing(c.getId())
                : new MarketingConsent.Standing(c.isMarketingConsent(), c.getConsentAt());
    }

    private void recordConsent(long contactId, ContactForm form, MarketingConsent.Standing before,
            MarketingConsent.Origin origin) {
        if (form.marketingConsent() == null || form.marketingConsent() == before.agrees()) {
            return;
        }
        MarketingConsent spi = consent.getIfAvailable();
        if (spi == null) {
            return;
        }
        if (form.marketingConsent()) {
            spi.given(contactId, origin, form.consentMethod(), FormChecks.trim(form.consentNote()));
        }
        else {
            spi.withdrawn(contactId, origin, FormChecks.trim(form.consentNote()));
        }
    }

    @Transactional
    public void delete(long id) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(RecordKind.CONTACT, id, contact.getOwnerId());
        contacts.delete(contact);
        contacts.flush();
    }

    @Transactional
    public ContactView assignOwner(long id, Long ownerId) {
        Contact contact = find(id);
        CustomerAccess.checkEdit(RecordKind.CONTACT, id, contact.getOwnerId());
        FormChecks checks = new FormChecks();
        Long owner = checks.owner("ownerId", ownerId, users);
        checks.errors().throwIfAny();
        contact.assignOwner(owner);
        return view(contacts.saveAndFlush(contact));
    }

    @Transactional
    public int bulk(List<Long> ids, BulkChange change) {
        int changed = BulkApply.apply(RecordKind.CONTACT, contacts.findAllById(ids), change.checked(users), contacts::delete);
        contacts.flush();
        return changed;
    }

    /** Whether a contact already has this number, as it is written. */
    private boolean stored(String phone) {
        return jdbc.sql("select exists (select 1 from contacts where phones @> array[cast(:p as text)])")
                .param("p", phone).query(Boolean.class).single();
    }

    private void fill(Contact contact, ContactForm form, MarketingConsent.Standing before) {
        FormChecks checks = new FormChecks();
        if (form.companyId() != null && !companies.exists(form.companyId())) {
            checks.errors().add("companyId", "company.notFound");
        }
        Address address = checks.address("address", form.address());
        String region = address != null && address.country() != null ? address.country()
                : form.companyId() != null && companies.exists(form.companyId())
                        ? companies.get(form.companyId()).country() : null;
        List<String> emails = checks.emails("emails", form.emails());
        List<String> phones = checks.phones("phones", form.phones(), region == null ? homeCountry : region,
                this::stored);
        // a new contact belongs to whoever creates it unless an owner is given
        Long owner = checks.owner("ownerId", contact.getId() == null ? OwnedRecords.ownerOfNew(form.ownerId())
                : form.ownerId(), users);
        List<String> tags = checks.tags("tags", form.tags());
        // how it was given is asked only when consent is being given now (a view sent back unchanged passes)
        if (Boolean.TRUE.equals(form.marketingConsent()) && !before.agrees() && form.consentMethod() == null) {
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
        if (form.marketingConsent() != null && form.marketingConsent() != before.agrees()) {
            // the old columns keep how the shortcut was last used; whether the contact agrees is read from history
            contact.recordConsent(form.marketingConsent(), form.consentMethod(), FormChecks.trim(form.consentNote()));
        }
    }

    private Contact find(long id) {
        return contacts.findById(id).orElseThrow(() -> KlientException.notFound("contact.notFound"));
    }

    private ContactView view(Contact c) {
        MarketingConsent.Standing standing = standing(c);
        boolean agrees = standing.agrees();
        String ownerName = c.getOwnerId() == null ? null : users.names(List.of(c.getOwnerId())).get(c.getOwnerId());
        String companyName = c.getCompanyId() == null ? null : companies.name(c.getCompanyId());
        return new ContactView(c.getId(), c.getFirstName(), c.getLastName(), c.getTitleBefore(), c.getTitleAfter(),
                List.copyOf(c.getEmails()), List.copyOf(c.getPhones()), c.getJobTitle(), c.getCompanyId(),
                companyName, c.getBirthday(), c.getAddress(), c.getPreferredLanguage(), c.getPreferredChannel(),
                c.getSource(), c.getSourceDetail(), c.getOwnerId(), ownerName, List.copyOf(c.getTags()),
                agrees, standing.since(), agrees ? c.getConsentMethod() : null, agrees ? c.getConsentNote() : null,
                customFields.read(c.getCustomFields()), c.getCreatedAt(), c.getUpdatedAt(), c.getVersion());
    }
}
