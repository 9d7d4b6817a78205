package app.klient.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;

import app.klient.identity.Role;
import app.klient.platform.db.EmbeddedDatabaseServer;
import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.KlientTest;
import app.klient.support.WebTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class BackupRoundTripTests extends WebTest {

    @Autowired
    private javax.sql.DataSource dataSource;

    @TempDir
    Path folder;

    /** Like the browser tests: skipped, and said so, where PostgreSQL's client tools are missing; never in CI. */
    @org.junit.jupiter.api.BeforeAll
    static void postgresClientTools() {
        try {
            PostgresTools.find(System.getenv("KLIENT_BACKUP_POSTGRES_BIN"));
        }
        catch (BackupException missing) {
            String why = "BACKUP TESTS SKIPPED: " + missing.getMessage()
                    + " (install them with: sudo apt-get install postgresql-client)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; CI=true forbids skipping them");
            }
            System.err.println("\n*** " + why + " ***\n");
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    @Test
    void a_backup_restored_into_an_empty_data_directory_gives_back_every_table_sequence_and_file() throws Exception {
        String marker = "Zálohovaný " + UUID.randomUUID().toString().substring(0, 8);
        Http agent = apiAs(Role.SUPPORT);
        apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"lastName\": \"" + marker + "\"}");
        JsonNode ticket = agent.postJson("/api/v1/tickets", "{\"subject\": \"" + marker + "\", \"priority\": \"LOW\"}")
                .json();
        byte[] pdf = ("%PDF-1.7 " + marker).getBytes(StandardCharsets.UTF_8);
        Http.Response withFile = agent.postMultipart("/api/v1/tickets/" + ticket.get("id").asLong() + "/replies",
                Map.of("body", "Scan attached", "internal", "true", "version", "0"), "files",
                new Http.Part("scan.pdf", "application/pdf", pdf));
        assertThat(withFile.status()).as(withFile.body()).isEqualTo(200);

        // a kind whose reading is restricted carries a row policy: the backup still holds every row of it
        AccessRules.set(apiAs(Role.ADMIN), Role.SALES, "contact", "OWN", "OWN");
        try {
            roundTrip(marker, ticket, pdf);
        }
        finally {
            AccessRules.set(apiAs(Role.ADMIN), Role.SALES, "contact", "ALL", "OWN");
        }
    }


    private void roundTrip(String marker, JsonNode ticket, byte[] pdf) throws Exception {
        Path archive = folder.resolve("klient-backup.zip");
        assertThat(command("backup", archive.toString(), "--spring.datasource.url=" + source().jdbcUrl(),
                "--spring.datasource.username=" + source().user(),
                "--spring.datasource.password=" + source().password())).isZero();
        Manifest source = measure(source());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertThat(zip.getEntry(Backups.MANIFEST)).isNotNull();
            assertThat(zip.getEntry(Backups.DUMP).getSize()).isPositive();
        }

        Path dataDir = folder.resolve("new-machine");
        assertThat(command("restore", archive.toString(), "--klient.data-dir=" + dataDir,
                "--klient.embedded-postgres.binaries=" + Path.of(KlientTest.POSTGRES_BINARIES).toAbsolutePath()))
                .isZero();

        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir, false, false,
                Path.of(KlientTest.POSTGRES_BINARIES))) {
            Database restored = BackupCommand.embedded(dataDir, server.postgres().getPort());
            Manifest copy = measure(restored);
            assertThat(copy.tables()).hasSizeGreaterThan(100).containsKeys("public.contacts",
                    "public.ticket_attachments", "public.flyway_schema_history");
            assertThat(source.differences(copy)).isEmpty();
            assertThat(copy.tables()).isEqualTo(source.tables());
            assertThat(copy.sequences()).isEqualTo(source.sequences());
            try (Connection connection = restored.connect(); Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("select data from ticket_attachments where filename ="
                        + " 'scan.pdf' and ticket_id = " + ticket.get("id").asLong())) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).isEqualTo(pdf);
                }
                try (ResultSet rs = statement.executeQuery("select count(*) from contacts where last_name = '"
                        + marker + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
                try (ResultSet rs = statement.executeQuery("select relrowsecurity from pg_class"
                        + " where oid = 'contacts'::regclass")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("the restored contacts keep their row policy").isTrue();
                }
            }
        }
    }

    @Test
    void a_restore_into_a_database_with_data_is_refused_and_changes_nothing() throws Exception {
        Path archive = folder.resolve("backup.zip");
        Backups backups = new Backups(null);
        backups.backup(source(), archive);
        long contacts = count("contacts");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertThat(command("restore", archive.toString(), "--spring.datasource.url=" + source().jdbcUrl(),
                    "--spring.datasource.username=" + source().user(),
                    "--spring.datasource.password=" + source().password())).isEqualTo(1);
        }
        finally {
            System.setErr(before);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("is not empty");
        assertThat(count("contacts")).isEqualTo(contacts);
    }

    @Test
    void a_backup_never_overwrites_a_file_and_a_file_that_is_no_backup_is_named_as_such() throws Exception {
        Path existing = Files.writeString(folder.resolve("notes.zip"), "not a backup");
        Backups backups = new Backups(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backups.backup(source(), existing))
                .isInstanceOf(BackupException.class).hasMessageContaining("exists already");
        assertThat(Files.readString(existing)).isEqualTo("not a backup");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backups.restore(source(), existing))
                .isInstanceOf(BackupException.class).hasMessageContaining("could not be read");
        assertThat(command("backup")).isEqualTo(2);
    }

    @Test
    void a_failed_restore_removes_what_it_made_in_the_data_directory_and_only_that() throws Exception {
        Path cut = Files.write(folder.resolve("cut.zip"), "PK\u0003\u0004 cut off".getBytes(StandardCharsets.ISO_8859_1));
        String binaries = "--klient.embedded-postgres.binaries=" + Path.of(KlientTest.POSTGRES_BINARIES).toAbsolutePath();

        Path fresh = folder.resolve("fresh");
        assertThat(command("restore", cut.toString(), "--klient.data-dir=" + fresh, binaries)).isEqualTo(1);
        assertThat(fresh).as("a data directory the restore made").doesNotExist();

        Path used = Files.createDirectories(folder.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        assertThat(command("restore", cut.toString(), "--klient.data-dir=" + used,
                "--klient.embedded-postgres.binaries=" + used.resolve("binaries"))).isEqualTo(1);
        try (var left = Files.list(used)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no cluster, password file or binaries")
                    .containsExactly("notes.txt");
        }
        assertThat(Files.readString(used.resolve("notes.txt"))).isEqualTo("mine");
    }

    private Database source() {
        HikariDataSource pool = (HikariDataSource) dataSource;
        return Database.of(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    private static Manifest measure(Database database) throws Exception {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try {
                return Manifest.measure(connection);
            }
            finally {
                connection.rollback();
            }
        }
    }

    private static int command(String... arguments) {
        return new BackupCommand(List.of(arguments), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).run();
    }
}
