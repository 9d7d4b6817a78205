package app.klient.documents;

import java.time.Instant;
import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The administrator's document templates. A template with an unknown merge field is refused, naming it. */
@Service
public class Templates {

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;

    Templates(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<TemplateView> list(boolean includeRetired) {
        return jdbc.sql("select * from document_templates" + (includeRetired ? "" : " where active")
                + " order by active desc, kind, lower(name), language").query((rs, n) -> new TemplateView(
                        rs.getLong("id"), rs.getString("name"), TemplateKind.valueOf(rs.getString("kind")),
                        rs.getString("language"), rs.getString("body"), rs.getBoolean("active"),
                        rs.getTimestamp("updated_at").toInstant(), rs.getInt("version")))
                .list();
    }

    @Transactional(readOnly = true)
    public TemplateView get(long id) {
        return jdbc.sql("select * from document_templates where id = :id").param("id", id)
                .query((rs, n) -> new TemplateView(rs.getLong("id"), rs.getString("name"),
                        TemplateKind.valueOf(rs.getString("kind")), rs.getString("language"), rs.getString("body"),
                        rs.getBoolean("active"), rs.getTimestamp("updated_at").toInstant(), rs.getInt("version")))
                .optional().orElseThrow(() -> KlientException.notFound("template.notFound"));
    }

    @Transactional
    public TemplateView create(TemplateForm form) {
        check(form);
        long id = jdbc.sql("""
                insert into document_templates (name, kind, language, body) values (:name, :kind, :language, :body)
                returning id""").param("name", form.name().strip()).param("kind", form.kind().name())
                .param("language", form.language()).param("body", form.body()).query(Long.class).single();
        TemplateView created = get(id);
        audit.record(AuditAction.CREATE, "documentTemplate", id, created.name(), FieldChange.of(fields(created)));
        return created;
    }

    @Transactional
    public TemplateView update(long id, TemplateForm form) {
        TemplateView before = get(id);
        check(form);
        versions.change("document_templates", id, form.version())
                .set("name = :name, kind = :kind, language = :language, body = :body, updated_at = :now")
                .param("name", form.name().strip()).param("kind", form.kind().name())
                .param("language", form.language()).param("body", form.body())
                .param("now", java.sql.Timestamp.from(Instant.now())).notFound("template.notFound").apply();
        return audited(before, get(id));
    }

    @Transactional
    public TemplateView setActive(long id, boolean active) {
        TemplateView before = get(id);
        jdbc.sql("update document_templates set active = :active, version = version + 1 where id = :id")
                .param("active", active).param("id", id).update();
        return audited(before, get(id));
    }

    private TemplateView audited(TemplateView before, TemplateView after) {
        List<FieldChange> changes = FieldChange.between(fields(before), fields(after));
        if (!changes.isEmpty()) {
            audit.record(AuditAction.UPDATE, "documentTemplate", after.id(), after.name(), changes);
        }
        return after;
    }

    private static java.util.Map<String, Object> fields(TemplateView t) {
        return FieldChange.fields(t, "name", "kind", "language", "body", "active");
    }

    private static void check(TemplateForm form) {
        List<String> unknown = MergeFields.unknown(form.body());
        if (!unknown.isEmpty()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("body", "template.unknownField",
                    String.join(", ", unknown))));
        }
    }
}
