package app.klient.identity;

import java.util.List;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.ActingUser;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records shared beyond the rules, shown on the record ("Shared with"). Whoever may change a record shares it and
 * takes a share back; whoever reads it sees with whom it is shared. A record is not shared with someone who may not
 * read its company: they would open a deal or an invoice of a customer hidden from them.
 */
@Service
public class RecordShares {

    private final JdbcClient jdbc;
    private final RecordAccess access;
    private final AuditLog audit;
    private final Users users;
    private final Teams teams;

    RecordShares(JdbcClient jdbc, RecordAccess access, AuditLog audit, Users users, Teams teams) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.users = users;
        this.teams = teams;
    }

    /** What the record's "Shared with" card shows, and whether the reader may share it further. */
    public record Card(String kind, long recordId, boolean canShare, List<RecordShare> shares,
            List<UserSummary> people, List<TeamSummary> teams) {
    }

    /**
     * Read while the record's page renders, after the page read the record: a record deleted in between (by someone
     * else at that moment) shows an empty card rather than breaking the page half-way.
     */
    public Card card(String kind, long recordId) {
        RecordKind k = kind(kind);
        Long owner;
        try {
            owner = owner(k, recordId);
        }
        catch (KlientException gone) {
            return new Card(k.code(), recordId, false, List.of(), List.of(), List.of());
        }
        boolean canShare = access.canChange(k, recordId, owner);
        return new Card(k.code(), recordId, canShare, list(k, recordId),
                canShare ? people() : List.of(), canShare ? teams() : List.of());
    }

    public List<RecordShare> list(String kind, long recordId) {
        RecordKind k = kind(kind);
        owner(k, recordId);
        return list(k, recordId);
    }

    @Transactional
    public RecordShare share(ShareForm form) {
        RecordKind kind = kind(form.kind());
        long recordId = form.recordId();
        access.requireChange(kind, recordId, owner(kind, recordId));
        if ((form.userId() == null) == (form.teamId() == null)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("userId", "share.whom")));
        }
        String name;
        if (form.userId() != null) {
            name = jdbc.sql("select name from users where id = :id and active").param("id", form.userId())
                    .query(String.class).optional()
                    .orElseThrow(() -> new InvalidFields(List.of(new InvalidFields.FieldError("userId",
                            "share.user.unknown"))));
        } else {
            name = jdbc.sql("select name from teams where id = :id").param("id", form.teamId())
                    .query(String.class).optional()
                    .orElseThrow(() -> new InvalidFields(List.of(new InvalidFields.FieldError("teamId",
                            "share.team.unknown"))));
        }
        companyReadable(kind, recordId, form.userId(), form.teamId());
        long id = jdbc.sql("""
                insert into record_shares (kind, record_id, user_id, team_id, can_change, shared_by)
                values (:kind, :record, :user, :team, :change, :by)
                on conflict do nothing returning id
                """).param("kind", kind.code()).param("record", recordId).param("user", form.userId())
                .param("team", form.teamId()).param("change", Boolean.TRUE.equals(form.canChange()))
                .param("by", CurrentUser.id()).query(Long.class).optional()
                .orElseGet(() -> jdbc.sql("""
                        update record_shares set can_change = :change
                         where kind = :kind and record_id = :record
                           and (user_id = :user or team_id = :team) returning id
                        """).param("kind", kind.code()).param("record", recordId).param("user", form.userId())
                        .param("team", form.teamId()).param("change", Boolean.TRUE.equals(form.canChange()))
                        .query(Long.class).single());
        audit.record(AuditAction.CREATE, "record_share", id, kind.code() + " #" + recordId + " → " + name,
                List.of(new FieldChange("canChange", null, String.valueOf(Boolean.TRUE.equals(form.canChange())))));
        return list(kind, recordId).stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public void unshare(long shareId) {
        record Found(String kind, long recordId) {
        }
        Found found = jdbc.sql("select kind, record_id from record_shares where id = :id").param("id", shareId)
                .query((rs, n) -> new Found(rs.getString("kind"), rs.getLong("record_id"))).optional()
                .orElseThrow(() -> KlientException.notFound("share.notFound"));
        RecordKind kind = kind(found.kind());
        access.requireChange(kind, found.recordId(), owner(kind, found.recordId()));
        jdbc.sql("delete from record_shares where id = :id").param("id", shareId).update();
        audit.record(AuditAction.DELETE, "record_share", shareId, kind.code() + " #" + found.recordId(), List.of());
    }

    private List<RecordShare> list(RecordKind kind, long recordId) {
        return jdbc.sql("""
                select s.id, s.kind, s.record_id, s.user_id, s.team_id, coalesce(u.name, t.name) as name,
                       s.can_change, b.name as shared_by, s.created_at
                  from record_shares s
                  left join users u on u.id = s.user_id
                  left join teams t on t.id = s.team_id
                  left join users b on b.id = s.shared_by
                 where s.kind = :kind and s.record_id = :record
                 order by lower(coalesce(u.name, t.name))
                """).param("kind", kind.code()).param("record", recordId)
                .query((rs, n) -> new RecordShare(rs.getLong("id"), rs.getString("kind"), rs.getLong("record_id"),
                        (Long) rs.getObject("user_id"), (Long) rs.getObject("team_id"), rs.getString("name"),
                        rs.getBoolean("can_change"), rs.getString("shared_by"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class))).list();
    }

    /** The record's owner, read as the caller reads: a record they may not see is not found. */
    private Long owner(RecordKind kind, long recordId) {
        List<Optional<Long>> owner = jdbc.sql("select " + kind.ownerColumn() + " from " + kind.table()
                + " where id = :id").param("id", recordId)
                .query((rs, n) -> Optional.ofNullable((Long) rs.getObject(1))).list();
        if (owner.isEmpty()) {
            throw KlientException.notFound("error.notFound");
        }
        return owner.get(0).orElse(null);
    }

    /**
     * Refuses sharing a record of a company with someone who may not read that company: as Klient itself, what the
     * person (or every member of the team) would read of it by the rules and by what is shared with them.
     */
    private void companyReadable(RecordKind kind, long recordId, Long userId, Long teamId) {
        Optional<String> column = kind.companyColumn();
        if (column.isEmpty()) {
            return;
        }
        try (ActingUser.Restore system = ActingUser.asSystem(jdbc)) {
            Long company = jdbc.sql("select " + column.get() + " from " + kind.table() + " where id = :id")
                    .param("id", recordId).query((rs, n) -> (Long) rs.getObject(1)).optional().orElse(null);
            if (company == null) {
                return;
            }
            List<Long> people = userId != null ? List.of(userId)
                    : jdbc.sql("select user_id from user_teams where team_id = :team").param("team", teamId)
                            .query(Long.class).list();
            for (long person : people) {
                if (!access.reads(person, RecordKind.COMPANY, company)) {
                    throw new KlientException(HttpStatus.CONFLICT, "share.companyHidden");
                }
            }
        }
    }

    private static RecordKind kind(String code) {
        return RecordKind.of(code).orElseThrow(() -> new InvalidFields(List.of(new InvalidFields.FieldError("kind",
                "share.kind.unknown"))));
    }

    private List<UserSummary> people() {
        return users.activeUsers();
    }

    private List<TeamSummary> teams() {
        return teams.list();
    }
}
