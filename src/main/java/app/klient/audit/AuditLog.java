package app.klient.audit;

import java.sql.Timestamp;
import java.time.ZoneId;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import app.klient.platform.Actor;
import app.klient.platform.Phrase;
import app.klient.platform.export.Column;
import app.klient.platform.export.ExportFormat;
import app.klient.platform.export.Filters;
import app.klient.platform.export.ListExport;
import app.klient.platform.web.Phrases;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The audit log: written by the entity listener and by modules for events that are not record changes. */
@Service
public class AuditLog {

    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Phrases phrases;
    private final ListExport listExport;

    public AuditLog(JdbcClient jdbc, JsonMapper json, Phrases phrases, ListExport listExport) {
        this.jdbc = jdbc;
        this.json = json;
        this.phrases = phrases;
        this.listExport = listExport;
    }

    /** Records an event by the current actor (or by {@code onBehalfOf} when nobody is signed in yet, as at login). */
    public void record(AuditAction action, String entityType, Object entityId, String summary,
            List<FieldChange> changes, Optional<Actor> onBehalfOf) {
        Optional<Actor> actor = onBehalfOf.isPresent() ? onBehalfOf : Actor.current();
        record(action, entityType, entityId, summary, changes, actor.map(Actor::id).orElse(null),
                actor.map(Actor::email).orElse(null));
    }

    /** Records a change made by the signed-in user through plain SQL (records the entity listener does not see). */
    public void record(AuditAction action, String entityType, Object entityId, String summary,
            List<FieldChange> changes) {
        record(action, entityType, entityId, summary, changes, Optional.empty());
    }

    /**
     * Records an event Klient words itself (a merge): the summary is put into the reader's words when read, wherever
     * it is shown (the audit log, the customer's timeline).
     */
    public void recordWorded(AuditAction action, String entityType, Object entityId, Phrase summary,
            List<FieldChange> changes) {
        Optional<Actor> actor = Actor.current();
        insert(action, entityType, entityId, null, summary, changes, actor.map(Actor::id).orElse(null),
                actor.map(Actor::email).orElse(null));
    }

    public void record(AuditAction action, String entityType, Object entityId, String summary,
            List<FieldChange> changes, Long actorId, String actorName) {
        insert(action, entityType, entityId, summary, null, changes, actorId, actorName);
    }

    private void insert(AuditAction action, String entityType, Object entityId, String summary, Phrase summaryCode,
            List<FieldChange> changes, Long actorId, String actorName) {
        jdbc.sql("""
                insert into audit_events (actor_id, actor_name, action, entity_type, entity_id, summary, summary_code,
                                          changes, address)
                values (:actorId, :actorName, :action, :entityType, :entityId, :summary, cast(:summaryCode as jsonb),
                        cast(:changes as jsonb), :address)
                """)
                .param("summaryCode", phrases.json(summaryCode))
                .param("actorId", actorId)
                .param("actorName", truncate(actorName, 254))
                .param("action", action.name())
                .param("entityType", entityType)
                .param("entityId", entityId == null ? null : truncate(entityId.toString(), 60))
                .param("summary", truncate(summary, 500))
                .param("changes", changes == null || changes.isEmpty() ? null : json.writeValueAsString(changes))
                .param("address", currentAddress())
                .update();
    }

    /**
     * Runs an export of a list of {@code entityType} and records what left Klient: the format, the rows written (as
     * far as it got when the download broke off, which {@code export} counts in its {@code long[1]}) and the filter.
     */
    public void exported(String entityType, ExportFormat format, String filter, Consumer<long[]> export) {
        long[] rows = { 0 };
        boolean complete = false;
        try {
            export.accept(rows);
            complete = true;
        }
        finally {
            record(AuditAction.EXPORT, entityType, null, format.name() + " " + rows[0] + " rows"
                    + (complete ? "" : " (broken off)") + (filter.isEmpty() ? "" : " · " + filter),
                    List.of(new FieldChange("rows", null, String.valueOf(rows[0])),
                            new FieldChange("format", null, format.name()),
                            new FieldChange("filter", null, filter.isEmpty() ? null : filter)),
                    Optional.empty());
        }
    }

    /** One event for each of many records (a bulk change), written in one statement. */
    public void recordForEach(AuditAction action, String entityType, List<Long> entityIds, String summary,
            List<FieldChange> changes) {
        if (entityIds.isEmpty()) {
            return;
        }
        Optional<Actor> actor = Actor.current();
        jdbc.sql("""
                insert into audit_events (actor_id, actor_name, action, entity_type, entity_id, summary, changes, address)
                select :actorId, :actorName, :action, :entityType, id::text, :summary, cast(:changes as jsonb), :address
                from unnest(cast(:ids as bigint[])) as id
                """)
                .param("actorId", actor.map(Actor::id).orElse(null))
                .param("actorName", actor.map(Actor::email).orElse(null))
                .param("action", action.name())
                .param("entityType", entityType)
                .param("summary", truncate(summary, 500))
                .param("changes", changes == null || changes.isEmpty() ? null : json.writeValueAsString(changes))
                .param("address", currentAddress())
                .param("ids", entityIds.toArray(Long[]::new))
                .update();
    }

    @Transactional(readOnly = true)
    public Page<AuditEntry> search(AuditQuery query, Pageable pageable) {
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        long total = jdbc.sql("select count(*) from audit_events" + where).params(params).query(Long.class).single();
        params.put("limit", pageable.getPageSize());
        params.put("offset", pageable.getOffset());
        List<AuditEntry> entries = jdbc.sql("""
                select id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, summary, summary_code,
                       changes, address
                from audit_events""" + where + " order by occurred_at desc, id desc limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> entry(rs))
                .list();
        return new PageImpl<>(entries, pageable, total);
    }

    /**
     * The filtered log as a file (CSV or XLSX), newest first, with each entry's place in the hash chain and its hash;
     * the export is itself audited.
     */
    public void export(AuditQuery query, ExportFormat format, OutputStream out) {
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        List<Column> columns = List.of(Column.integer("audit.export.id", "id"),
                Column.moment("audit.when", "occurred_at"), Column.text("audit.who", "actor_name"),
                Column.integer("audit.export.actorId", "actor_id"),
                Column.coded("audit.action", "action", "audit.action."), Column.text("audit.record", "entity_type"),
                Column.text("audit.export.recordId", "entity_id"),
                new Column("audit.export.summary", rs -> summary(rs.getString("summary"), rs.getString("summary_code"))),
                Column.text("audit.changes", "changes"), Column.text("audit.export.address", "address"),
                Column.integer("audit.export.position", "chain_seq"),
                new Column("audit.export.hash", rs -> rs.getBytes("hash") == null ? null
                        : java.util.HexFormat.of().formatHex(rs.getBytes("hash"))));
        exported("auditLog", format, Filters.describe(query), rows -> listExport.write(format, out, "audit.title",
                columns, "select * from audit_events" + where + " order by occurred_at desc, id desc", params, rows));
    }

    /** The filters as SQL over {@code audit_events}, their values put into {@code params}. */
    private static String where(AuditQuery query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        if (query.actor() != null && !query.actor().isBlank()) {
            where.append(" and lower(actor_name) like :actor");
            params.put("actor", "%" + likeEscape(query.actor().trim().toLowerCase()) + "%");
        }
        if (query.action() != null) {
            where.append(" and action = :action");
            params.put("action", query.action().name());
        }
        if (query.entityType() != null && !query.entityType().isBlank()) {
            where.append(" and entity_type = :entityType");
            params.put("entityType", query.entityType().trim());
        }
        if (query.entityId() != null && !query.entityId().isBlank()) {
            where.append(" and entity_id = :entityId");
            params.put("entityId", query.entityId().trim());
        }
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        if (query.from() != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", Timestamp.from(query.from().atStartOfDay(zone).toInstant()));
        }
        if (query.to() != null) {
            where.append(" and occurred_at < :to");
            params.put("to", Timestamp.from(query.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        return where.toString();
    }

    /**
     * A record's history, newest first, strictly before {@code (before, beforeId)} in (time, id) order: the keyset
     * page of a timeline that merges this log with other sources.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> history(String entityType, Object entityId, java.time.Instant before, long beforeId,
            int limit) {
        return jdbc.sql("""
                select id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, summary, summary_code,
                       changes, address
                from audit_events
                where entity_type = :type and entity_id = :id and (occurred_at, id) < (:before, :beforeId)
                order by occurred_at desc, id desc limit :limit""")
                .param("type", entityType).param("id", String.valueOf(entityId))
                .param("before", Timestamp.from(before)).param("beforeId", beforeId).param("limit", limit)
                .query((rs, n) -> entry(rs)).list();
    }

    private AuditEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                (Long) rs.getObject("actor_id"), rs.getString("actor_name"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("entity_type"), rs.getString("entity_id"),
                summary(rs.getString("summary"), rs.getString("summary_code")), changes(rs.getString("changes")),
                rs.getString("address"));
    }

    /** What Klient worded is worded now, for this reader; a summary stored as text stays as written. */
    private String summary(String text, String code) {
        Phrase phrase = phrases.parse(code);
        return phrase == null ? text : phrases.render(phrase);
    }

    private List<FieldChange> changes(String value) {
        return value == null ? List.of() : json.readValue(value, CHANGES);
    }

    private static String currentAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return truncate(request.getRemoteAddr(), 64);
        }
        return null;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
