package app.klient.customers.duplicates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.customers.CompanyForm;
import app.klient.customers.ContactForm;
import app.klient.customers.CustomerType;
import app.klient.customers.internal.CustomerAccess;
import app.klient.customers.internal.Identifiers;
import app.klient.customers.internal.Phones;
import app.klient.identity.CurrentUser;
import app.klient.platform.KlientException;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.web.CountedPage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds companies and contacts that look like one customer. The signals, each with the score it is worth: the same
 * tax, VAT or register number (100), e-mail (90) or phone (80); names alike by trigram similarity of their
 * {@code customer_name_key} — lower case, no diacritics, no legal form — (companies from 0.6: 70–90; people from
 * 0.7: 58–70, 20 more at the same company). A pair scores its best signal and 5 for each further one.
 * <p>
 * The review queue is what the last {@link #scan scan} found, less the pairs someone dismissed as "not a duplicate".
 */
@Service
public class DuplicateFinder {

    /**
     * The least similarity of two names that counts, for the queue and the warning alike. The trigram operator
     * {@code %} finds the candidates through the index by the session's {@code pg_trgm.similarity_threshold}, which is
     * set for the transaction and falls back to PostgreSQL's 0.3 outside one; so each query also says the minimum.
     */
    static final double COMPANY_NAMES = 0.6;
    static final double PERSON_NAMES = 0.7;
    private static final String PERSON_KEY = "customer_name_key(coalesce(%1$s.first_name, '') || ' ' || %1$s.last_name)";

    private final JdbcClient jdbc;
    private final String homeCountry;
    private volatile boolean checkOnCreate;

    DuplicateFinder(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry,
            @Value("${klient.duplicates.check-on-create:true}") boolean checkOnCreate) {
        this.jdbc = jdbc;
        this.homeCountry = homeCountry;
        this.checkOnCreate = checkOnCreate;
    }

    /** Whether creating a record that looks like an existing one is stopped with a warning (on unless configured). */
    public boolean checksOnCreate() {
        return checkOnCreate;
    }

    /** For tests that show the warning in a suite whose other tests create look-alike records all the time. */
    void checkOnCreate(boolean on) {
        this.checkOnCreate = on;
    }

    /**
     * Refuses (409) a new company that looks like existing ones, naming them in {@code candidates}; nothing when the
     * check is off. The caller skips it when the person said "create anyway".
     */
    public void refuseLookalikes(CompanyForm form) {
        CustomerAccess.checkCreate();
        if (checkOnCreate) {
            refuse(lookalikes(form), "companies");
        }
    }

    /** The same for a new contact. */
    public void refuseLookalikes(ContactForm form) {
        CustomerAccess.checkCreate();
        if (checkOnCreate) {
            refuse(lookalikes(form), "contacts");
        }
    }

    /** What a form warns about before creating a company: the look-alikes, none when the check is off. */
    @Transactional(readOnly = true)
    public List<Lookalike> warnings(CompanyForm form) {
        CustomerAccess.checkCreate();
        return checkOnCreate ? lookalikes(form) : List.of();
    }

    /** The same for a contact. */
    @Transactional(readOnly = true)
    public List<Lookalike> warnings(ContactForm form) {
        CustomerAccess.checkCreate();
        return checkOnCreate ? lookalikes(form) : List.of();
    }

    private static void refuse(List<Lookalike> lookalikes, String records) {
        if (!lookalikes.isEmpty()) {
            throw KlientException.conflict("duplicates.found", lookalikes.size()).with("candidates",
                    lookalikes.stream().map(l -> new Candidate(l.id(), l.name(), l.detail(), l.score(), l.reasons(),
                            "/api/v1/" + records + "/" + l.id(), "/" + records + "/" + l.id())).toList());
        }
    }

    /** A look-alike as the API's 409 names it: with its API address and its page. */
    public record Candidate(long id, String name, String detail, int score, List<Lookalike.Reason> reasons,
            String href, String page) {
    }

    /** Rebuilds the review queue of one kind from the whole database; answers how many pairs it holds. */
    @Transactional
    public int scan(CustomerType kind) {
        CustomerAccess.checkCreate();
        return rebuild(kind);
    }

    /** The scan itself, also for the demo company, which has nobody signed in. */
    int rebuild(CustomerType kind) {
        jdbc.sql("select set_config('pg_trgm.similarity_threshold', :limit, true)")
                .param("limit", String.valueOf(kind == CustomerType.COMPANY ? COMPANY_NAMES : PERSON_NAMES))
                .query(String.class).single();
        jdbc.sql("delete from duplicate_candidates where kind = :kind").param("kind", kind.name()).update();
        String signals = kind == CustomerType.COMPANY ? """
                select a.id as f, b.id as s, 'TAX_ID' as reason, 100 as score
                  from companies a join companies b on b.tax_id = a.tax_id and b.id > a.id
                union all
                select a.id, b.id, 'TAX_ID', 100
                  from companies a join companies b on b.vat_id = a.vat_id and b.id > a.id
                union all
                select a.id, b.id, 'TAX_ID', 100
                  from companies a join companies b on b.registration_number = a.registration_number and b.id > a.id
                union all
                select a.id, b.id, 'EMAIL', 90
                  from companies a join companies b on lower(b.email) = lower(a.email) and b.id > a.id
                 where a.email is not null
                union all
                select a.id, b.id, 'PHONE', 80
                  from companies a join companies b on b.phones && a.phones and b.id > a.id
                 where a.phones <> '{}'
                union all
                select a.id, b.id, 'NAME',
                       round(40 + 50 * similarity(customer_name_key(a.name), customer_name_key(b.name)))::int
                  from companies a join companies b on customer_name_key(b.name) % customer_name_key(a.name)
                   and b.id > a.id
                 where customer_name_key(a.name) <> ''
                   and similarity(customer_name_key(a.name), customer_name_key(b.name)) >= :least
                """ : """
                select a.id as f, b.id as s, 'EMAIL' as reason, 90 as score
                  from contacts a join contacts b on b.emails && a.emails and b.id > a.id
                 where a.emails <> '{}'
                union all
                select a.id, b.id, 'PHONE', 80
                  from contacts a join contacts b on b.phones && a.phones and b.id > a.id
                 where a.phones <> '{}'
                union all
                select a.id, b.id, r.reason, round(30 + 40 * similarity(%1$s, %2$s))::int
                       + case when a.company_id = b.company_id then 20 else 0 end
                  from contacts a join contacts b on %2$s %% %1$s and b.id > a.id
                 cross join lateral unnest(case when a.company_id = b.company_id
                                                then array['NAME', 'SAME_COMPANY'] else array['NAME'] end) r(reason)
                 where %1$s <> '' and similarity(%1$s, %2$s) >= :least
                """.formatted(PERSON_KEY.formatted("a"), PERSON_KEY.formatted("b"));
        return jdbc.sql("""
                with signals as (%s),
                     per_reason as (select f, s, reason, max(score) as score from signals group by f, s, reason)
                insert into duplicate_candidates (kind, first_id, second_id, score, reasons)
                select :kind, f, s, least(100, max(score) + 5 * (count(*) - 1)),
                       array_agg(reason order by score desc, reason)
                  from per_reason p
                 where not exists (select 1 from duplicate_dismissals d
                                    where d.kind = :kind and d.first_id = p.f and d.second_id = p.s)
                   -- an anonymized person is nobody's duplicate: "[erased]" is like every other "[erased]"
                   and (:kind = 'COMPANY' or not exists (select 1 from contacts c where c.id in (p.f, p.s)
                                                         and c.last_name = :erased and c.first_name is null))
                 group by f, s
                """.formatted(signals)).param("kind", kind.name()).param("erased", DataSubject.ERASED)
                .param("least", kind == CustomerType.COMPANY ? COMPANY_NAMES : PERSON_NAMES).update();
    }

    /** The review queue, best score first. */
    @Transactional(readOnly = true)
    public CountedPage<DuplicatePair> queue(CustomerType kind, Pageable page) {
        String records = kind == CustomerType.COMPANY ? "companies" : "contacts";
        String dismissed = """
                not exists (select 1 from duplicate_dismissals d
                             where d.kind = c.kind and d.first_id = c.first_id and d.second_id = c.second_id)""";
        long total = jdbc.sql("""
                select count(*) from duplicate_candidates c
                  join %1$s a on a.id = c.first_id join %1$s b on b.id = c.second_id
                 where c.kind = :kind and %2$s""".formatted(records, dismissed))
                .param("kind", kind.name()).query(Long.class).single();
        List<long[]> rows = new ArrayList<>();
        List<String[]> reasons = new ArrayList<>();
        jdbc.sql("""
                select c.first_id, c.second_id, c.score, c.reasons from duplicate_candidates c
                  join %1$s a on a.id = c.first_id join %1$s b on b.id = c.second_id
                 where c.kind = :kind and %2$s
                 order by c.score desc, c.first_id, c.second_id limit :size offset :offset"""
                .formatted(records, dismissed))
                .param("kind", kind.name()).param("size", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> {
                    rows.add(new long[] { rs.getLong(1), rs.getLong(2), rs.getInt(3) });
                    return reasons.add((String[]) rs.getArray(4).getArray());
                }).list();
        Map<Long, Lookalike> described = describe(kind, rows.stream()
                .flatMap(r -> java.util.stream.Stream.of(r[0], r[1])).distinct().toList());
        List<DuplicatePair> pairs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            pairs.add(new DuplicatePair(kind, described.get(r[0]), described.get(r[1]), (int) r[2],
                    Arrays.stream(reasons.get(i)).map(Lookalike.Reason::valueOf).toList()));
        }
        return new CountedPage<>(pairs, total, true, page.getPageNumber(), page.getPageSize(), null, null, false);
    }

    /** Remembers that two records are different customers: the pair leaves the queue and never comes back. */
    @Transactional
    public void dismiss(CustomerType kind, long oneId, long otherId) {
        CustomerAccess.checkCreate();
        if (oneId == otherId) {
            throw KlientException.invalid("duplicates.dismiss.same");
        }
        String records = kind == CustomerType.COMPANY ? "companies" : "contacts";
        long found = jdbc.sql("select count(*) from " + records + " where id in (:ids)")
                .param("ids", List.of(oneId, otherId)).query(Long.class).single();
        if (found < 2) {
            throw KlientException.notFound(kind == CustomerType.COMPANY ? "company.notFound" : "contact.notFound");
        }
        jdbc.sql("""
                insert into duplicate_dismissals (kind, first_id, second_id, dismissed_by)
                values (:kind, :first, :second, :by) on conflict do nothing""")
                .param("kind", kind.name()).param("first", Math.min(oneId, otherId))
                .param("second", Math.max(oneId, otherId)).param("by", CurrentUser.id()).update();
    }

    /** Existing companies the one about to be created looks like, best first (at most five). */
    @Transactional(readOnly = true)
    public List<Lookalike> lookalikes(CompanyForm form) {
        String country = form.country() == null || form.country().isBlank() ? homeCountry
                : form.country().strip().toUpperCase(Locale.ROOT);
        List<String> identifiers = new ArrayList<>();
        identifiers.add(valid(Identifiers.taxId(country, form.taxId())));
        identifiers.add(valid(Identifiers.registrationNumber(country, form.registrationNumber())));
        identifiers.add(valid(Identifiers.vatId(form.vatId())));
        List<String> ids = identifiers.stream().filter(java.util.Objects::nonNull).toList();
        List<String> phones = phones(form.phones(), country);
        Map<Long, List<Signal>> found = new LinkedHashMap<>();
        jdbc.sql("select set_config('pg_trgm.similarity_threshold', :limit, true)")
                .param("limit", String.valueOf(COMPANY_NAMES)).query(String.class).single();
        jdbc.sql("""
                select id, 'TAX_ID', 100 from companies
                 where tax_id in (:ids) or vat_id in (:ids) or registration_number in (:ids)
                union all
                select id, 'EMAIL', 90 from companies where lower(email) = :email
                union all
                select id, 'PHONE', 80 from companies where phones && cast(array[:phones] as text[])
                union all
                select id, 'NAME', round(40 + 50 * similarity(customer_name_key(name), customer_name_key(:name)))::int
                  from companies where customer_name_key(name) % customer_name_key(:name)
                   and similarity(customer_name_key(name), customer_name_key(:name)) >= :least
                   and customer_name_key(:name) <> ''
                """).param("ids", orNone(ids)).param("least", COMPANY_NAMES).param("email", lower(form.email())).param("phones", orNone(phones))
                .param("name", form.name() == null ? "" : form.name())
                .query((rs, n) -> found.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                        .add(new Signal(Lookalike.Reason.valueOf(rs.getString(2)), rs.getInt(3))))
                .list();
        return best(CustomerType.COMPANY, found);
    }

    /** Existing contacts the one about to be created looks like, best first (at most five). */
    @Transactional(readOnly = true)
    public List<Lookalike> lookalikes(ContactForm form) {
        String country = form.address() != null && form.address().country() != null
                && !form.address().country().isBlank() ? form.address().country().strip().toUpperCase(Locale.ROOT)
                        : homeCountry;
        List<String> emails = form.emails() == null ? List.of()
                : form.emails().stream().map(DuplicateFinder::lower).filter(java.util.Objects::nonNull).toList();
        List<String> phones = phones(form.phones(), country);
        String name = (form.firstName() == null ? "" : form.firstName()) + " "
                + (form.lastName() == null ? "" : form.lastName());
        Map<Long, List<Signal>> found = new LinkedHashMap<>();
        jdbc.sql("select set_config('pg_trgm.similarity_threshold', :limit, true)")
                .param("limit", String.valueOf(PERSON_NAMES)).query(String.class).single();
        jdbc.sql("""
                select id, 'EMAIL', 90 from contacts where emails && cast(array[:emails] as text[])
                union all
                select id, 'PHONE', 80 from contacts where phones && cast(array[:phones] as text[])
                union all
                select c.id, r.reason, round(30 + 40 * similarity(%1$s, customer_name_key(:name)))::int
                       + case when c.company_id = :company then 20 else 0 end
                  from contacts c
                 cross join lateral unnest(case when c.company_id = :company
                                                then array['NAME', 'SAME_COMPANY'] else array['NAME'] end) r(reason)
                 where %1$s %% customer_name_key(:name) and customer_name_key(:name) <> ''
                   and similarity(%1$s, customer_name_key(:name)) >= :least
                """.formatted(PERSON_KEY.formatted("c"))).param("emails", orNone(emails)).param("least", PERSON_NAMES)
                .param("phones", orNone(phones)).param("name", name).param("company", form.companyId())
                .query((rs, n) -> found.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                        .add(new Signal(Lookalike.Reason.valueOf(rs.getString(2)), rs.getInt(3))))
                .list();
        return best(CustomerType.CONTACT, found);
    }

    private record Signal(Lookalike.Reason reason, int score) {
    }

    private List<Lookalike> best(CustomerType kind, Map<Long, List<Signal>> found) {
        record Scored(long id, int score, List<Lookalike.Reason> reasons) {
        }
        List<Scored> scored = new ArrayList<>();
        found.forEach((id, signals) -> {
            Map<Lookalike.Reason, Integer> byReason = new LinkedHashMap<>();
            signals.forEach(s -> byReason.merge(s.reason(), s.score(), Math::max));
            int best = byReason.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            scored.add(new Scored(id, Math.min(100, best + 5 * (byReason.size() - 1)), byReason.entrySet().stream()
                    .sorted(Map.Entry.<Lookalike.Reason, Integer>comparingByValue().reversed())
                    .map(Map.Entry::getKey).toList()));
        });
        List<Scored> top = scored.stream().sorted(Comparator.comparingInt(Scored::score).reversed()
                .thenComparingLong(Scored::id)).limit(5).toList();
        Map<Long, Lookalike> described = describe(kind, top.stream().map(Scored::id).toList());
        return top.stream().map(s -> {
            Lookalike d = described.get(s.id());
            return new Lookalike(s.id(), d.name(), d.detail(), s.score(), s.reasons());
        }).toList();
    }

    /** Names and a telling detail of records, by id. */
    Map<Long, Lookalike> describe(CustomerType kind, List<Long> ids) {
        Map<Long, Lookalike> described = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return described;
        }
        String sql = kind == CustomerType.COMPANY ? """
                select id, name, concat_ws(' · ', coalesce(tax_id, vat_id, registration_number), billing_city, email)
                  from companies where id in (:ids)""" : """
                select c.id, concat_ws(' ', c.first_name, c.last_name),
                       concat_ws(' · ', c.emails[1], c.phones[1], co.name)
                  from contacts c left join companies co on co.id = c.company_id where c.id in (:ids)""";
        jdbc.sql(sql).param("ids", ids)
                .query((rs, n) -> described.put(rs.getLong(1),
                        new Lookalike(rs.getLong(1), rs.getString(2), rs.getString(3), 0, List.of())))
                .list();
        return described;
    }

    private List<String> phones(List<String> raw, String country) {
        return raw == null ? List.of()
                : raw.stream().map(p -> valid(Phones.normalize(p, country))).filter(java.util.Objects::nonNull)
                        .distinct().toList();
    }

    private static String valid(Identifiers.Checked checked) {
        return checked != null && checked.valid() ? checked.value() : null;
    }

    private static String lower(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** A list for {@code in (:list)}: never empty, since {@code in ()} is not SQL ("" matches nothing here). */
    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }
}
