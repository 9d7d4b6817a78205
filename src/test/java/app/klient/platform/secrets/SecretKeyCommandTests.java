package app.klient.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import app.klient.KlientApplication;
import app.klient.platform.Secrets;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code rotate-secret-key} on the embedded setup: the data directory's key is replaced and the old one kept aside. */
class SecretKeyCommandTests {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(KlientApplication.class).run(arguments(dataDir, "--server.port=0"));
    }

    private static String[] arguments(Path dataDir, String... more) {
        String[] base = { "--klient.data-dir=" + dataDir, "--klient.demo-data=false", "--klient.jobs.enabled=false",
            "--spring.main.banner-mode=off", "--klient.embedded-postgres.binaries=" + KlientTest.POSTGRES_BINARIES,
            "--klient.admin.email=admin@rotation.test", "--klient.admin.password=rotation-password-1" };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void the_command_seals_every_secret_under_a_new_key_which_replaces_the_data_directorys() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(Path.of("target"), "rotation-");
        Path keyFile = dataDir.resolve("secret.key");
        String before;
        try (ConfigurableApplicationContext klient = start(dataDir)) {
            Secrets secrets = klient.getBean(Secrets.class);
            klient.getBean(JdbcClient.class).sql("""
                    insert into mailboxes (name, host, port, username, password, security, active)
                    values ('Rotated', 'localhost', 1, 'rotated', :p, 'NONE', false)""")
                    .param("p", secrets.seal("mailbox-password-9")).update();
            before = secrets.keyId();
        }
        byte[] oldKey = SecretKeySource.read(keyFile);

        String[] command = new String[arguments(dataDir).length + 1];
        command[0] = "rotate-secret-key";
        System.arraycopy(arguments(dataDir), 0, command, 1, command.length - 1);
        assertThat(SecretKeyCommand.run(command, KlientApplication.class)).isZero();

        assertThat(SecretKeySource.read(dataDir.resolve("secret.key.old"))).isEqualTo(oldKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.exists(dataDir.resolve("secret.key.new"))).isFalse();
        try (ConfigurableApplicationContext klient = start(dataDir)) {
            Secrets secrets = klient.getBean(Secrets.class);
            assertThat(secrets.keyId()).isNotEqualTo(before);
            String stored = klient.getBean(JdbcClient.class).sql("select password from mailboxes where name = 'Rotated'")
                    .query(String.class).single();
            assertThat(secrets.open(stored)).isEqualTo("mailbox-password-9");
            assertThatThrownBy(() -> Secrets.withKey(oldKey).open(stored)).isInstanceOf(Secrets.SecretRefused.class);
        }
        assertThat(SecretKeyCommand.run(new String[] { "rotate-secret-key", "stray" }, KlientApplication.class))
                .as("misused").isEqualTo(2);

        // the audit log's own command, in the same style, on the same data: its chain is intact
        String[] verify = new String[arguments(dataDir).length + 1];
        verify[0] = "verify-audit";
        System.arraycopy(arguments(dataDir), 0, verify, 1, verify.length - 1);
        assertThat(app.klient.audit.VerifyAuditCommand.run(verify, KlientApplication.class)).isZero();
    }
}
