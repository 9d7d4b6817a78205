package app.klient.customers;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.audit.AuditEntry;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.customers.internal.CustomerAccess;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import app.klient.platform.web.Phrases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer card's single history, newest first. Two sources meet here: entries (notes, and what other modules
 * {@link #record record}: calls, e-mails, deals, orders, tickets) and the audit log's changes of the record itself.
 * Both are read page by page with a keyset cursor and merged, so a card with thousands of entries stays fast.
 */
@Service
public class Timeline {

    public static final int MAX_PAGE = 200;
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9][A-Za-z0-9._-]*(?:@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})?)");
    private static final int ENTRIES = 1;
    private static final int AUDIT = 0;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Users users;
    private final Versions versions;
    private final ApplicationEventPublisher events;
    private final Phrases phrases;

    Timeline(JdbcClient jdbc, AuditLog audit, Users users, Versions versions, Phrases phrases,
            ApplicationEventPublisher events) {
        this.events = events;
        this.versions = versions;
        this.phrases = phrases;
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
    }

    /** For other modules: puts an entry on the card of a contact (and its company) or of a company. */
    @Transactional
    public long record(TimelineRecord entry) {
        Long companyId = entry.companyId();
        if (companyId == null && entry.contactId() != null) {
            companyId = jdbc.sql("select company_id from contacts where id = :id").param("id", entry.contactId())
                    .query(Long.class).optional().orElse(null);
        }
        return insert(companyId, entry.contactId(), entry.occurredAt() == null ? Instant.now() : entry.occurredAt(),
                entry.kind(), entry.title(), entry.body(), entry.sourceModule(), entry.sourceId(), entry.authorId(),
                entry.titleCode(), entry.bodyCode());
    }

    @Transactional
    public long addNote(Long companyId, Long contactId, NoteForm note) {
        CustomerAccess.checkCreate();
        Long company = companyId;
        if (contactId != null) {
            company = jdbc.sql("select company_id from contacts where id = :id").param("id", contactId)
                    .query(Long.class).optional().orElse(null);
        }
        long id = insert(company, contactId, Instant.now(), "NOTE", null, note.body().strip(), null, null,
                CurrentUser.id(), null, null);
        Set<Long> mentioned = saveMentions(id, note.body());
        tellMentioned(id, company, contactId, note.body(), mentioned);
        return id;
    }

    @Transactional
    public void editNote(long noteId, NoteForm note) {
        Map<String, Object> row = note(noteId);
        checkNoteAuthor(row);
        versions.change("timeline_entries", noteId, note.version()).set("body = :body, updated_at = now()")
                .param("body", note.body().strip()).notFound("note.notFound").apply();
        Set<Long> before = new HashSet<>(jdbc.sql("select user_id from timeline_mentions where entry_id = :id")
                .param("id", noteId).query(Long.class).list());
        jdbc.sql("delete from timeline_mentions where entry_id = :id").param("id", noteId).update();
        Set<Long> mentioned = saveMentions(noteId, note.body());
        // only those the edit names for the first time hear of it
        mentioned.removeAll(before);
        Map<String, Object> where = jdbc.sql("select company_id, contact_id from timeline_entries where id = :id")
                .param("id", noteId).query().singleRow();
        tellMentioned(noteId, (Long) where.get("company_id"), (Long) where.get("contact_id"), note.body(), mentioned);
    }

    /** Tells each colleague a note names (not its author) where to read it: the notification bell listens. */
    private void tellMentioned(long noteId, Long companyId, Long contactId, String body, Set<Long> mentioned) {
        long author = CurrentUser.id();
        List<Long> told = mentioned.stream().filter(id -> id != author).toList();
        if (told.isEmpty()) {
            return;
        }
        String card = contactId != null ? jdbc.sql("""
                select trim(coalesce(first_name, '') || ' ' || last_name) from contacts where id = :id""")
                .param("id", contactId).query(String.class).optional().orElse("")
                : jdbc.sql("select name from companies where id = :id").param("id", companyId).query(String.class)
                        .optional().orElse("");
        String link = (contactId != null ? "/contacts/" + contactId : "/companies/" + companyId) + "#e" + noteId;
        String text = body.strip().replaceAll("\\s+", " ");
        String title = CurrentUser.actor().displayName() + " · " + card + ": "
                + (text.length() > 120 ? text.substring(0, 119) + "…" : text);
        events.publishEvent(new NoteMentioned(noteId, told, title, link));
    }

    @Transactional
    public void deleteNote(long noteId) {
        checkNoteAuthor(note(noteId));
        Map<String, Object> gone = jdbc.sql("""
                delete from timeline_entries where id = :id returning body, author_id, company_id, contact_id""")
                .param("id", noteId).query().singleRow();
        // the note itself is gone from the card: the audit log keeps what it said and who deleted it
        audit.record(app.klient.audit.AuditAction.DELETE, "note", noteId, null, gone.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> new FieldChange(e.getKey(), e.getValue().toString(), null)).toList());
    }

    @Transactional(readOnly = true)
    public TimelinePage ofCompany(long companyId, String before, int size) {
        return read("company_id", companyId, "company", before, size);
    }

    @Transactional(readOnly = true)
    public TimelinePage ofContact(long contactId, String before, int size) {
        return read("contact_id", contactId, "contact", before, size);
    }

    private TimelinePage read(String column, long id, String auditType, String before, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw KlientException.invalid("error.size", MAX_PAGE);
        }
        Cursor cursor = Cursor.parse(before);
        List<Item> items = new ArrayList<>();
        items.addAll(entries(column, id, cursor, size + 1));
        items.addAll(audit.history(auditType, id, cursor.time(), cursor.boundFor(AUDIT), size + 1).stream()
                .map(e -> new Item(e.occurredAt(), AUDIT, e.id(), null, e)).toList());
        items.sort(Comparator.comparing(Item::time).thenComparing(Item::rank).thenComparing(Item::id).reversed());
        boolean more = items.size() > size;
        List<Item> page = items.subList(0, Math.min(size, items.size()));
        Set<Long> people = new HashSet<>();
        page.stream().filter(i -> i.audit() != null).flatMap(i -> i.audit().changes().stream())
                .filter(c -> c.field().equals("ownerId")).forEach(c -> {
                    addId(people, c.oldValue());
                    addId(people, c.newValue());
                });
        page.forEach(i -> {
            if (i.entry() != null && i.entry().authorId() != null) {
                people.add(i.entry().authorId());
            }
            if (i.audit() != null && i.audit().actorId() != null) {
                people.add(i.audit().actorId());
            }
        });
        Map<Long, String> names = users.names(people);
        List<TimelineEntry> result = page.stream().map(i -> i.entry() != null ? withAuthor(i.entry(), names)
                : fromAudit(i.audit(), names)).toList();
        String next = more && !page.isEmpty() ? page.get(page.size() - 1).cursor() : null;
        return new TimelinePage(result, next);
    }

    private List<Item> entries(String column, long id, Cursor cursor, int limit) {
        boolean canModerate = CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
        long me = CurrentUser.actor().id();
        return jdbc.sql("""
                select e.id, e.occurred_at, e.kind, e.title, e.body, e.author_id, e.company_id, e.contact_id, e.version,
                       e.title_code, e.body_code,
                       array(select u.name from timeline_mentions m join users u on u.id = m.user_id
                             where m.entry_id = e.id order by u.name) as mentions
                from timeline_entries e
                where e.%s = :id and (e.occurred_at, e.id) < (:before, :beforeId)
                order by e.occurred_at desc, e.id desc limit :limit""".formatted(column))
                .param("id", id).param("before", Timestamp.from(cursor.time()))
                .param("beforeId", cursor.boundFor(ENTRIES)).param("limit", limit)
                .query((rs, n) -> {
                    Long author = (Long) rs.getObject("author_id");
                    String kind = rs.getString("kind");
                    Array mentions = rs.getArray("mentions");
                    boolean editable = "NOTE".equals(kind) && (canModerate
                            || (author != null && author == me && CustomerAccess.canCreate()));
                    // what Klient worded is worded now, for this reader; what a person wrote stays as written
                    Phrase titleCode = phrases.parse(rs.getString("title_code"));
                    Phrase bodyCode = phrases.parse(rs.getString("body_code"));
                    TimelineEntry entry = new TimelineEntry("e" + rs.getLong("id"),
                            rs.getTimestamp("occurred_at").toInstant(), kind,
                            titleCode == null ? rs.getString("title") : phrases.render(titleCode),
                            bodyCode == null ? rs.getString("body") : phrases.render(bodyCode), author, null,
                            (Long) rs.getObject("company_id"), (Long) rs.getObject("contact_id"), List.of(),
                            mentions == null ? List.of() : Arrays.asList((String[]) mentions.getArray()),
                            rs.getInt("version"), editable, titleCode, bodyCode);
                    return new Item(entry.occurredAt(), ENTRIES, rs.getLong("id"), entry, null);
                }).list();
    }

    private long insert(Long companyId, Long contactId, Instant at, String kind, String title, String body,
            String sourceModule, Long sourceId, Long authorId, Phrase titleCode, Phrase bodyCode) {
        return jdbc.sql("""
                insert into timeline_entries (company_id, contact_id, occurred_at, kind, title, body, source_module,
                                              source_id, author_id, title_code, body_code)
                values (:company, :contact, :at, :kind, :title, :body, :module, :source, :author,
                        cast(:titleCode as jsonb), cast(:bodyCode as jsonb)) returning id""")
                .param("company", companyId).param("contact", contactId)
                .param("at", Timestamp.from(at.truncatedTo(ChronoUnit.MICROS))).param("kind", kind)
                .param("title", title).param("body", body).param("module", sourceModule).param("source", sourceId)
                .param("author", authorId).param("titleCode", phrases.json(titleCode))
                .param("bodyCode", phrases.json(bodyCode)).query(Long.class).single();
    }

    private Set<Long> saveMentions(long entryId, String body) {
        Set<Long> mentioned = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(body);
        while (matcher.find() && mentioned.size() < 20) {
            users.findByMention(matcher.group(1)).map(UserSummary::id).ifPresent(mentioned::add);
        }
        for (Long user : mentioned) {
            jdbc.sql("insert into timeline_mentions (entry_id, user_id) values (:entry, :user)")
                    .param("entry", entryId).param("user", user).update();
        }
        return mentioned;
    }

    private Map<String, Object> note(long noteId) {
        return jdbc.sql("select id, author_id, kind from timeline_entries where id = :id").param("id", noteId)
                .query().listOfRows().stream().filter(r -> "NOTE".equals(r.get("kind"))).findFirst()
                .orElseThrow(() -> KlientException.notFound("note.notFound"));
    }

    private static void checkNoteAuthor(Map<String, Object> note) {
        Object author = note.get("author_id");
        boolean own = author instanceof Number n && n.longValue() == CurrentUser.id() && CustomerAccess.canCreate();
        if (!own && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "note.forbidden");
        }
    }

    private static TimelineEntry withAuthor(TimelineEntry e, Map<Long, String> names) {
        return new TimelineEntry(e.id(), e.occurredAt(), e.kind(), e.title(), e.body(), e.authorId(),
                e.authorId() == null ? null : names.get(e.authorId()), e.companyId(), e.contactId(), e.changes(),
                e.mentions(), e.version(), e.editable(), e.titleCode(), e.bodyCode());
    }

    private static TimelineEntry fromAudit(AuditEntry a, Map<Long, String> names) {
        String kind = switch (a.action()) {
            case CREATE -> "CREATED";
            case DELETE -> "DELETED";
            case HANDOVER -> "HANDOVER";
            default -> "CHANGED";
        };
        String author = a.actorId() == null ? a.actorName()
                : Optional.ofNullable(names.get(a.actorId())).orElse(a.actorName());
        List<FieldChange> changes = a.changes().stream().map(c -> c.field().equals("ownerId")
                ? new FieldChange(c.field(), name(c.oldValue(), names), name(c.newValue(), names)) : c).toList();
        return new TimelineEntry("a" + a.id(), a.occurredAt(), kind, a.summary(), null, a.actorId(), author, null,
                null, changes, List.of(), null, false, null, null);
    }

    private static String name(String id, Map<Long, String> names) {
        return id == null || !id.matches("\\d+") ? id : names.getOrDefault(Long.parseLong(id), id);
    }

    private static void addId(Set<Long> ids, String value) {
        if (value != null && value.matches("\\d+")) {
            ids.add(Long.parseLong(value));
        }
    }

    private record Item(Instant time, int rank, long id, TimelineEntry entry, AuditEntry audit) {

        String cursor() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, time) + "-" + rank + "-" + id;
        }
    }

    /**
     * Where the previous page ended: (time, source, id). For each source, the bound id turns "after the cursor in
     * (time desc, source desc, id desc) order" into that source's own (time, id) comparison.
     */
    private record Cursor(Instant time, int rank, long id) {

        static Cursor parse(String value) {
            if (value == null || value.isBlank()) {
                return new Cursor(Instant.parse("9999-12-31T00:00:00Z"), ENTRIES, Long.MAX_VALUE);
            }
            String[] parts = value.split("-");
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException();
                }
                Instant time = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
                return new Cursor(time, Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }
            catch (RuntimeException e) {
                throw KlientException.invalid("timeline.cursor");
            }
        }

        long boundFor(int source) {
            if (source == rank) {
                return id;
            }
            return source < rank ? Long.MAX_VALUE : 0;
        }
    }
}
