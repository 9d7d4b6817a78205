package app.klient.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import app.klient.identity.Role;
import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;

/** Stored credentials are sealed with AES-256-GCM under a key outside the database, and still work. */
class SecretsAtRestTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(java.util.Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(ServerSetup::dynamicPort).toArray(ServerSetup[]::new))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("klient-smtp", "smtp-password-31"));

    @Autowired
    Secrets secrets;

    @Autowired
    SecretRotation rotation;

    @Autowired
    app.klient.platform.SigningKeys signingKeys;

    @Autowired
    DataSource dataSource;

    @Autowired
    List<StoredSecret> columns;

    @Test
    void the_smtp_password_is_sealed_in_the_database_and_mail_still_goes_out_with_it() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        JsonNode before = admin.get("/api/v1/mail/settings").json();
        Http.Response saved = admin.putJson("/api/v1/mail/settings", """
                {"smtpHost": "localhost", "smtpPort": %d, "smtpUsername": "klient-smtp",
                 "smtpPassword": "smtp-password-31", "smtpSecurity": "NONE", "fromAddress": "sales@klient.test",
                 "version": %d}""".formatted(mail.getSmtp().getPort(), before.get("version").asInt()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain("smtp-password-31");
        assertThat(admin.get("/api/v1/mail/settings").body()).doesNotContain("smtp-password-31");
        String raw = jdbc.sql("select smtp_password from mail_settings").query(String.class).single();
        assertThat(raw).startsWith("v1:" + secrets.keyId() + ":").doesNotContain("smtp-password-31");
        assertThat(secrets.open(raw)).isEqualTo("smtp-password-31");

        try {
            Http api = apiAs(Role.SALES);
            String address = "sealed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            long contact = api.postJson("/api/v1/contacts", """
                    {"firstName": "Ada", "lastName": "Sealed", "emails": ["%s"]}""".formatted(address)).json()
                    .get("id").asLong();
            Http.Response sent = api.postJson("/api/v1/emails", """
                    {"contactId": %d, "subject": "Sealed", "body": "Sent with a sealed password"}"""
                    .formatted(contact));
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            MimeMessage[] received = mail.getReceivedMessagesForDomain("example.test");
            assertThat(received).extracting(MimeMessage::getSubject).contains("Sealed");
        }
        finally {
            jdbc.sql("update mail_settings set smtp_username = null, smtp_password = null where id = 1").update();
        }
    }

    @Test
    void mailbox_passwords_webhook_secrets_and_signing_keys_are_sealed() {
        Http admin = apiAs(Role.ADMIN);
        Http.Response box = admin.postJson("/api/v1/mailboxes", """
                {"name": "Sealed box", "host": "localhost", "port": 1, "username": "sealed-box",
                 "password": "mailbox-password-7", "security": "NONE"}""");
        assertThat(box.status()).as(box.body()).isEqualTo(201);
        assertThat(box.body()).doesNotContain("mailbox-password-7");
        String password = jdbc.sql("select password from mailboxes where id = :id")
                .param("id", box.json().get("id").asLong()).query(String.class).single();
        assertThat(password).startsWith("v1:").doesNotContain("mailbox-password-7");
        assertThat(secrets.open(password)).isEqualTo("mailbox-password-7");

        Http.Response hook = admin.postJson("/api/v1/automation/webhooks", """
                {"url": "https://203.0.113.10/sealed", "eventTypes": ["deal.won"], "enabled": false}""");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        String shown = hook.json().get("secret").asString();
        String stored = jdbc.sql("select secret from webhook_subscriptions where id = :id")
                .param("id", hook.json().get("id").asLong()).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(shown.substring("whsec_".length()));
        assertThat(secrets.open(stored)).isEqualTo(shown);

        signingKeys.hmac("sealed-test", new byte[] { 1 });
        assertThat(jdbc.sql("select signing_key from signing_keys").query(String.class).list())
                .isNotEmpty().allSatisfy(key -> assertThat(key).startsWith("v1:"));
    }

    @Test
    void a_sealed_value_opens_only_unchanged_and_only_under_its_key() {
        Secrets one = Secrets.withKey(SecretKeySource.newKey());
        String sealed = one.seal("Zażółć gęślą jaźń 🔑");
        assertThat(one.open(sealed)).isEqualTo("Zażółć gęślą jaźń 🔑");
        assertThat(one.seal("same")).as("a fresh nonce each time").isNotEqualTo(one.seal("same"));
        assertThat(one.open(null)).isNull();

        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] data = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        data[data.length / 2] ^= 1;
        String tampered = prefix + Base64.getEncoder().encodeToString(data);
        assertThatThrownBy(() -> one.open(tampered)).isInstanceOf(Secrets.SecretRefused.class)
                .hasMessageContaining("changed after it was sealed");
        assertThatThrownBy(() -> one.open("v1:" + one.keyId() + ":bm90IGJhc2U2NA!!"))
                .isInstanceOf(Secrets.SecretRefused.class);
        assertThatThrownBy(() -> one.open("plain password")).isInstanceOf(Secrets.SecretRefused.class)
                .hasMessageContaining("not sealed");

        Secrets other = Secrets.withKey(SecretKeySource.newKey());
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(Secrets.SecretRefused.class)
                .hasMessageContaining("sealed under the key " + one.keyId())
                .hasMessageContaining("Klient's key is " + other.keyId())
                .hasMessageContaining("KLIENT_SECRET_KEY");
        // a value whose key id was rewritten to the other key's is refused as changed
        String relabelled = "v1:" + other.keyId() + sealed.substring(prefix.length() - 1);
        assertThatThrownBy(() -> other.open(relabelled)).hasMessageContaining("changed after it was sealed");
    }

    @Test
    void plaintext_from_before_is_sealed_at_start_once_and_a_foreign_key_stops_the_start() {
        long plain = jdbc.sql("""
                insert into mailboxes (name, host, port, username, password, security, active)
                values ('Old box', 'localhost', 1, 'old', 'stored-as-given-1', 'NONE', false) returning id""")
                .query(Long.class).single();
        assertThat(SealedColumns.sealPlaintext(dataSource, secrets, columns)).isGreaterThanOrEqualTo(1);
        String sealed = jdbc.sql("select password from mailboxes where id = :id").param("id", plain)
                .query(String.class).single();
        assertThat(sealed).startsWith("v1:" + secrets.keyId());
        assertThat(secrets.open(sealed)).isEqualTo("stored-as-given-1");
        assertThat(SealedColumns.sealPlaintext(dataSource, secrets, columns)).as("idempotent").isZero();
        assertThat(jdbc.sql("select password from mailboxes where id = :id").param("id", plain)
                .query(String.class).single()).isEqualTo(sealed);

        Secrets foreign = Secrets.withKey(SecretKeySource.newKey());
        jdbc.sql("update mailboxes set password = :p where id = :id").param("p", foreign.seal("x"))
                .param("id", plain).update();
        try {
            assertThatThrownBy(() -> SealedColumns.sealPlaintext(dataSource, secrets, columns))
                    .hasMessageContaining("mailboxes.password holds a secret sealed under the key " + foreign.keyId())
                    .hasMessageContaining("Klient's key is " + secrets.keyId());
        }
        finally {
            jdbc.sql("update mailboxes set password = :p where id = :id").param("p", sealed).param("id", plain)
                    .update();
        }
    }

    @Test
    void a_rotation_seals_every_secret_under_the_new_key_and_the_old_key_no_longer_opens_them() {
        long box = jdbc.sql("""
                insert into mailboxes (name, host, port, username, password, security, active)
                values ('Rotated box', 'localhost', 1, 'rotated', :p, 'NONE', false) returning id""")
                .param("p", secrets.seal("rotated-password-1")).query(Long.class).single();
        Secrets next = Secrets.withKey(SecretKeySource.newKey());
        int count = rotation.rotate(secrets, next);
        try {
            assertThat(count).isGreaterThanOrEqualTo(1);
            String stored = jdbc.sql("select password from mailboxes where id = :id").param("id", box)
                    .query(String.class).single();
            assertThat(stored).startsWith("v1:" + next.keyId() + ":");
            assertThat(next.open(stored)).isEqualTo("rotated-password-1");
            assertThatThrownBy(() -> secrets.open(stored)).isInstanceOf(Secrets.SecretRefused.class);
            for (StoredSecret column : columns) {
                assertThat(jdbc.sql("select " + column.column() + " from " + column.table() + " where "
                        + column.column() + " is not null").query(String.class).list())
                        .as(column.table() + "." + column.column())
                        .allSatisfy(value -> assertThat(Secrets.keyIdOf(value)).isEqualTo(next.keyId()));
            }
        }
        finally {
            rotation.rotate(next, secrets);
        }
        assertThat(secrets.open(jdbc.sql("select password from mailboxes where id = :id").param("id", box)
                .query(String.class).single())).isEqualTo("rotated-password-1");
    }

    @Test
    void a_rotation_that_meets_a_value_it_cannot_open_changes_nothing() {
        long box = jdbc.sql("""
                insert into mailboxes (name, host, port, username, password, security, active)
                values ('Broken box', 'localhost', 1, 'broken', :p, 'NONE', false) returning id""")
                .param("p", Secrets.withKey(SecretKeySource.newKey()).seal("x")).query(Long.class).single();
        try {
            String before = jdbc.sql("select smtp_password from mail_settings").query(String.class).optional()
                    .orElse(null);
            assertThatThrownBy(() -> rotation.rotate(secrets, Secrets.withKey(SecretKeySource.newKey())))
                    .isInstanceOf(Secrets.SecretRefused.class);
            assertThat(jdbc.sql("select smtp_password from mail_settings").query(String.class).optional()
                    .orElse(null)).isEqualTo(before);
            assertThat(jdbc.sql("select signing_key from signing_keys").query(String.class).list())
                    .allSatisfy(key -> assertThat(Secrets.keyIdOf(key)).isEqualTo(secrets.keyId()));
        }
        finally {
            jdbc.sql("delete from mailboxes where id = :id").param("id", box).update();
        }
    }

    @Test
    void the_key_comes_from_the_setting_a_file_or_the_embedded_data_directory(@TempDir Path dir) throws Exception {
        byte[] key = SecretKeySource.newKey();
        String base64 = Base64.getEncoder().encodeToString(key);
        assertThat(SecretKeySource.load(new MockEnvironment().withProperty("klient.secret-key", base64)))
                .isEqualTo(key);
        Path file = dir.resolve("given.key");
        Files.writeString(file, base64 + "\n");
        assertThat(SecretKeySource.load(new MockEnvironment().withProperty("klient.secret-key-file", file.toString())
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/klient"))).isEqualTo(key);

        assertThatThrownBy(() -> SecretKeySource.load(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/klient")))
                .isInstanceOf(SecretKeyMissingException.class).hasMessageContaining("KLIENT_SECRET_KEY");
        assertThatThrownBy(() -> SecretKeySource.load(new MockEnvironment().withProperty("klient.secret-key",
                Base64.getEncoder().encodeToString(new byte[16])))).hasMessageContaining("16 bytes, not 32");
        assertThatThrownBy(() -> SecretKeySource.load(new MockEnvironment().withProperty("klient.secret-key",
                "not base64 at all!"))).hasMessageContaining("not base64");

        MockEnvironment embedded = new MockEnvironment().withProperty("klient.data-dir", dir.resolve("data").toString());
        byte[] made = SecretKeySource.load(embedded);
        Path generated = dir.resolve("data").resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
        assertThat(SecretKeySource.load(embedded)).as("made once, then read").isEqualTo(made);
    }
}
