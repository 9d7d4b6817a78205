package app.klient.privacy.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.platform.Actor;
import app.klient.platform.KlientException;
import app.klient.privacy.ErasureReason;
import app.klient.privacy.PrivacyRequestForm;
import app.klient.privacy.PrivacyRequestView;
import app.klient.privacy.RequestKind;
import app.klient.privacy.RequestedBy;
import app.klient.privacy.SubjectKind;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The register of privacy requests: lines are written once, when the request is carried out, and never changed. */
@Component
public class PrivacyRegister {

    private static final String SELECT = """
            select r.id, r.kind, r.subject_kind, r.subject_id, r.subject_hash, r.requested_by, r.received_on, r.reason,
                   r.note, r.rule_id, r.result, r.done_at, r.done_by, u.name as done_by_name
              from privacy_requests r left join users u on u.id = r.done_by""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PrivacyRegister(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long record(RequestKind kind, PrivacyRequestForm form, SubjectKind subjectKind, Long subjectId,
            String subjectHash, RequestedBy requestedBy, LocalDate receivedOn, ErasureReason reason,
            Map<String, Object> result, Long ruleId) {
        String note = form == null || form.note() == null || form.note().isBlank() ? null : form.note().strip();
        return jdbc.sql("""
                insert into privacy_requests (kind, subject_kind, subject_id, subject_hash, requested_by, received_on,
                                              reason, note, rule_id, result, done_by)
                values (:kind, :subjectKind, :subjectId, :hash, :requestedBy, :receivedOn, :reason, :note, :ruleId,
                        cast(:result as jsonb), :doneBy)
                returning id""")
                .param("kind", kind.name()).param("subjectKind", subjectKind == null ? null : subjectKind.name())
                .param("subjectId", subjectId).param("hash", subjectHash).param("requestedBy", requestedBy.name())
                .param("receivedOn", Date.valueOf(receivedOn)).param("reason", reason == null ? null : reason.name())
                .param("note", note).param("ruleId", ruleId).param("result", json.writeValueAsString(result))
                .param("doneBy", Actor.current().map(Actor::id).orElse(null))
                .query(Long.class).single();
    }

    public PrivacyRequestView get(long id) {
        return jdbc.sql(SELECT + " where r.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("privacy.request.notFound"));
    }

    public Page<PrivacyRequestView> list(RequestKind kind, Pageable page) {
        String where = kind == null ? "" : " where r.kind = :kind";
        List<PrivacyRequestView> rows = jdbc.sql(SELECT + where + " order by r.done_at desc, r.id desc "
                        + "limit :limit offset :offset")
                .param("kind", kind == null ? null : kind.name())
                .param("limit", page.getPageSize()).param("offset", page.getOffset()).query(this::view).list();
        long total = jdbc.sql("select count(*) from privacy_requests r" + where)
                .param("kind", kind == null ? null : kind.name()).query(Long.class).single();
        return new PageImpl<>(rows, page, total);
    }

    private PrivacyRequestView view(ResultSet rs, int row) throws SQLException {
        String subjectKind = rs.getString("subject_kind");
        String reason = rs.getString("reason");
        return new PrivacyRequestView(rs.getLong("id"), RequestKind.valueOf(rs.getString("kind")),
                subjectKind == null ? null : SubjectKind.valueOf(subjectKind), (Long) rs.getObject("subject_id"),
                rs.getString("subject_hash"), RequestedBy.valueOf(rs.getString("requested_by")),
                rs.getDate("received_on").toLocalDate(), reason == null ? null : ErasureReason.valueOf(reason),
                rs.getString("note"), (Long) rs.getObject("rule_id"),
                json.readValue(rs.getString("result"), new TypeReference<Map<String, Object>>() { }),
                rs.getTimestamp("done_at").toInstant(), (Long) rs.getObject("done_by"), rs.getString("done_by_name"));
    }
}
