package app.klient.mail;

import java.util.List;
import java.util.Properties;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import app.klient.platform.Secrets;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SMTP server Klient sends through, kept by the administrator; until one is set, {@code spring.mail.*} (or
 * {@code SPRING_MAIL_HOST} and friends) from the environment apply. The password is kept sealed ({@link Secrets}) and
 * never shown back.
 */
@Service
public class MailSettings {

    @io.swagger.v3.oas.annotations.media.Schema(name = "MailSettings")
    public record Settings(@Size(max = 200) String smtpHost, @NotNull @Min(1) @Max(65535) Integer smtpPort,
            @Size(max = 200) String smtpUsername, @Size(max = 200) String smtpPassword,
            @NotNull @Pattern(regexp = "NONE|STARTTLS|SSL") String smtpSecurity,
            @Size(max = 254) @Email String fromAddress, @Size(max = 200) String fromName, Integer version) {
    }

    private final JdbcClient jdbc;
    private final Environment environment;
    private final Versions versions;
    private final AuditLog audit;
    private final Secrets secrets;

    MailSettings(JdbcClient jdbc, Environment environment, Versions versions, AuditLog audit, Secrets secrets) {
        this.secrets = secrets;
        this.versions = versions;
        this.audit = audit;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    /** The settings as the administrator sees them: the password left out. */
    @Transactional(readOnly = true)
    public Settings get() {
        Settings s = stored();
        return new Settings(s.smtpHost(), s.smtpPort(), s.smtpUsername(), null, s.smtpSecurity(), s.fromAddress(),
                s.fromName(), s.version());
    }

    @Transactional
    public Settings update(Settings form) {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.forbidden");
        }
        Settings before = get();
        versions.change("mail_settings", 1, form.version()).set("""
                smtp_host = :host, smtp_port = :port, smtp_username = :user,
                smtp_password = coalesce(:password, smtp_password), smtp_security = :security,
                from_address = :from, from_name = :name""").param("host", blank(form.smtpHost()))
                .param("port", form.smtpPort()).param("user", blank(form.smtpUsername()))
                .param("password", secrets.seal(blank(form.smtpPassword()))).param("security", form.smtpSecurity())
                .param("from", blank(form.fromAddress())).param("name", blank(form.fromName())).apply();
        Settings after = get();
        List<FieldChange> changes = new java.util.ArrayList<>(FieldChange.between(fields(before), fields(after)));
        if (blank(form.smtpPassword()) != null) {
            // that the password changed, never what it is
            changes.add(new FieldChange("smtpPassword", null, null));
        }
        audit.record(AuditAction.UPDATE, "mailSettings", 1, null, changes);
        return after;
    }

    /** The settings as the audit log sees them: never the password. */
    private static java.util.Map<String, Object> fields(Settings s) {
        return FieldChange.fields(s, "smtpHost", "smtpPort", "smtpUsername", "smtpSecurity", "fromAddress", "fromName");
    }

    /** The sender address: the settings', else {@code spring.mail.username}, else a no-reply of the host. */
    public String from() {
        Settings s = stored();
        if (s.fromAddress() != null) {
            return s.fromAddress();
        }
        return environment.getProperty("klient.mail.from", "klient@localhost");
    }

    /** The sender's name in the settings (null: none). */
    public String fromName() {
        return stored().fromName();
    }

    /** A sender for the current settings; null when no SMTP server is known at all. */
    JavaMailSenderImpl sender() {
        Settings s = stored();
        String host = s.smtpHost() != null ? s.smtpHost() : environment.getProperty("spring.mail.host");
        if (host == null || host.isBlank()) {
            return null;
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        boolean fromSettings = s.smtpHost() != null;
        sender.setPort(fromSettings ? s.smtpPort() : environment.getProperty("spring.mail.port", Integer.class, 25));
        sender.setUsername(fromSettings ? s.smtpUsername() : environment.getProperty("spring.mail.username"));
        sender.setPassword(fromSettings ? secrets.open(s.smtpPassword()) : environment.getProperty("spring.mail.password"));
        sender.setDefaultEncoding("UTF-8");
        Properties props = sender.getJavaMailProperties();
        String security = fromSettings ? s.smtpSecurity() : "NONE";
        props.put("mail.smtp.auth", String.valueOf(sender.getUsername() != null));
        props.put("mail.smtp.starttls.enable", String.valueOf("STARTTLS".equals(security)));
        props.put("mail.smtp.ssl.enable", String.valueOf("SSL".equals(security)));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        return sender;
    }

    private Settings stored() {
        return jdbc.sql("""
                select smtp_host, smtp_port, smtp_username, smtp_password, smtp_security, from_address, from_name,
                       version from mail_settings where id = 1""")
                .query((rs, n) -> new Settings(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)))
                .single();
    }

    /** The stored password's column, sealed and sealed again with the rest. */
    @org.springframework.context.annotation.Bean
    static app.klient.platform.StoredSecret smtpPasswordSecret() {
        return new app.klient.platform.StoredSecret("mail_settings", "id", "smtp_password");
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
