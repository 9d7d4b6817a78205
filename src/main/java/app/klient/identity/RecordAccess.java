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

    private static volatile RecordAccess instance;

    RecordAccess(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        instance = this;
    }

    /** For the static checks of {@link OwnedRecords}, called from records and pages that are not beans' business. */
    static RecordAccess instance() {
        return instance;
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

    /** Refuses (403, in the reader's words) a change the user may not make. */
    public void requireChange(RecordKind kind, Long recordId, Long ownerId) {
        if (!canChange(kind, recordId, ownerId)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "access.change.refused");
        }
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
    }

    /**
     * Puts the reading policy on {@code kind}'s table while some role reads less than all of it, and takes it off
     * when none does. Serialized across nodes by an advisory lock held to the end of the transaction.
     */
    private void installPolicy(RecordKind kind) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('klient.record_access'))").query().singleRow();
        boolean restricted = jdbc.sql("select exists (select 1 from access_rules where kind = :kind and read_scope <> 'ALL')")
                .param("kind", kind.code()).query(Boolean.class).single();
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
            jdbc.sql("create policy klient_insert on " + table + " for insert with check (true)").update();
            jdbc.sql("create policy klient_update on " + table + " for update using (true)").update();
            jdbc.sql("create policy klient_delete on " + table + " for delete using (true)").update();
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
