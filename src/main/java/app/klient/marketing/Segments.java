package app.klient.marketing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.customers.ContactCondition;
import app.klient.customers.ContactSegments;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.marketing.segment.SegmentFilters;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door of segments and static lists for campaigns, journeys, exports and the contact list. A dynamic
 * segment is evaluated when asked, over the live data, so its membership follows every change without a rebuild;
 * a static list is the rows of {@code segment_members}.
 */
@Service
public class Segments implements ContactSegments {

    public static final int SAMPLE = 10;
    public static final int MAX_IMPORT_LINES = 100_000;

    private final JdbcClient jdbc;
    private final SegmentFilters filters;
    private final Versions versions;
    private final AuditLog audit;

    Segments(JdbcClient jdbc, SegmentFilters filters, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.filters = filters;
        this.versions = versions;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ membership (campaigns, journeys, lists)

    /**
     * The segment's members with a contact id above {@code afterContactId}, in contact id order, at most {@code
     * limit} (up to 10,000): a send job walks the whole segment by passing the last id it handled.
     */
    @Transactional(readOnly = true)
    public List<Long> members(long segmentId, long afterContactId, int limit) {
        ContactCondition condition = condition(segmentId);
        return filters.evaluate(() -> jdbc.sql("select c.id from contacts c where c.id > :segAfter and ("
                + condition.sql() + ") order by c.id limit :segLimit").params(condition.params())
                .param("segAfter", afterContactId).param(ContactCondition.AFTER, afterContactId)
                .param("segLimit", Math.max(0, Math.min(limit, 10_000)))
                .query(Long.class).list());
    }

    /** How many contacts the segment holds now. */
    @Transactional(readOnly = true)
    public long count(long segmentId) {
        return count(condition(segmentId));
    }

    /** Whether the contact is in the segment now. */
    @Transactional(readOnly = true)
    public boolean contains(long segmentId, long contactId) {
        ContactCondition condition = condition(segmentId);
        return filters.evaluate(() -> jdbc.sql("select exists (select 1 from contacts c where c.id = :segContact and ("
                + condition.sql() + "))").params(condition.params()).param("segContact", contactId)
                .query(Boolean.class).single());
    }

    /**
     * The segment as a condition on contacts aliased {@code c} (parameters named {@code seg…}), to combine with
     * other conditions in one query (e.g. {@code Audience.REACHABLE}). A segment that does not exist: 404.
     */
    @Override
    @Transactional(readOnly = true)
    public ContactCondition condition(long segmentId) {
        SegmentView segment = get(segmentId);
        if (segment.kind() == SegmentKind.STATIC) {
            return new ContactCondition("exists (select 1 from segment_members segm where segm.segment_id = :segList"
                    + " and segm.contact_id = c.id)", Map.of("segList", segmentId));
        }
        return filters.compile(segment.filter());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> name(long segmentId) {
        return jdbc.sql("select name from segments where id = :id").param("id", segmentId).query(String.class)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, String> choices() {
        Map<Long, String> choices = new java.util.LinkedHashMap<>();
        jdbc.sql("select id, name from segments order by lower(name), id limit 500")
                .query(rs -> {
                    choices.put(rs.getLong(1), rs.getString(2));
                });
        return choices;
    }

    /** A page of members after a contact id, with names and addresses, for the segment page and the API. */
    @Transactional(readOnly = true)
    public List<SegmentMember> page(long segmentId, long afterContactId, int limit) {
        return list(condition(segmentId), afterContactId, limit);
    }

    /** The size and a sample of a filter not saved yet: what the builder shows while one builds. */
    @Transactional(readOnly = true)
    public Preview preview(SegmentFilter filter) {
        ContactCondition condition = filters.compile(filter == null ? SegmentFilter.empty() : filter);
        return new Preview(count(condition), list(condition, 0, SAMPLE));
    }

    /** A segment's size and first members. */
    public record Preview(long size, List<SegmentMember> sample) {
    }

    private long count(ContactCondition condition) {
        return filters.evaluate(() -> jdbc.sql("select count(*) from contacts c where " + condition.sql())
                .params(condition.params()).query(Long.class).single());
    }

    private List<SegmentMember> list(ContactCondition condition, long after, int limit) {
        return filters.evaluate(() -> jdbc.sql("select c.id, c.first_name, c.last_name, c.emails[1] from contacts c"
                + " where c.id > :segAfter and (" + condition.sql() + ") order by c.id limit :segLimit")
                .params(condition.params()).param("segAfter", after)
                .param(ContactCondition.AFTER, after)
                .param("segLimit", Math.max(1, Math.min(limit, 200)))
                .query((rs, n) -> new SegmentMember(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).list());
    }

    // ------------------------------------------------------------------ the segments themselves

    @Transactional(readOnly = true)
    public List<SegmentView> list() {
        return jdbc.sql("select * from segments order by lower(name), id limit 1000").query(this::view).list();
    }

    @Transactional(readOnly = true)
    public SegmentView get(long id) {
        return jdbc.sql("select * from segments where id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("segment.notFound"));
    }

    @Transactional
    public SegmentView create(SegmentForm form) {
        Permission.MARKETING.check();
        SegmentKind kind = form.kind() == null ? SegmentKind.DYNAMIC : form.kind();
        String filter = kind == SegmentKind.DYNAMIC ? checked(form.filter()) : null;
        long id = jdbc.sql("""
                insert into segments (name, description, kind, filter, owner_id)
                values (:name, :description, :kind, cast(:filter as jsonb), :owner) returning id""")
                .param("name", form.name().strip()).param("description", blankToNull(form.description()))
                .param("kind", kind.name()).param("filter", filter).param("owner", CurrentUser.id())
                .query(Long.class).single();
        audit.record(AuditAction.CREATE, "Segment", id, form.name().strip(), List.of());
        return get(id);
    }

    @Transactional
    public SegmentView change(long id, SegmentForm form) {
        Permission.MARKETING.check();
        SegmentView current = get(id);
        if (form.kind() != null && form.kind() != current.kind()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("kind", "segment.kindFixed")));
        }
        String filter = current.kind() == SegmentKind.DYNAMIC ? checked(form.filter()) : null;
        versions.change("segments", id, form.version()).notFound("segment.notFound")
                .set("name = :name, description = :description, filter = cast(:filter as jsonb), updated_at = now()")
                .param("name", form.name().strip()).param("description", blankToNull(form.description()))
                .param("filter", filter).apply();
        audit.record(AuditAction.UPDATE, "Segment", id, form.name().strip(), List.of());
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        Permission.MARKETING.check();
        SegmentView segment = get(id);
        try {
            jdbc.sql("delete from segments where id = :id").param("id", id).update();
        }
        catch (DataIntegrityViolationException e) {
            throw KlientException.conflict("segment.inUse");
        }
        audit.record(AuditAction.DELETE, "Segment", id, segment.name(), List.of());
    }

    /** A static list holding the segment's members of this moment. */
    @Transactional
    public SegmentView snapshot(long id, String name) {
        Permission.MARKETING.check();
        SegmentView source = get(id);
        if (source.kind() != SegmentKind.DYNAMIC) {
            throw KlientException.conflict("segment.snapshot.notDynamic");
        }
        String listName = name == null || name.isBlank() ? source.name() + " " + java.time.LocalDate.now() : name;
        if (listName.length() > 100) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "segment.nameTooLong", 100)));
        }
        ContactCondition condition = condition(id);
        SegmentView list = create(new SegmentForm(listName.strip(), source.description(), SegmentKind.STATIC, null,
                null));
        filters.evaluate(() -> jdbc.sql("insert into segment_members (segment_id, contact_id, added_by)"
                + " select :segTarget, c.id, 'SNAPSHOT' from contacts c where " + condition.sql())
                .params(condition.params()).param("segTarget", list.id()).update());
        return list;
    }

    /**
     * Adds contacts to a static list; ids that name no contact are refused, named (all or nothing). Answers how many
     * were added (a member already on the list is not added again).
     */
    @Transactional
    public int add(long id, List<Long> contactIds, String addedBy) {
        Permission.MARKETING.check();
        requireStatic(id);
        if (contactIds.size() > MAX_IMPORT_LINES) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("contactIds", "segment.tooMany",
                    MAX_IMPORT_LINES)));
        }
        List<Long> unknown = jdbc.sql("""
                select given from unnest(cast(:ids as bigint[])) given
                where not exists (select 1 from contacts c where c.id = given) order by given limit 21""")
                .param("ids", contactIds.toArray(Long[]::new)).query(Long.class).list();
        if (!unknown.isEmpty()) {
            String named = unknown.stream().limit(20).map(String::valueOf).collect(java.util.stream.Collectors
                    .joining(", ")) + (unknown.size() > 20 ? ", …" : "");
            throw new InvalidFields(List.of(new InvalidFields.FieldError("contactIds", "segment.contacts.unknown",
                    named)));
        }
        return jdbc.sql("""
                insert into segment_members (segment_id, contact_id, added_by)
                select :id, c.id, :by from contacts c where c.id = any(cast(:ids as bigint[]))
                on conflict do nothing""").param("id", id).param("by", addedBy)
                .param("ids", contactIds.toArray(Long[]::new)).update();
    }

    /** Takes a contact off a static list; answers whether it was on it. */
    @Transactional
    public boolean remove(long id, long contactId) {
        Permission.MARKETING.check();
        requireStatic(id);
        return jdbc.sql("delete from segment_members where segment_id = :id and contact_id = :contact")
                .param("id", id).param("contact", contactId).update() == 1;
    }

    /**
     * Adds the contacts a CSV names to a static list: one e-mail address or contact id per line (the first column;
     * a header line is skipped). Answers how many were added and the lines that named nobody.
     */
    @Transactional
    public ImportResult importCsv(long id, Reader csv) {
        Permission.MARKETING.check();
        requireStatic(id);
        Set<String> emails = new LinkedHashSet<>();
        Set<Long> ids = new LinkedHashSet<>();
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        Map<Integer, String> valueOf = new java.util.HashMap<>();
        int lines = 0;
        try (BufferedReader reader = new BufferedReader(csv)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (lines > MAX_IMPORT_LINES) {
                    throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "segment.tooMany",
                            MAX_IMPORT_LINES)));
                }
                String first = line.split("[,;\t]", 2)[0].strip().replace("\"", "").replace("\uFEFF", "");
                if (first.isEmpty() || (lines == 1 && !first.contains("@") && !first.matches("\\d{1,18}"))) {
                    continue;
                }
                String key;
                if (first.matches("\\d{1,18}")) {
                    ids.add(Long.parseLong(first));
                    key = first;
                }
                else if (first.contains("@") && first.length() <= 320) {
                    emails.add(first.toLowerCase(java.util.Locale.ROOT));
                    key = first.toLowerCase(java.util.Locale.ROOT);
                }
                else {
                    key = "\0" + lines;
                }
                if (lineOf.putIfAbsent(key, lines) == null) {
                    valueOf.put(lines, first.length() > 100 ? first.substring(0, 100) + "…" : first);
                }
            }
        }
        catch (IOException e) {
            throw KlientException.invalid("segment.import.unreadable");
        }
        record Found(long id, String email) {
        }
        List<Found> found = jdbc.sql("""
                select c.id, e.address from contacts c
                join unnest(cast(:emails as text[])) e(address) on c.emails @> array[e.address]
                union all
                select c.id, cast(c.id as text) from contacts c where c.id = any(cast(:ids as bigint[]))""")
                .param("emails", emails.toArray(String[]::new)).param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> new Found(rs.getLong(1), rs.getString(2))).list();
        Set<String> matched = new java.util.HashSet<>();
        found.forEach(f -> matched.add(f.email()));
        List<Integer> missing = lineOf.entrySet().stream().filter(e -> !matched.contains(e.getKey()))
                .map(Map.Entry::getValue).sorted().toList();
        List<Long> contactIds = found.stream().map(Found::id).distinct().toList();
        int added = jdbc.sql("""
                insert into segment_members (segment_id, contact_id, added_by)
                select :id, x, 'IMPORT' from unnest(cast(:ids as bigint[])) x on conflict do nothing""")
                .param("id", id).param("ids", contactIds.toArray(Long[]::new)).update();
        audit.record(AuditAction.IMPORT, "Segment", id, added + " contacts", List.of());
        List<Integer> shown = missing.subList(0, Math.min(MAX_UNKNOWN_SHOWN, missing.size()));
        return new ImportResult(added, missing.size(), shown,
                shown.stream().map(line -> new UnknownLine(line, valueOf.getOrDefault(line, ""))).toList());
    }

    /** How many of the lines that named nobody an import answer names (with their values). */
    public static final int MAX_UNKNOWN_SHOWN = 50;

    /**
     * What an import did: contacts added, how many lines named nobody, and the first {@value #MAX_UNKNOWN_SHOWN} of
     * them by line number ({@code notFoundLines}) with what each said ({@code unknown}).
     */
    public record ImportResult(int added, int notFound, List<Integer> notFoundLines, List<UnknownLine> unknown) {
    }

    /** A line of an import that named nobody known: its number (1 is the first line) and its first column. */
    public record UnknownLine(int line, String value) implements java.io.Serializable {
    }

    private void requireStatic(long id) {
        if (get(id).kind() != SegmentKind.STATIC) {
            throw KlientException.conflict("segment.notStatic");
        }
    }

    private String checked(SegmentFilter filter) {
        SegmentFilter given = filter == null ? SegmentFilter.empty() : filter;
        filters.check(given);
        return filters.write(given);
    }

    private SegmentView view(ResultSet rs, int row) throws SQLException {
        String filter = rs.getString("filter");
        return new SegmentView(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                SegmentKind.valueOf(rs.getString("kind")), filter == null ? null : filters.read(filter),
                (Long) rs.getObject("owner_id"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
