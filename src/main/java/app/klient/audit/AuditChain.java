package app.klient.audit;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log's hash chain (V143): each event's hash covers the previous event's hash and its own content, so an
 * event changed, taken out or put in behind Klient's back breaks the chain from there on. The database chains every
 * append; this checks the whole chain.
 */
@Service
public class AuditChain {

    /** The record type of the event an erasure appends after redacting values, and its one change. */
    public static final String REDACTION = "auditLog";
    public static final String REDACTED_ENTRIES = "redactedEntries";

    private final JdbcClient jdbc;

    public AuditChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The result of a check: intact with its number of entries, or the first broken entry (its id, its position in
     * the chain) and what is wrong with it.
     */
    public record Verification(boolean intact, long entries, Long brokenEntryId, Long brokenPosition,
            Problem problem, Instant checkedAt) {

        public String describe() {
            return intact ? "Audit log chain intact, " + entries + " entries"
                    : "Audit log chain broken at entry " + (brokenEntryId == null ? "(none)" : "#" + brokenEntryId)
                            + ", position " + brokenPosition + " of " + entries + ": " + problem.text;
        }
    }

    public enum Problem {
        UNCHAINED("the entry was written without its hashes (with the log's triggers switched off)"),
        MISSING("entries before it are missing (deleted)"),
        LINK("it does not follow the entry before it (that one was changed or taken out)"),
        HASH("its hash does not match its place in the chain"),
        CHANGED("its content was changed after it was written"),
        REDACTION("it is marked redacted, but no erasure accounts for it"),
        TAIL("the newest entries are missing (deleted)");

        private final String text;

        Problem(String text) {
            this.text = text;
        }
    }

    /** Checks the whole chain in one snapshot (appends made meanwhile are left for the next check). */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Verification verify() {
        Instant now = Instant.now();
        long entries = jdbc.sql("select count(*) from audit_events").query(Long.class).single();
        var unchained = jdbc.sql("""
                select id from audit_events where chain_seq is null or prev_hash is null or content_hash is null
                    or hash is null order by id limit 1""").query(Long.class).optional();
        if (unchained.isPresent()) {
            return new Verification(false, entries, unchained.get(), null, Problem.UNCHAINED, now);
        }
        var broken = jdbc.sql("""
                with chain as (
                    select e.id, e.chain_seq, e.prev_hash, e.content_hash, e.hash,
                           lag(e.hash) over w as before_hash, lag(e.chain_seq) over w as before_seq,
                           case when e.redacted_at is null then audit_event_content(e) end as recomputed
                      from audit_events e window w as (order by e.chain_seq))
                select id, chain_seq,
                       case when chain_seq <> coalesce(before_seq, 0) + 1 then 'MISSING'
                            when prev_hash <> coalesce(before_hash, decode(repeat('00', 32), 'hex')) then 'LINK'
                            when hash <> sha256(prev_hash || content_hash) then 'HASH'
                            else 'CHANGED' end
                  from chain
                 where chain_seq <> coalesce(before_seq, 0) + 1
                    or prev_hash <> coalesce(before_hash, decode(repeat('00', 32), 'hex'))
                    or hash <> sha256(prev_hash || content_hash)
                    or recomputed <> content_hash
                 order by chain_seq limit 1""")
                .query((rs, n) -> new Verification(false, entries, rs.getLong(1), rs.getLong(2),
                        Problem.valueOf(rs.getString(3)), now))
                .optional();
        if (broken.isPresent()) {
            return broken.get();
        }
        var unaccounted = jdbc.sql("""
                select min(r.chain_seq), r.redacted_at
                  from audit_events r
                 where r.redacted_at is not null
                 group by r.redacted_at
                having count(*) > coalesce((
                        select max((c.value ->> 'newValue')::bigint)
                          from audit_events e
                         cross join lateral jsonb_array_elements(e.changes) c(value)
                         where e.entity_type = :type and e.occurred_at = r.redacted_at and e.redacted_at is null
                           and jsonb_typeof(e.changes) = 'array' and c.value ->> 'field' = :field
                           and c.value ->> 'newValue' ~ '^[0-9]{1,18}$'), 0)
                 order by 1 limit 1""")
                .param("type", REDACTION).param("field", REDACTED_ENTRIES)
                .query((rs, n) -> rs.getLong(1)).optional();
        if (unaccounted.isPresent()) {
            long id = jdbc.sql("select id from audit_events where chain_seq = :seq").param("seq", unaccounted.get())
                    .query(Long.class).single();
            return new Verification(false, entries, id, unaccounted.get(), Problem.REDACTION, now);
        }
        long last = jdbc.sql("select coalesce(max(chain_seq), 0) from audit_events").query(Long.class).single();
        boolean tailIntact = jdbc.sql("""
                select h.last_seq = :last and h.last_hash = coalesce((select hash from audit_events where chain_seq
                       = :last), decode(repeat('00', 32), 'hex'))
                  from audit_chain h where h.id = 1""").param("last", last).query(Boolean.class).optional()
                .orElse(false);
        if (!tailIntact || last != entries) {
            return new Verification(false, entries, null, last + 1, last != entries ? Problem.MISSING : Problem.TAIL,
                    now);
        }
        return new Verification(true, entries, null, null, null, now);
    }
}
