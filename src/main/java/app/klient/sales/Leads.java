package app.klient.sales;

import app.klient.identity.RecordKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.Address;
import app.klient.customers.Companies;
import app.klient.customers.CompanyForm;
import app.klient.customers.ContactForm;
import app.klient.customers.Contacts;
import app.klient.customers.CustomerChecks;
import app.klient.customers.LifecycleStage;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.SearchText;
import app.klient.platform.web.CountedPage;
import app.klient.sales.internal.Lead;
import app.klient.sales.internal.LeadRepository;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Leads from capture to conversion. A lead is scored when it is saved and when something happens with it;
 * conversion makes a contact, finds or makes its company, optionally opens a deal, and keeps the lead's story on
 * the new contact's timeline.
 */
@Service
public class Leads {

    private final LeadRepository leads;
    private final LeadScoring scoring;
    private final Users users;
    private final Companies companies;
    private final Contacts contacts;
    private final Deals deals;
    private final Timeline timeline;
    private final JdbcClient jdbc;
    private final String homeCountry;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final app.klient.identity.Teams teams;

    Leads(LeadRepository leads, LeadScoring scoring, Users users, Companies companies, Contacts contacts, Deals deals,
            Timeline timeline, JdbcClient jdbc,
            @org.springframework.beans.factory.annotation.Value("${klient.home-country:PL}") String homeCountry,
            org.springframework.context.ApplicationEventPublisher events, app.klient.identity.Teams teams) {
        this.teams = teams;
        this.homeCountry = homeCountry;
        this.events = events;
        this.leads = leads;
        this.scoring = scoring;
        this.users = users;
        this.companies = companies;
        this.contacts = contacts;
        this.deals = deals;
        this.timeline = timeline;
        this.jdbc = jdbc;
    }

    public record Conversion(long contactId, long companyId, boolean companyCreated, Long dealId) {
    }

    /** The sorts of the lead list: by score (the default, best first), by arrival, by name. */
    public static final Map<String, String> SORTS = Map.of("score", "l.score %s, l.id %s", "createdAt",
            "l.created_at %s, l.id %s", "name", "lower(coalesce(l.last_name, l.email, l.company_name)) %s, l.id %s");

    /** The list's filters as SQL over leads {@code l}, starting with " where", their values put in {@code params}. */
    static String where(LeadQuery query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        String pattern = SearchText.pattern(query.q());
        if (pattern != null) {
            where.append(" and l.search_text like :q");
            params.put("q", pattern);
        }
        if (query.status() != null) {
            where.append(" and l.status = :status");
            params.put("status", query.status().name());
        }
        if (query.ownerId() != null) {
            where.append(" and l.owner_id = :owner");
            params.put("owner", query.ownerId());
        }
        if (query.source() != null) {
            where.append(" and l.source = :source");
            params.put("source", query.source().name());
        }
        if (query.campaign() != null && !query.campaign().isBlank()) {
            where.append(" and l.utm_campaign = :campaign");
            params.put("campaign", query.campaign().strip());
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<LeadRow> list(LeadQuery query, Pageable page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        Sort.Order order = page.getSort().stream().findFirst().orElse(Sort.Order.desc("score"));
        String orderBy = SORTS.getOrDefault(order.getProperty(), SORTS.get("score"))
                .replace("%s", order.isAscending() ? "asc" : "desc");
        Map<String, Object> paged = new HashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<LeadRow> rows = jdbc.sql("select l.* from leads l" + where + " order by " + orderBy
                + " limit :limit offset :offset").params(paged).query((rs, n) -> new LeadRow(rs.getLong("id"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                        rs.getString("company_name"), LeadSource.valueOf(rs.getString("source")),
                        rs.getString("utm_campaign"), LeadStatus.valueOf(rs.getString("status")), rs.getInt("score"),
                        (Long) rs.getObject("owner_id"), null, rs.getTimestamp("created_at").toInstant()))
                .list();
        Map<Long, String> owners = users.names(rows.stream().map(LeadRow::ownerId)
                .filter(java.util.Objects::nonNull).toList());
        rows = rows.stream().map(r -> new LeadRow(r.id(), r.firstName(), r.lastName(), r.email(), r.companyName(),
                r.source(), r.utmCampaign(), r.status(), r.score(), r.ownerId(), owners.get(r.ownerId()),
                r.createdAt())).toList();
        return CountedPage.of(rows, page, jdbc, "from leads l" + where, params);
    }

    @Transactional(readOnly = true)
    public LeadView get(long id) {
        return view(find(id));
    }

    /** A lead typed in or sent over the API by a signed-in user. */
    @Transactional
    public LeadView create(LeadForm form, LeadSource source) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "lead.forbidden");
        }
        // a lead typed in or sent over the API belongs to whoever sends it unless an owner is given
        return view(capture(form.assignedTo(OwnedRecords.ownerOfNew(form.ownerId()), form.teamId()), source, null));
    }

    /** A lead from a public web form: owner by the form's team rotation, or the form's owner. */
    @Transactional
    public long captureFromForm(LeadForm form, long webFormId, Long teamId, Long ownerId) {
        return captureFromForm(form, webFormId, teamId, ownerId, null);
    }

    /**
     * A lead from a chat visitor who gave an e-mail no contact has: owned by the agent who answered, else by the
     * team's turn; checked as any lead is ({@link #check}).
     */
    @Transactional
    public long captureFromChat(LeadForm form, Long teamId, Long ownerId, String language) {
        Long owner = ownerId != null ? ownerId : teamId == null ? null : teams.nextInRotation(teamId).orElse(null);
        return capture(check(form).assignedTo(owner, teamId), LeadSource.CHAT, null, language).getId();
    }

    /** A lead from a web form filled in {@code language}: the contact it becomes prefers that language. */
    @Transactional
    public long captureFromForm(LeadForm form, long webFormId, Long teamId, Long ownerId, String language) {
        Long owner = teamId == null ? ownerId : teams.nextInRotation(teamId).orElse(ownerId);
        LeadForm assigned = form.assignedTo(owner, teamId);
        Lead lead = capture(assigned, LeadSource.WEB_FORM, webFormId, language);
        addEvent(lead.getId(), LeadEventKind.FORM_SUBMITTED);
        return lead.getId();
    }

    @Transactional
    public LeadView update(long id, LeadForm form) {
        Lead lead = find(id);
        checkEdit(lead);
        Versions.check(form.version(), lead.getVersion());
        requireUnconverted(lead);
        fill(lead, form);
        lead.rescore(score(lead));
        return view(leads.saveAndFlush(lead));
    }

    @Transactional
    public LeadView changeStatus(long id, LeadStatus status, String reason, Integer version) {
        Lead lead = find(id);
        checkEdit(lead);
        Versions.check(version, lead.getVersion());
        requireUnconverted(lead);
        if (status == LeadStatus.CONVERTED) {
            // converting makes a contact and a company: only convert() does that
            throw KlientException.conflict("lead.converted");
        }
        if (status == LeadStatus.DISQUALIFIED && (reason == null || reason.isBlank() || reason.length() > 300)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("disqualifiedReason", "lead.reason")));
        }
        lead.changeStatus(status, reason == null ? null : reason.strip());
        return view(leads.saveAndFlush(lead));
    }

    /** Something the lead did; its score follows. */
    @Transactional
    public void recordEvent(long id, LeadEventKind kind) {
        requireUnconverted(find(id));
        // an event moves the score, which decides whose lead is worked first: only those who may edit it post them
        checkEdit(find(id));
        addEvent(id, kind);
    }

    private void addEvent(long id, LeadEventKind kind) {
        jdbc.sql("insert into lead_events (lead_id, kind) values (:lead, :kind)").param("lead", id)
                .param("kind", kind.name()).update();
        Lead lead = find(id);
        lead.rescore(score(lead));
        leads.save(lead);
    }

    /** Turns a qualified lead into a contact at a company (found or made) and, if asked, a deal. */
    @Transactional
    public Conversion convert(long id, boolean createDeal, Integer version) {
        Lead lead = find(id);
        checkEdit(lead);
        Versions.check(version, lead.getVersion());
        requireUnconverted(lead);
        if (lead.getStatus() != LeadStatus.QUALIFIED) {
            throw KlientException.conflict("lead.notQualified");
        }
        String companyName = lead.getCompanyName() != null ? lead.getCompanyName()
                : lead.getLastName() != null ? lead.getLastName() : lead.getEmail();
        Optional<Long> existing = companies.match(lead.getCompanyTaxId(), lead.getEmail(), lead.getCompanyName());
        // everything the lead knows goes where it belongs: the company gets its identity and address, the contact
        // the person's ways to be reached, the deal the value the salesperson expects
        Address address = new Address(lead.getStreet(), lead.getCity(), lead.getPostalCode(), null,
                lead.getCountry());
        long companyId = existing.orElseGet(() -> companies.create(new CompanyForm(companyName, null,
                lead.getCountry(), lead.getCompanyTaxId(), null, null, null, null, lead.getWebsite(), null, null,
                address.isEmpty() ? null : address, null, lead.getOwnerId(), lead.getTeamId(), null,
                LifecycleStage.PROSPECT, Map.of(), null)).id());
        long contactId = contacts.create(new ContactForm(lead.getFirstName(),
                lead.getLastName() != null ? lead.getLastName() : companyName, null, null,
                lead.getEmail() == null ? List.of() : List.of(lead.getEmail()),
                lead.getPhone() == null ? List.of() : List.of(lead.getPhone()), lead.getJobTitle(), companyId, null,
                address.isEmpty() || lead.getCompanyName() != null ? null : address, lead.getLanguage(), null,
                contactSource(lead.getSource()), sourceDetail(lead), lead.getOwnerId(), List.of(), false, null, null,
                Map.of(), null)).id();
        Long dealId = null;
        if (createDeal) {
            dealId = deals.create(new DealForm(companyName, companyId, List.of(contactId), null, null,
                    lead.getExpectedValue(), lead.getCurrency(), null,
                    lead.getUtmCampaign() == null ? lead.getSource().name() : lead.getUtmCampaign(), null,
                    lead.getOwnerId(), lead.getTeamId(), null, null, null)).id();
        }
        lead.converted(contactId, companyId, dealId);
        leads.saveAndFlush(lead);
        timeline.record(TimelineRecord.coded(companyId, contactId, "LEAD_CONVERTED", null, null, "sales",
                lead.getId(), CurrentUser.id()).titled(story(lead)).withText(lead.getMessage()));
        events.publishEvent(new LeadConverted(lead.getId(), contactId, companyId));
        return new Conversion(contactId, companyId, existing.isEmpty(), dealId);
    }

    /** A converted lead is the story of how a contact came: it is read, never changed again. */
    private static void requireUnconverted(Lead lead) {
        if (lead.getStatus() == LeadStatus.CONVERTED) {
            throw new RefusedTransition("lead.readOnly", "lead.status.CONVERTED");
        }
    }

    private Lead capture(LeadForm form, LeadSource source, Long webFormId) {
        return capture(form, source, webFormId, null);
    }

    private Lead capture(LeadForm form, LeadSource source, Long webFormId, String language) {
        Lead lead = new Lead(source, webFormId);
        fill(lead, form);
        lead.setLanguage(language);
        lead = leads.saveAndFlush(lead);
        lead.rescore(score(lead));
        return leads.saveAndFlush(lead);
    }

    /**
     * Checks a lead by the rules its contact and company will meet at conversion (see {@link CustomerChecks});
     * answers it normalized, or throws {@link InvalidFields} naming each wrong field. Nothing is written, so a web
     * form can check a post before it opens anything that a refusal would have to roll back.
     */
    public LeadForm check(LeadForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String country = null;
        if (trim(form.country()) != null) {
            country = CustomerChecks.country(form.country()).orElse(null);
            if (country == null) {
                errors.add("country", "customer.country.invalid");
            }
        }
        String email = null;
        if (trim(form.email()) != null) {
            email = CustomerChecks.email(form.email()).orElse(null);
            if (email == null) {
                errors.add("email", "customer.email.invalid");
            }
        }
        String phone = null;
        if (trim(form.phone()) != null) {
            phone = CustomerChecks.phone(form.phone(), country == null ? homeCountry : country).orElse(null);
            if (phone == null) {
                errors.add("phone", CustomerChecks.PHONE_INVALID, form.phone().strip());
            }
        }
        String website = null;
        if (trim(form.website()) != null) {
            website = CustomerChecks.website(form.website()).orElse(null);
            if (website == null) {
                errors.add("website", "customer.website.invalid");
            }
        }
        if (trim(form.companyTaxId()) != null) {
            CustomerChecks.taxIdProblem(country, form.companyTaxId()).ifPresent(key -> errors.add("companyTaxId", key));
        }
        String currency = trim(form.currency());
        if (currency != null && !app.klient.catalog.Currencies.known(currency)) {
            errors.add("currency", "deal.currency");
        }
        if (form.expectedValue() != null && form.expectedValue().signum() < 0) {
            errors.add("expectedValue", "jakarta.validation.constraints.DecimalMin.message", 0);
        }
        if (trim(form.lastName()) == null && email == null && phone == null && trim(form.companyName()) == null
                && !errors.has("email") && !errors.has("phone")) {
            errors.add("lastName", "lead.nameless");
        }
        if (form.ownerId() != null) {
            users.ownerProblem(form.ownerId()).ifPresent(key -> errors.add("ownerId", key));
        }
        errors.throwIfAny();
        return new LeadForm(trim(form.firstName()), trim(form.lastName()), email, phone, trim(form.companyName()),
                trim(form.companyTaxId()), trim(form.jobTitle()), trim(form.message()), trim(form.utmSource()),
                trim(form.utmMedium()), trim(form.utmCampaign()), trim(form.utmTerm()), trim(form.utmContent()),
                country, website, trim(form.street()), trim(form.city()), trim(form.postalCode()),
                form.expectedValue() == null ? null : form.expectedValue().setScale(2, java.math.RoundingMode.HALF_UP),
                currency != null ? currency : form.expectedValue() == null ? null : deals.companyCurrency(),
                form.ownerId(), form.teamId(), form.version());
    }

    private void fill(Lead lead, LeadForm raw) {
        LeadForm form = check(raw);
        lead.fill(form.firstName(), form.lastName(), form.email(), form.phone(), form.companyName(),
                form.companyTaxId(), form.jobTitle(), form.message(), form.utmSource(), form.utmMedium(),
                form.utmCampaign(), form.utmTerm(), form.ownerId(), form.teamId());
        lead.describe(form.country(), form.website(), form.street(), form.city(), form.postalCode(),
                form.expectedValue(), form.currency(), form.utmContent());
    }

    private int score(Lead lead) {
        Map<String, String> fields = new HashMap<>();
        fields.put("SOURCE", lead.getSource().name());
        fields.put("UTM_SOURCE", lead.getUtmSource());
        fields.put("UTM_MEDIUM", lead.getUtmMedium());
        fields.put("UTM_CAMPAIGN", lead.getUtmCampaign());
        fields.put("JOB_TITLE", lead.getJobTitle());
        fields.put("COMPANY_NAME", lead.getCompanyName());
        fields.put("EMAIL", lead.getEmail());
        fields.put("PHONE", lead.getPhone());
        Map<LeadEventKind, Integer> events = new EnumMap<>(LeadEventKind.class);
        if (lead.getId() != null) {
            jdbc.sql("select kind, count(*) as n from lead_events where lead_id = :id group by kind")
                    .param("id", lead.getId()).query((rs, n) -> Map.entry(LeadEventKind.valueOf(rs.getString("kind")),
                            rs.getInt("n"))).list().forEach(e -> events.put(e.getKey(), e.getValue()));
        }
        return LeadScoring.score(scoring.rules(), fields, events);
    }

    private static app.klient.customers.ContactSource contactSource(LeadSource source) {
        return switch (source) {
            case WEB_FORM -> app.klient.customers.ContactSource.WEB_FORM;
            case IMPORT -> app.klient.customers.ContactSource.IMPORT;
            default -> app.klient.customers.ContactSource.OTHER;
        };
    }

    /** The campaign the contact came from, with the rest of its UTM trail when there is room. */
    private static String sourceDetail(Lead lead) {
        String detail = String.join(" · ", java.util.stream.Stream.of(lead.getUtmSource(), lead.getUtmMedium(),
                lead.getUtmCampaign(), lead.getUtmContent()).filter(java.util.Objects::nonNull).toList());
        return detail.isEmpty() ? null : detail.length() > 200 ? lead.getUtmCampaign() : detail;
    }

    /** Where the lead came from: its source in the reader's words, then the campaign tags as they came. */
    private static Phrase story(Lead lead) {
        Phrase.Value source = Phrase.code("lead.source." + lead.getSource().name(), lead.getSource().name());
        List<String> tags = java.util.stream.Stream.of(lead.getUtmSource(), lead.getUtmMedium(),
                lead.getUtmCampaign(), lead.getUtmTerm(), lead.getUtmContent()).filter(java.util.Objects::nonNull).toList();
        return tags.isEmpty() ? Phrase.of("timeline.lead.from", source)
                : Phrase.of("timeline.lead.fromCampaign", source, String.join(" · ", tags));
    }

    private void checkEdit(Lead lead) {
        if (!OwnedRecords.canEdit(RecordKind.LEAD, lead.getId(), lead.getOwnerId())) {
            throw new KlientException(HttpStatus.FORBIDDEN, "lead.forbidden");
        }
    }

    private Lead find(long id) {
        return leads.findById(id).orElseThrow(() -> KlientException.notFound("lead.notFound"));
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private LeadView view(Lead l) {
        String owner = l.getOwnerId() == null ? null : users.names(List.of(l.getOwnerId())).get(l.getOwnerId());
        return new LeadView(l.getId(), l.getFirstName(), l.getLastName(), l.getEmail(), l.getPhone(),
                l.getCompanyName(), l.getCompanyTaxId(), l.getJobTitle(), l.getMessage(), l.getSource(),
                l.getUtmSource(), l.getUtmMedium(), l.getUtmCampaign(), l.getUtmTerm(), l.getUtmContent(),
                l.getCountry(), l.getWebsite(), l.getStreet(), l.getCity(), l.getPostalCode(), l.getExpectedValue(),
                l.getCurrency(), l.getStatus(),
                l.getDisqualifiedReason(), l.getOwnerId(), owner, l.getTeamId(), l.getScore(), l.getContactId(),
                l.getCompanyId(), l.getDealId(), l.getConvertedAt(), l.getCreatedAt(), l.getUpdatedAt(),
                l.getVersion());
    }
}
