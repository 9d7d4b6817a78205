package app.klient.customers.duplicates;

import app.klient.identity.RecordKind;
import app.klient.platform.db.ActingUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.customers.Address;
import app.klient.customers.Companies;
import app.klient.customers.CompanyForm;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactForm;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import app.klient.customers.MarketingConsent;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.customers.internal.CustomerAccess;
import app.klient.identity.CurrentUser;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges two or more companies, or contacts, into one. In one transaction: the records are locked (a second merge
 * of any of them waits, then finds them gone and is refused), the survivor takes the chosen value of each field and
 * the joined lists, every module moves its rows to it ({@link CustomersMerged}), nothing may still point at a merged
 * record, the merged records are deleted, and the merge is audited and told on the survivor's timeline.
 */
@Service
public class Merges {

    static final int MAX_MERGED = 9;

    private static final Map<String, Function<CompanyView, Object>> COMPANY = new LinkedHashMap<>();
    private static final Map<String, Function<ContactView, Object>> CONTACT = new LinkedHashMap<>();

    static {
        COMPANY.put("name", CompanyView::name);
        COMPANY.put("legalName", CompanyView::legalName);
        COMPANY.put("country", CompanyView::country);
        COMPANY.put("taxId", CompanyView::taxId);
        COMPANY.put("registrationNumber", CompanyView::registrationNumber);
        COMPANY.put("vatId", CompanyView::vatId);
        COMPANY.put("industry", CompanyView::industry);
        COMPANY.put("size", CompanyView::size);
        COMPANY.put("website", CompanyView::website);
        COMPANY.put("email", CompanyView::email);
        COMPANY.put("billingAddress", CompanyView::billingAddress);
        COMPANY.put("shippingAddress", CompanyView::shippingAddress);
        COMPANY.put("owner", CompanyView::ownerName);
        COMPANY.put("lifecycleStage", CompanyView::lifecycleStage);
        CONTACT.put("name", ContactView::fullName);
        CONTACT.put("jobTitle", ContactView::jobTitle);
        CONTACT.put("company", ContactView::companyName);
        CONTACT.put("birthday", ContactView::birthday);
        CONTACT.put("address", ContactView::address);
        CONTACT.put("preferredLanguage", ContactView::preferredLanguage);
        CONTACT.put("preferredChannel", ContactView::preferredChannel);
        CONTACT.put("source", ContactView::source);
        CONTACT.put("owner", ContactView::ownerName);
    }

    private static final List<String> COMPANY_JOINED = List.of("phones", "tags", "customFields");
    private static final List<String> CONTACT_JOINED = List.of("emails", "phones", "tags", "customFields");

    private final Companies companies;
    private final Contacts contacts;
    private final Timeline timeline;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;

    Merges(Companies companies, Contacts contacts, Timeline timeline, AuditLog audit,
            ApplicationEventPublisher events, JdbcClient jdbc) {
        this.companies = companies;
        this.contacts = contacts;
        this.timeline = timeline;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
    }

    /** The records side by side, field by field, with the choice a merge makes when told nothing. */
    @Transactional(readOnly = true)
    public MergePreview preview(CustomerType kind, List<Long> ids) {
        List<Long> all = distinct(ids);
        if (all.size() < 2) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("ids", "duplicates.merge.tooFew")));
        }
        if (all.size() > MAX_MERGED + 1) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("ids", "duplicates.merge.tooMany",
                    MAX_MERGED + 1)));
        }
        List<MergePreview.Side> sides = new ArrayList<>();
        Map<String, Long> defaults;
        if (kind == CustomerType.COMPANY) {
            List<CompanyView> views = all.stream().map(companies::get).toList();
            views.forEach(v -> sides.add(new MergePreview.Side(v.id(), v.name(), v.version(), shown(COMPANY, v))));
            defaults = defaults(COMPANY, views, CompanyView::id, Map.of());
        }
        else {
            List<ContactView> views = all.stream().map(contacts::get).toList();
            views.forEach(v -> sides.add(new MergePreview.Side(v.id(), v.fullName(), v.version(), shown(CONTACT, v))));
            defaults = defaults(CONTACT, views, ContactView::id, Map.of());
        }
        return new MergePreview(kind, sides, List.copyOf(fields(kind)),
                defaults, kind == CustomerType.COMPANY ? COMPANY_JOINED : CONTACT_JOINED);
    }

    /** Merges and answers the survivor's id. */
    @Transactional
    public long merge(CustomerType kind, MergeRequest request) {
        CustomerAccess.checkCreate();
        long survivor = request.survivorId();
        List<Long> merged = distinct(request.mergedIds());
        if (merged.contains(survivor)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("mergedIds", "duplicates.merge.self")));
        }
        if (merged.isEmpty() || merged.size() > MAX_MERGED) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("mergedIds", "duplicates.merge.tooMany",
                    MAX_MERGED + 1)));
        }
        List<Long> all = new ArrayList<>();
        all.add(survivor);
        all.addAll(merged);
        checkChoices(kind, request.fields(), all);
        String table = kind == CustomerType.COMPANY ? "companies" : "contacts";
        // in id order, so two merges of overlapping records wait for each other instead of deadlocking
        Map<Long, Integer> locked = new LinkedHashMap<>();
        jdbc.sql("select id, version from " + table + " where id in (:ids) order by id for update")
                .param("ids", all).query((rs, n) -> locked.put(rs.getLong(1), rs.getInt(2))).list();
        for (Long id : all) {
            if (!locked.containsKey(id)) {
                throw KlientException.conflict("duplicates.merge.gone", id);
            }
            if (request.versions().containsKey(id)) {
                Versions.check(request.versions().get(id), locked.get(id));
            }
        }
        String names;
        if (kind == CustomerType.COMPANY) {
            List<CompanyView> views = all.stream().map(companies::get).toList();
            views.forEach(v -> CustomerAccess.checkEdit(RecordKind.COMPANY, v.id(), v.ownerId()));
            companies.update(survivor, companyForm(views, defaults(COMPANY, views, CompanyView::id,
                    request.fields())));
            names = String.join(", ", views.subList(1, views.size()).stream().map(CompanyView::name).toList());
        }
        else {
            List<ContactView> views = all.stream().map(contacts::get).toList();
            views.forEach(v -> CustomerAccess.checkEdit(RecordKind.CONTACT, v.id(), v.ownerId()));
            contacts.update(survivor, contactForm(views, defaults(CONTACT, views, ContactView::id,
                    request.fields())), MarketingConsent.Origin.API);
            names = String.join(", ", views.subList(1, views.size()).stream().map(ContactView::fullName).toList());
        }
        jdbc.sql("select set_config('klient.merging_customers', 'on', true)").query(String.class).single();
        // every row of the merged records moves, also those the merging user's rules hide from them
        try (ActingUser.Restore system = ActingUser.asSystem(jdbc)) {
            moveOwnRows(kind, survivor, merged);
            events.publishEvent(new CustomersMerged(kind, survivor, merged));
            checkNothingLeft(table, merged);
        }
        jdbc.sql("select set_config('klient.merging_customers', 'off', true)").query(String.class).single();
        for (Long id : merged) {
            if (kind == CustomerType.COMPANY) {
                companies.delete(id);
            }
            else {
                contacts.delete(id);
            }
        }
        long mergeId = jdbc.sql("""
                insert into customer_merges (kind, survivor_id, merged_ids, merged_by)
                values (:kind, :survivor, cast(:merged as bigint[]), :by) returning id""")
                .param("kind", kind.name()).param("survivor", survivor)
                .param("merged", "{" + String.join(",", merged.stream().map(String::valueOf).toList()) + "}")
                .param("by", CurrentUser.id()).query(Long.class).single();
        String numbers = String.join(", ", merged.stream().map(id -> "#" + id).toList());
        audit.recordWorded(AuditAction.UPDATE, kind.auditName(), survivor, Phrase.of("audit.summary.merged",
                Phrase.text(numbers)), List.of(new FieldChange("mergedIds", null, numbers)));
        timeline.record(TimelineRecord.coded(kind == CustomerType.COMPANY ? survivor : null,
                kind == CustomerType.CONTACT ? survivor : null, "MERGED", null,
                Phrase.of("duplicates.timeline.merged", Phrase.text(names)), "customers", mergeId, CurrentUser.id()));
        return survivor;
    }

    /** The customers module's own rows: a company's people and both timelines; the queue forgets the merged. */
    private void moveOwnRows(CustomerType kind, long survivor, List<Long> merged) {
        if (kind == CustomerType.COMPANY) {
            jdbc.sql("""
                    update contacts set company_id = :survivor, version = version + 1, updated_at = now()
                     where company_id in (:merged)""").param("survivor", survivor).param("merged", merged).update();
            jdbc.sql("update timeline_entries set company_id = :survivor where company_id in (:merged)")
                    .param("survivor", survivor).param("merged", merged).update();
        }
        else {
            jdbc.sql("update timeline_entries set contact_id = :survivor where contact_id in (:merged)")
                    .param("survivor", survivor).param("merged", merged).update();
        }
        for (String table : List.of("duplicate_candidates", "duplicate_dismissals")) {
            jdbc.sql("delete from " + table + " where kind = :kind and (first_id in (:merged) or second_id in (:merged))")
                    .param("kind", kind.name()).param("merged", merged).update();
        }
    }

    /**
     * Every foreign key that points at this kind of record, from the database's catalog: a row of any module still
     * pointing at a merged record would be deleted with it or lose its customer, so the merge stops instead.
     */
    private void checkNothingLeft(String table, List<Long> merged) {
        List<String[]> keys = jdbc.sql("""
                select c.conrelid::regclass::text, a.attname from pg_constraint c
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                 where c.contype = 'f' and c.confrelid = cast(:table as regclass) and c.conrelid <> c.confrelid
                 order by 1, 2""").param("table", table)
                .query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) }).list();
        for (String[] key : keys) {
            boolean left = jdbc.sql("select exists (select 1 from " + key[0] + " where " + key[1] + " in (:merged))")
                    .param("merged", merged).query(Boolean.class).single();
            if (left) {
                throw KlientException.conflict("duplicates.merge.rowsLeft", key[0]);
            }
        }
    }

    private static CompanyForm companyForm(List<CompanyView> views, Map<String, Long> chosen) {
        CompanyView survivor = views.get(0);
        Function<String, CompanyView> pick = field -> views.stream()
                .filter(v -> v.id() == chosen.get(field)).findFirst().orElse(survivor);
        CompanyView owner = pick.apply("owner");
        return new CompanyForm(pick.apply("name").name(), pick.apply("legalName").legalName(),
                pick.apply("country").country(), pick.apply("taxId").taxId(),
                pick.apply("registrationNumber").registrationNumber(), pick.apply("vatId").vatId(),
                pick.apply("industry").industry(), pick.apply("size").size(), pick.apply("website").website(),
                pick.apply("email").email(), phones(views.stream().map(CompanyView::phones).toList()),
                pick.apply("billingAddress").billingAddress(), pick.apply("shippingAddress").shippingAddress(),
                owner.ownerId(), owner.teamId(), joined(views.stream().map(CompanyView::tags).toList(), 30),
                pick.apply("lifecycleStage").lifecycleStage(),
                customFields(views.stream().map(CompanyView::customFields).toList()), survivor.version());
    }

    private static ContactForm contactForm(List<ContactView> views, Map<String, Long> chosen) {
        ContactView survivor = views.get(0);
        Function<String, ContactView> pick = field -> views.stream()
                .filter(v -> v.id() == chosen.get(field)).findFirst().orElse(survivor);
        ContactView name = pick.apply("name");
        ContactView source = pick.apply("source");
        return new ContactForm(name.firstName(), name.lastName(), name.titleBefore(), name.titleAfter(),
                joined(views.stream().map(ContactView::emails).toList(), 10),
                phones(views.stream().map(ContactView::phones).toList()), pick.apply("jobTitle").jobTitle(),
                pick.apply("company").companyId(), pick.apply("birthday").birthday(), pick.apply("address").address(),
                pick.apply("preferredLanguage").preferredLanguage(),
                pick.apply("preferredChannel").preferredChannel(), source.source(), source.sourceDetail(),
                pick.apply("owner").ownerId(), joined(views.stream().map(ContactView::tags).toList(), 30), null,
                null, null, customFields(views.stream().map(ContactView::customFields).toList()), survivor.version());
    }

    /** The survivor's values first, then each merged record's new ones, up to what a record may hold. */
    private static List<String> joined(List<List<String>> lists, int limit) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        lists.forEach(all::addAll);
        return all.stream().limit(limit).toList();
    }

    /** The joined phones, each as stored (one today's rules would refuse too: it is the customer's number). */
    private static List<String> phones(List<List<String>> lists) {
        return joined(lists, 10);
    }

    /** Each custom field from the survivor, else from the first merged record that has it. */
    private static Map<String, Object> customFields(List<Map<String, Object>> values) {
        Map<String, Object> joined = new LinkedHashMap<>();
        values.forEach(v -> v.forEach(joined::putIfAbsent));
        return joined;
    }

    /** Field → the record whose value survives: as chosen, else the first (survivor first) that has one. */
    private static <V> Map<String, Long> defaults(Map<String, Function<V, Object>> fields, List<V> views,
            Function<V, Long> id, Map<String, Long> chosen) {
        Map<String, Long> result = new LinkedHashMap<>();
        fields.forEach((field, value) -> result.put(field, chosen.containsKey(field) ? chosen.get(field)
                : views.stream().filter(v -> present(value.apply(v))).findFirst().map(id)
                        .orElse(id.apply(views.get(0)))));
        return result;
    }

    private static <V> Map<String, String> shown(Map<String, Function<V, Object>> fields, V view) {
        Map<String, String> shown = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            Object v = value.apply(view);
            shown.put(field, present(v) ? v.toString() : null);
        });
        return shown;
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof String s && s.isBlank())
                && !(value instanceof Address a && a.isEmpty());
    }

    private static Collection<String> fields(CustomerType kind) {
        return kind == CustomerType.COMPANY ? COMPANY.keySet() : CONTACT.keySet();
    }

    private static void checkChoices(CustomerType kind, Map<String, Long> chosen, List<Long> ids) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        chosen.forEach((field, id) -> {
            if (!fields(kind).contains(field)) {
                errors.add("fields." + field, "duplicates.merge.unknownField");
            }
            else if (id == null || !ids.contains(id)) {
                errors.add("fields." + field, "duplicates.merge.notAmong");
            }
        });
        errors.throwIfAny();
    }

    private static List<Long> distinct(List<Long> ids) {
        return ids == null ? List.of() : ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
    }
}
