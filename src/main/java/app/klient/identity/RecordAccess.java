package app.klient.identity;

import java.util.List;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who reads and who changes which records: the administrator's rules per role and kind (access_rules), and records
 * shared beyond them (record_shares).
 * <p>
 * Reading is enforced in one place, PostgreSQL, and therefore everywhere — lists, counts, search, the customer card,
 * exports, reports, the API and file downloads all read through the same tables. While some role reads less than
 * all of a kind, that kind's table carries a row policy that shows a user only what their role's rule, their teams
 * and the records shared with them allow ({@code klient.user_id}, set per request by the connection pool, see
 * platform.db.ActingDataSource). While every role reads all of a kind, the table carries no policy at all, so the
 * small company's default costs nothing and keeps every index usable (PostgreSQL does not use an index for a
 * condition it cannot prove leak-proof under a row policy; docs/benchmarks.md has what a restricted kind costs).
 * <p>
 * Changing is checked here, before a change is made, so a refusal is a clear 403 rather than a row that silently
 * stays as it was.
 */
@Service
public class RecordAccess {

    private static final Logger log = LoggerFactory.getLogger(RecordAccess.class);

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;

    /**
     * The live instances, newest first: one in a running Klient; in a test JVM several application contexts may live
     * and end one after another, and the static checks of {@link OwnedRecords} must never reach one that has ended.
     */
    private static final java.util.Deque<RecordAccess> LIVE = new java.util.concurrent.ConcurrentLinkedDeque<>();

    RecordAccess(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        LIVE.push(this);
    }

    @jakarta.annotation.PreDestroy
    void ended() {
        LIVE.remove(this);
    }

    /** For the static checks of {@link OwnedRecords}, called from records and pages that are not beans' business. */
    static RecordAccess instance() {
        RecordAccess live = LIVE.peek();
        if (live == null) {
            throw new IllegalStateException("Record access is asked before Klient has started");
        }
        return live;
    }

    public List<AccessRule> rules() {
        return jdbc.sql("""
                select id, role, kind, read_scope, change_scope, version from access_rules
                 order by array_position(array['ADMIN', 'MANAGER', 'SALES', 'MARKETING', 'SUPPORT', 'READ_ONLY'],
                                         role::text),
                          array_position(array['company', 'contact', 'lead', 'deal', 'quote', 'order', 'invoice',
                                               'ticket', 'activity', 'document'], kind::text)
                """).query((rs, n) -> new AccessRule(rs.getLong("id"), Role.valueOf(rs.getString("role")),
                        rs.getString("kind"), Scope.valueOf(rs.getString("read_scope")),
                        Scope.valueOf(rs.getString("change_scope")), rs.getInt("version"))).list();
    }

    public AccessRule rule(long id) {
        return rules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> KlientException.notFound("access.rule.notFound"));
    }

    /**
     * Sets what one role reads and changes of one kind. Reading may be all, the team's or one's own; changing may
     * not reach further than reading. The administrators' own rules stay all: they keep Klient.
     */
    @Transactional
    public AccessRule update(long id, AccessRuleUpdate update) {
        AccessRule before = rule(id);
        if (update.read() == Scope.NONE) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("read", "access.read.none")));
        }
        if (wider(update.change(), update.read())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("change", "access.change.widerThanRead")));
        }
        if (before.role() == Role.ADMIN && (update.read() != Scope.ALL || update.change() != Scope.ALL)) {
            throw new KlientException(HttpStatus.CONFLICT, "access.admin.fixed");
        }
        if (before.role() == Role.READ_ONLY && update.change() != Scope.NONE) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("change", "access.readOnly.changesNothing")));
        }
        versions.change("access_rules", id, update.version()).notFound("access.rule.notFound")
                .set("read_scope = :read, change_scope = :change, updated_at = now()")
                .param("read", update.read().name()).param("change", update.change().name()).apply();
        RecordKind kind = RecordKind.of(before.kind()).orElseThrow();
        installPolicy(kind);
        installTimelinePolicy();
        audit.record(AuditAction.UPDATE, "access_rule", id, before.role() + " · " + before.kind(), List.of(
                new FieldChange("read", before.read().name(), update.read().name()),
                new FieldChange("change", before.change().name(), update.change().name()))
                .stream().filter(c -> !c.oldValue().equals(c.newValue())).toList());
        return rule(id);
    }

    /** Whether the signed-in user may change a record of {@code kind} owned by {@code ownerId} (null: nobody). */
    public boolean canChange(RecordKind kind, Long recordId, Long ownerId) {
        Optional<Role> role = CurrentUser.role();
        if (role.isEmpty()) {
            return false;
        }
        Scope scope = scope(role.get(), kind, "change_scope");
        long me = CurrentUser.id();
        boolean byRule = switch (scope) {
            case ALL -> true;
            case TEAM -> ownerId == null || ownerId == me || teammates(me).contains(ownerId);
            case OWN -> ownerId == null || ownerId == me;
            case NONE -> false;
        };
        return byRule || recordId != null && role.get().canWrite() && sharedToChange(kind, recordId, me);
    }

    /**
     * Whether user {@code userId} reads record {@code recordId} of {@code kind} (by their role's rule, their teams and
     * what is shared with them), asked as Klient itself: for sharing, which must not show someone a record whose
     * company they may not see.
     */
    public boolean reads(long userId, RecordKind kind, long recordId) {
        Optional<Role> role = jdbc.sql("select role from users where id = :id").param("id", userId)
                .query(String.class).optional().map(Role::valueOf);
        if (role.isEmpty()) {
            return false;
        }
        Scope scope = scope(role.get(), kind, "read_scope");
        Optional<Long> owner = jdbc.sql("select " + kind.ownerColumn() + " from " + kind.table() + " where id = :id")
                .param("id", recordId).query((rs, n) -> Optional.ofNullable((Long) rs.getObject(1))).optional()
                .orElse(Optional.empty());
        boolean byRule = switch (scope) {
            case ALL -> true;
            case TEAM -> owner.isEmpty() || owner.get() == userId || teammates(userId).contains(owner.get());
            default -> owner.isEmpty() || owner.get() == userId;
        };
        return byRule || jdbc.sql("""
                select exists (select 1 from record_shares s
                                where s.kind = :kind and s.record_id = :record
                                  and (s.user_id = :user
                                       or s.team_id in (select team_id from user_teams where user_id = :user)))
                """).param("kind", kind.code()).param("record", recordId).param("user", userId)
                .query(Boolean.class).single();
    }

    /** Refuses (403, in the reader's words) a change the user may not make. */
    public void requireChange(RecordKind kind, Long recordId, Long ownerId) {
        if (!canChange(kind, recordId, ownerId)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "access.change.refused");
        }
    }

    /**
     * Whether the signed-in user's role reads every record of every kind (nobody signed in: Klient itself does): only
     * then may they share figures kept for everybody.
     */
    public boolean readsEverything() {
        return CurrentUser.role().map(role -> !jdbc.sql("""
                select exists (select 1 from access_rules where role = :role and read_scope <> 'ALL')
                """).param("role", role.name()).query(Boolean.class).single()).orElse(true);
    }

    /** How far the signed-in user's role reads {@code kind} (ALL when nobody is signed in: Klient itself). */
    public Scope readScope(RecordKind kind) {
        return CurrentUser.role().map(r -> scope(r, kind, "read_scope")).orElse(Scope.ALL);
    }

    private Scope scope(Role role, RecordKind kind, String column) {
        return jdbc.sql("select " + column + " from access_rules where role = :role and kind = :kind")
                .param("role", role.name()).param("kind", kind.code()).query(String.class).optional()
                .map(Scope::valueOf).orElse(Scope.NONE);
    }

    private List<Long> teammates(long userId) {
        return jdbc.sql("""
                select distinct m.user_id from user_teams m join user_teams me on me.team_id = m.team_id
                 where me.user_id = :user
                """).param("user", userId).query(Long.class).list();
    }

    private boolean sharedToChange(RecordKind kind, long recordId, long userId) {
        return jdbc.sql("""
                select exists (select 1 from record_shares s
                                where s.kind = :kind and s.record_id = :record and s.can_change
                                  and (s.user_id = :user
                                       or s.team_id in (select team_id from user_teams where user_id = :user)))
                """).param("kind", kind.code()).param("record", recordId).param("user", userId)
                .query(Boolean.class).single();
    }

    private static boolean wider(Scope change, Scope read) {
        return change != Scope.NONE && change.ordinal() < read.ordinal();
    }

    /** Every kind's table carries the policy its rules ask for (after an upgrade, a restore, a crash mid-change). */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void installPolicies() {
        for (RecordKind kind : RecordKind.values()) {
            installPolicy(kind);
        }
        installTimelinePolicy();
    }

    /** The customer card's timeline entries that tell of a record of each kind (DEAL_WON tells of a deal). */
    private static final java.util.Map<RecordKind, String> TIMELINE = java.util.Map.of(
            RecordKind.LEAD, "kind like 'LEAD\\_%'", RecordKind.DEAL, "kind like 'DEAL\\_%'",
            RecordKind.QUOTE, "kind like 'QUOTE\\_%'", RecordKind.ORDER, "kind like 'ORDER\\_%'",
            RecordKind.INVOICE, "kind like 'INVOICE\\_%'", RecordKind.TICKET, "kind like 'TICKET\\_%'",
            RecordKind.ACTIVITY, "kind like 'ACTIVITY\\_%'", RecordKind.DOCUMENT, "source_module = 'documents'");

    /**
     * A timeline entry that tells of a record of a restricted kind (a deal won, an invoice paid) shows only to those
     * who read that record: the customer card never tells what its lists hide. The policy is made anew whenever the
     * set of restricted kinds changes, and taken off when no kind is restricted.
     */
    private void installTimelinePolicy() {
        List<String> cases = new java.util.ArrayList<>();
        for (RecordKind kind : RecordKind.values()) {
            if (TIMELINE.containsKey(kind) && restricted(kind)) {
                cases.add("when " + TIMELINE.get(kind) + " then exists (select 1 from " + kind.table()
                        + " r where r.id = timeline_entries.source_id)");
            }
        }
        for (String name : List.of("klient_read", "klient_insert", "klient_update", "klient_delete")) {
            jdbc.sql("drop policy if exists " + name + " on timeline_entries").update();
        }
        if (cases.isEmpty()) {
            jdbc.sql("alter table timeline_entries no force row level security").update();
            jdbc.sql("alter table timeline_entries disable row level security").update();
            return;
        }
        jdbc.sql("alter table timeline_entries enable row level security").update();
        jdbc.sql("alter table timeline_entries force row level security").update();
        jdbc.sql("create policy klient_read on timeline_entries for select using (source_id is null or case "
                + String.join(" ", cases) + " else true end)").update();
        writePolicies("timeline_entries");
    }

    /** Whether some role reads less than all of {@code kind}. */
    public boolean isRestricted(RecordKind kind) {
        return restricted(kind);
    }

    private boolean restricted(RecordKind kind) {
        return jdbc.sql("select exists (select 1 from access_rules where kind = :kind and read_scope <> 'ALL')")
                .param("kind", kind.code()).query(Boolean.class).single();
    }

    private void writePolicies(String table) {
        jdbc.sql("create policy klient_insert on " + table + " for insert with check (true)").update();
        jdbc.sql("create policy klient_update on " + table + " for update using (true)").update();
        jdbc.sql("create policy klient_delete on " + table + " for delete using (true)").update();
    }

    /**
     * Puts the reading policy on {@code kind}'s table while some role reads less than all of it, and takes it off
     * when none does. Serialized across nodes by an advisory lock held to the end of the transaction.
     */
    private void installPolicy(RecordKind kind) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('klient.record_access'))").query().singleRow();
        boolean restricted = restricted(kind);
        boolean installed = jdbc.sql("select relrowsecurity from pg_class where oid = cast(:table as regclass)")
                .param("table", kind.table()).query(Boolean.class).single();
        if (restricted == installed) {
            return;
        }
        String table = kind.table();
        if (restricted) {
            String user = "nullif(current_setting('klient.user_id', true), '')::bigint";
            String scope = "coalesce((select a.read_scope from access_rules a join users u on u.role = a.role"
                    + " where u.id = " + user + " and a.kind = '" + kind.code() + "'), 'ALL')";
            String owner = table + "." + kind.ownerColumn();
            String policy = "(select " + scope + ") = 'ALL'"
                    + " or " + owner + " is null"
                    + " or " + owner + " = " + user
                    + " or ((select " + scope + ") = 'TEAM' and " + owner + " = any (array(select m.user_id"
                    + " from user_teams m join user_teams me on me.team_id = m.team_id where me.user_id = " + user
                    + ")))"
                    + " or exists (select 1 from record_shares s where s.kind = '" + kind.code() + "'"
                    + " and s.record_id = " + table + ".id and (s.user_id = " + user
                    + " or s.team_id = any (array(select t.team_id from user_teams t where t.user_id = " + user
                    + "))))";
            jdbc.sql("alter table " + table + " enable row level security").update();
            jdbc.sql("alter table " + table + " force row level security").update();
            jdbc.sql("create policy klient_read on " + table + " for select using (" + policy + ")").update();
            writePolicies(table);
            boolean indexed = jdbc.sql("select proleakproof from pg_proc where oid = 'pg_catalog.textlike(text, text)'"
                    + "::regprocedure").query(Boolean.class).single();
            if (!indexed) {
                log.warn("Searches of {} read the whole table while its reading is restricted: a PostgreSQL superuser"
                        + " should declare the functions Klient searches with leak-proof once (README, \"Who sees"
                        + " which record\")", table);
            }
            log.info("Reading {} is restricted for some role: the table now carries its row policy", table);
        } else {
            for (String name : List.of("klient_read", "klient_insert", "klient_update", "klient_delete")) {
                jdbc.sql("drop policy if exists " + name + " on " + table).update();
            }
            jdbc.sql("alter table " + table + " no force row level security").update();
            jdbc.sql("alter table " + table + " disable row level security").update();
            log.info("Every role reads all of {}: its row policy is removed", table);
        }
    }
}
