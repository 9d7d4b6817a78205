package app.klient.customers;

import app.klient.identity.RecordKind;
import java.util.List;
import java.util.Map;

import app.klient.customers.internal.BulkApply;
import app.klient.customers.internal.Company;
import app.klient.customers.internal.CompanyRepository;
import app.klient.customers.internal.CustomerAccess;
import app.klient.customers.internal.CustomerLists;
import app.klient.customers.internal.FormChecks;
import app.klient.customers.internal.Identifiers;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Keyset;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Companies (accounts): the front door other modules and the web layer use. */
@Service
public class Companies {

    private final CompanyRepository companies;
    private final CustomerLists lists;
    private final CustomFields customFields;
    private final Users users;
    private final JdbcClient jdbc;

    Companies(CompanyRepository companies, CustomerLists lists, CustomFields customFields, Users users,
            JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.companies = companies;
        this.lists = lists;
        this.customFields = customFields;
        this.users = users;
    }

    @Transactional(readOnly = true)
    public CountedPage<CompanyRow> list(CustomerQuery query, Pageable page) {
        return list(query, page, null, null);
    }

    /** A page that starts {@code after} or ends {@code before} a cursor of an earlier page (see {@link Keyset}). */
    @Transactional(readOnly = true)
    public CountedPage<CompanyRow> list(CustomerQuery query, Pageable page, String after, String before) {
        return lists.companies(query, page, Keyset.of(CustomerLists.COMPANY_SORTS, page.getSort(), after, before));
    }

    @Transactional(readOnly = true)
    public CompanyView get(long id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public boolean exists(long id) {
        return companies.existsById(id);
    }

    /** Free e-mail providers: a lead's address there says nothing about the company it works for. */
    private static final java.util.Set<String> FREE_MAIL = java.util.Set.of("gmail.com", "googlemail.com",
            "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "proton.me", "wp.pl", "o2.pl",
            "onet.pl", "interia.pl", "op.pl", "gazeta.pl", "tlen.pl", "seznam.cz", "email.cz", "centrum.cz",
            "post.cz", "volny.cz", "atlas.cz", "azet.sk", "gmx.de", "web.de");

    /**
     * The existing company a new contact most likely belongs to: the same tax or register number, else the same
     * e-mail or web domain (not a free-mail one), else the same name; empty when nothing matches.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> match(String taxId, String email, String name) {
        if (taxId != null && !taxId.isBlank()) {
            String compact = taxId.replaceAll("[\\s\\-./]", "").toUpperCase(java.util.Locale.ROOT);
            java.util.Optional<Long> byTax = jdbc.sql("""
                    select id from companies where tax_id in (:plain, :prefixed) or registration_number = :plain
                       or vat_id = :prefixed or vat_id = :plain order by id limit 1""")
                    .param("plain", compact.replaceFirst("^(PL|CZ)", "")).param("prefixed", compact)
                    .query(Long.class).optional();
            if (byTax.isPresent()) {
                return byTax;
            }
        }
        String domain = email == null || !email.contains("@") ? null
                : email.substring(email.indexOf('@') + 1).strip().toLowerCase(java.util.Locale.ROOT);
        if (domain != null && !domain.isBlank() && !FREE_MAIL.contains(domain)) {
            java.util.Optional<Long> byDomain = jdbc.sql("""
                    select id from companies where lower(email) like :email or lower(website) like :site1
                       or lower(website) like :site2 order by id limit 1""")
                    .param("email", "%@" + domain).param("site1", "%://" + domain + "%")
                    .param("site2", "%://www." + domain + "%").query(Long.class).optional();
            if (byDomain.isPresent()) {
                return byDomain;
            }
        }
        if (name != null && !name.isBlank()) {
            return jdbc.sql("select id from companies where lower(name) = lower(:name) order by id limit 1")
                    .param("name", name.strip()).query(Long.class).optional();
        }
        return java.util.Optional.empty();
    }

    @Transactional(readOnly = true)
    public String name(long id) {
        return jdbc.sql("select name from companies where id = :id").param("id", id).query(String.class).optional()
                .orElse(null);
    }

    /** The names of several companies at once (a board of cards, a list), by id; unknown ids are left out. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        java.util.List<Long> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (!wanted.isEmpty()) {
            jdbc.sql("select id, name from companies where id in (:ids)").param("ids", wanted)
                    .query((rs, n) -> names.put(rs.getLong(1), rs.getString(2))).list();
        }
        return names;
    }

    @Transactional
    public CompanyView create(CompanyForm form) {
        CustomerAccess.checkCreate();
        Company company = new Company(form.name().strip());
        fill(company, form);
        return view(companies.saveAndFlush(company));
    }

    @Transactional
    public CompanyView update(long id, CompanyForm form) {
        Company company = find(id);
        CustomerAccess.checkEdit(RecordKind.COMPANY, id, company.getOwnerId());
        Versions.check(form.version(), company.getVersion());
        fill(company, form);
        return view(companies.saveAndFlush(company));
    }

    @Transactional
    public void delete(long id) {
        Company company = find(id);
        CustomerAccess.checkEdit(RecordKind.COMPANY, id, company.getOwnerId());
        remove(company);
        companies.flush();
    }

    /** The company's own timeline goes with it; what its contacts did stays on their cards. */
    private void remove(Company company) {
        jdbc.sql("update timeline_entries set company_id = null where company_id = :id and contact_id is not null")
                .param("id", company.getId()).update();
        companies.delete(company);
    }

    @Transactional
    public CompanyView assignOwner(long id, Long ownerId) {
        Company company = find(id);
        CustomerAccess.checkEdit(RecordKind.COMPANY, id, company.getOwnerId());
        FormChecks checks = new FormChecks();
        Long owner = checks.owner("ownerId", ownerId, users);
        checks.errors().throwIfAny();
        company.assignOwner(owner);
        return view(companies.saveAndFlush(company));
    }

    /** Applies one change to every selected company the user may change; answers how many were changed. */
    @Transactional
    public int bulk(List<Long> ids, BulkChange change) {
        int changed = BulkApply.apply(RecordKind.COMPANY, companies.findAllById(ids), change.checked(users), this::remove);
        companies.flush();
        return changed;
    }

    private void fill(Company company, CompanyForm form) {
        FormChecks checks = new FormChecks();
        String country = checks.country("country", form.country());
        String taxId = identifier(checks, "taxId", form.taxId(), raw -> Identifiers.taxId(country, raw));
        String registration = identifier(checks, "registrationNumber", form.registrationNumber(),
                raw -> Identifiers.registrationNumber(country, raw));
        String vatId = identifier(checks, "vatId", form.vatId(), Identifiers::vatId);
        List<String> phones = checks.phones("phones", form.phones(), country, phone -> jdbc.sql(
                "select exists (select 1 from companies where phones @> array[cast(:p as text)])").param("p", phone)
                .query(Boolean.class).single());
        String email = checks.email("email", form.email());
        String website = checks.website("website", form.website());
        var billing = checks.address("billingAddress", form.billingAddress());
        var shipping = checks.address("shippingAddress", form.shippingAddress());
        // a new company belongs to whoever creates it unless an owner is given
        Long owner = checks.owner("ownerId", company.getId() == null ? OwnedRecords.ownerOfNew(form.ownerId())
                : form.ownerId(), users);
        List<String> tags = checks.tags("tags", form.tags());
        Map<String, Object> custom = Map.of();
        try {
            custom = customFields.check(CustomerType.COMPANY, form.customFields(),
                    customFields.read(company.getCustomFields()));
        }
        catch (app.klient.platform.InvalidFields e) {
            e.errors().forEach(error -> checks.errors().add(error.field(), error.messageKey(), error.arguments()));
        }
        checks.errors().throwIfAny();
        company.fill(form.name().strip(), FormChecks.trim(form.legalName()), country, taxId, registration, vatId,
                FormChecks.trim(form.industry()), form.size(), website, email, phones, billing, shipping, owner,
                form.teamId(), tags, form.lifecycleStage() == null ? LifecycleStage.LEAD : form.lifecycleStage(),
                customFields.write(custom));
    }

    private static String identifier(FormChecks checks, String field, String raw,
            java.util.function.Function<String, Identifiers.Checked> rule) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Identifiers.Checked checked = rule.apply(raw);
        if (!checked.valid()) {
            checks.errors().add(field, checked.errorKey());
        }
        return checked.value();
    }

    private Company find(long id) {
        return companies.findById(id).orElseThrow(() -> KlientException.notFound("company.notFound"));
    }

    private CompanyView view(Company c) {
        String ownerName = c.getOwnerId() == null ? null : users.names(List.of(c.getOwnerId())).get(c.getOwnerId());
        return new CompanyView(c.getId(), c.getName(), c.getLegalName(), c.getCountry(), c.getTaxId(),
                c.getRegistrationNumber(), c.getVatId(), c.getIndustry(), c.getSize(), c.getWebsite(), c.getEmail(),
                List.copyOf(c.getPhones()), c.getBillingAddress(), c.getShippingAddress(), c.getOwnerId(), ownerName,
                c.getTeamId(), List.copyOf(c.getTags()), c.getLifecycleStage(),
                customFields.read(c.getCustomFields()), c.getCreatedAt(), c.getUpdatedAt(), c.getVersion());
    }
}
