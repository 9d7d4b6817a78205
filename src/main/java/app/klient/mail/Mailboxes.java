package app.klient.mail;

import java.time.Instant;
import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The IMAP mailboxes Klient reads, kept by the administrator; passwords are kept sealed and never shown back. */
@Service
public class Mailboxes {

    public record Mailbox(Long id, @NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 200) String host,
            @NotNull @Min(1) @Max(65535) Integer port, @NotBlank @Size(max = 200) String username,
            @Size(max = 200) String password, @NotNull @Pattern(regexp = "NONE|SSL") String security,
            @Size(max = 100) String folder, Boolean active, Instant lastPolledAt, String lastError,
            @Pattern(regexp = "^$|SALES|SUPPORT|BOUNCES") String purpose, @Size(max = 254) @Email String address) {

        /** Where customers write: the address given, else the user name when it is an address. */
        public String replyAddress() {
            return address != null && !address.isBlank() ? address
                    : username != null && username.contains("@") ? username : null;
        }
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final app.klient.platform.Secrets secrets;

    Mailboxes(JdbcClient jdbc, AuditLog audit, app.klient.platform.Secrets secrets) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.secrets = secrets;
    }

    /** The mailboxes' passwords, kept sealed. */
    @org.springframework.context.annotation.Bean
    static app.klient.platform.StoredSecret mailboxPasswordSecret() {
        return new app.klient.platform.StoredSecret("mailboxes", "id", "password");
    }

    @Transactional(readOnly = true)
    public List<Mailbox> list() {
        return jdbc.sql("select * from mailboxes order by lower(name)").query((rs, n) -> new Mailbox(rs.getLong("id"),
                rs.getString("name"), rs.getString("host"), rs.getInt("port"), rs.getString("username"), null,
                rs.getString("security"), rs.getString("folder"), rs.getBoolean("active"),
                rs.getTimestamp("last_polled_at") == null ? null : rs.getTimestamp("last_polled_at").toInstant(),
                rs.getString("last_error"), rs.getString("purpose"), rs.getString("address"))).list();
    }

    /**
     * The address a customer's replies should go to about the conversation that began with this message: the support
     * mailbox that received it, else the first support mailbox; empty when there is none.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> replyAddress(String messageId) {
        List<Long> received = messageId == null ? List.of() : jdbc.sql("""
                select mailbox_id from emails where message_id = :mid and mailbox_id is not null order by id""")
                .param("mid", messageId).query(Long.class).list();
        List<Mailbox> support = list().stream().filter(m -> m.active() && "SUPPORT".equals(m.purpose())
                && m.replyAddress() != null).toList();
        return support.stream().filter(m -> received.contains(m.id())).findFirst()
                .or(() -> support.stream().min(java.util.Comparator.comparing(Mailbox::id)))
                .map(Mailbox::replyAddress);
    }

    /**
     * Where bounces of messages sent to many (campaigns, journeys) should go: the address of the first active mailbox
     * with the use BOUNCES that has one. It is their envelope sender (SMTP MAIL FROM, which the receiving server
     * keeps as the Return-Path and sends delivery reports to); empty when there is no such mailbox.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> bouncesAddress() {
        return jdbc.sql("""
                select address from mailboxes where active and purpose = 'BOUNCES' and address is not null
                  and address <> '' order by id limit 1""").query(String.class).optional();
    }

    @Transactional
    public Mailbox add(Mailbox form) {
        checkAdmin();
        if (form.password() == null || form.password().isBlank()) {
            throw new app.klient.platform.InvalidFields(List.of(new app.klient.platform.InvalidFields.FieldError(
                    "password", "mail.password")));
        }
        long id = jdbc.sql("""
                insert into mailboxes (name, host, port, username, password, security, folder, purpose, address)
                values (:name, :host, :port, :user, :password, :security, :folder, :purpose, :address) returning id""")
                .param("address", form.address() == null || form.address().isBlank() ? null
                        : form.address().strip().toLowerCase(java.util.Locale.ROOT))
                .param("purpose", form.purpose() == null || form.purpose().isBlank() ? "SALES" : form.purpose())
                .param("name", form.name().strip()).param("host", form.host().strip()).param("port", form.port())
                .param("user", form.username().strip()).param("password", secrets.seal(form.password()))
                .param("security", form.security()).param("folder", form.folder() == null || form.folder().isBlank()
                        ? "INBOX" : form.folder().strip())
                .query(Long.class).single();
        Mailbox added = list().stream().filter(m -> m.id() == id).findFirst().orElseThrow();
        // the password stays out of the log
        audit.record(AuditAction.CREATE, "mailbox", id, added.name(), FieldChange.of(FieldChange.fields(added, "name",
                "host", "port", "username", "security", "folder", "purpose", "address")));
        return added;
    }

    @Transactional
    public void remove(long id) {
        checkAdmin();
        if (jdbc.sql("update mailboxes set active = false, version = version + 1 where id = :id and active")
                .param("id", id).update() > 0) {
            audit.record(AuditAction.DELETE, "mailbox", id, null, List.of());
        }
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.forbidden");
        }
    }
}
