package app.klient.mail;

import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.documents.MergeFields;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.StaleVersion;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** E-mail templates in English, Polish and Czech with the documents' merge fields; unknown fields are refused. */
@Service
public class EmailTemplates {

    public record Template(Long id, @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "en|pl|cs") String language, @NotBlank @Size(max = 300) String subject,
            @NotBlank @Size(max = 50_000) String body, Integer version) {
    }

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;

    EmailTemplates(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Template> list() {
        return jdbc.sql("select id, name, language, subject, body, version from email_templates where active "
                + "order by lower(name), language").query((rs, n) -> new Template(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)))
                .list();
    }

    @Transactional(readOnly = true)
    public Template get(long id) {
        return list().stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> KlientException.notFound("emailTemplate.notFound"));
    }

    @Transactional
    public Template save(Template form) {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.forbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<String> subject = MergeFields.unknown(form.subject());
        List<String> body = MergeFields.unknown(form.body());
        if (!subject.isEmpty()) {
            errors.add("subject", "template.unknownField", String.join(", ", subject));
        }
        if (!body.isEmpty()) {
            errors.add("body", "template.unknownField", String.join(", ", body));
        }
        errors.throwIfAny();
        if (form.id() == null) {
            long id = jdbc.sql("insert into email_templates (name, language, subject, body) values (:name, :language, "
                    + ":subject, :body) returning id").param("name", form.name().strip())
                    .param("language", form.language()).param("subject", form.subject().strip())
                    .param("body", form.body()).query(Long.class).single();
            Template created = get(id);
            audit.record(AuditAction.CREATE, "emailTemplate", id, created.name(),
                    FieldChange.of(fields(created)));
            return created;
        }
        Template before = get(form.id());
        versions.change("email_templates", form.id(), form.version())
                .set("name = :name, language = :language, subject = :subject, body = :body")
                .param("name", form.name().strip()).param("language", form.language())
                .param("subject", form.subject().strip()).param("body", form.body())
                .onlyIf("active", StaleVersion::new).apply();
        Template after = get(form.id());
        audit.record(AuditAction.UPDATE, "emailTemplate", after.id(), after.name(),
                FieldChange.between(fields(before), fields(after)));
        return after;
    }

    private static java.util.Map<String, Object> fields(Template t) {
        return FieldChange.fields(t, "name", "language", "subject", "body");
    }
}
