package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import app.klient.KlientApplication;
import app.klient.identity.NewUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Klient started the way an administrator starts it: no database configured, its own PostgreSQL under a data
 * directory. Each test starts real application instances on a directory of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseTests {

    static Path root;

    @BeforeAll
    static void directory() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target"), "embedded-db-");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void first_start_migrates_an_empty_database_creates_the_administrator_and_fills_the_demo(CapturedOutput output)
            throws IOException {
        Path dataDir = root.resolve("first-start");
        try (ConfigurableApplicationContext klient = start(dataDir, "--klient.admin.email=owner@firma.cz")) {
            JdbcClient jdbc = klient.getBean(JdbcClient.class);
            List<String> failed = jdbc.sql("select version from flyway_schema_history where not success")
                    .query(String.class).list();
            assertThat(failed).isEmpty();
            assertThat(jdbc.sql("select count(*) from flyway_schema_history where success").query(Long.class)
                    .single()).isGreaterThanOrEqualTo(4);
            assertThat(jdbc.sql("select count(*) from pg_extension where extname in ('pg_trgm', 'unaccent')")
                    .query(Long.class).single()).isEqualTo(2);

            // the embedded setup made its secret key beside the data, its owner's alone, and seals with it
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dataDir.resolve("secret.key")))).isEqualTo("rw-------");
            assertThat(jdbc.sql("select secret from webhook_subscriptions").query(String.class).list())
                    .as("the demo webhook's secret").isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("v1:"));

            Users users = klient.getBean(Users.class);
            assertThat(users.findByEmail("owner@firma.cz")).get().extracting(u -> u.role()).isEqualTo(Role.ADMIN);
            assertThat(users.count()).as("administrator and demo people").isGreaterThan(5);
            assertThat(jdbc.sql("select count(*) from deals where currency = 'CZK'").query(Long.class).single())
                    .as("demo deals with Czech customers").isPositive();
            assertThat(jdbc.sql("select count(*) from exchange_rates where currency = 'CZK'").query(Long.class)
                    .single()).as("demo rates for them, so that the board converts and invoices find the day's table")
                    .isGreaterThan(20);
            assertThat(jdbc.sql("select count(distinct status) from tickets where team_id is not null")
                    .query(Long.class).single()).as("a demo service desk with tickets in several states")
                    .isGreaterThanOrEqualTo(3);
            demoHistory(jdbc);
            assertThat(output.getOut()).contains("Klient created its administrator").contains("owner@firma.cz")
                    .containsPattern("password: [A-Za-z0-9]{16}");
            assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
        }
    }

    /**
     * The demo company's three years: sales, deals, tickets and calls in every month, more in autumn than in summer,
     * more this year than the year before, each purchase paid as its invoice says and convertible at a rate of its day.
     */
    private static void demoHistory(JdbcClient jdbc) {
        // the deals of the open funnel (the last seven months) came evenly: the season shows less in them
        for (String table : new String[] { "invoices:issue_date:1.4", "orders:ordered_at:1.4", "deals:created_at:1.2",
            "tickets:created_at:1.4", "activities:occurred_at:1.4" }) {
            String[] t = table.split(":");
            assertThat(jdbc.sql("select count(distinct date_trunc('month', " + t[1] + ")) from " + t[0] + " where "
                    + t[1] + " >= date_trunc('month', current_date) - interval '36 months'").query(Long.class)
                    .single()).as(t[0] + " in most months of three years").isGreaterThanOrEqualTo(30);
            assertThat(jdbc.sql("select count(*) filter (where extract(month from " + t[1] + ") in (9, 10, 11))"
                    + " > " + t[2] + " * count(*) filter (where extract(month from " + t[1] + ") in (6, 7, 8)) from "
                    + t[0]).query(Boolean.class).single()).as(t[0] + ": autumn busier than summer").isTrue();
        }
        assertThat(jdbc.sql("""
                select count(*) filter (where issue_date >= current_date - 365)
                       > 1.2 * count(*) filter (where issue_date between current_date - 730 and current_date - 366)
                from invoices""").query(Boolean.class).single()).as("a growing company").isTrue();
        assertThat(jdbc.sql("""
                select count(*) from invoices i where i.paid_total <> coalesce((select sum(amount) from payments p
                    where p.invoice_id = i.id), 0)""").query(Long.class).single()).as("paid as the payments say")
                .isZero();
        assertThat(jdbc.sql("""
                select count(*) from invoices i where i.currency <> 'PLN' and not exists (select 1 from exchange_rates x
                    where x.currency = i.currency and x.valid_from <= i.issue_date)""").query(Long.class).single())
                .as("every foreign-currency invoice converts at a rate of its day").isZero();
        assertThat(jdbc.sql("""
                select count(*) from deals d where d.status <> 'OPEN' and not exists (select 1 from deal_stage_history h
                    where h.deal_id = d.id and h.status = d.status)""").query(Long.class).single())
                .as("every closed deal closed in its stage history").isZero();
        assertThat(jdbc.sql("select count(*) from leads where deal_id is not null and created_at > now() - interval"
                + " '1 year'").query(Long.class).single()).as("this year's funnel has leads that became deals")
                .isPositive();
        assertThat(jdbc.sql("select count(distinct date_trunc('month', created_at)) from companies")
                .query(Long.class).single()).as("customers who came over the years").isGreaterThanOrEqualTo(30);
    }

    @Test
    void a_restart_keeps_the_data_and_does_not_create_a_second_administrator(CapturedOutput output) {
        Path dataDir = root.resolve("restart");
        try (ConfigurableApplicationContext klient = start(dataDir, "--klient.admin.password=first-password-1")) {
            klient.getBean(Users.class).create(new NewUser("kept@firma.pl", "Kept Across Restarts", Role.SALES,
                    "a-long-password", "pl", "Europe/Warsaw", Set.of()));
        }
        int printed = count(output.getOut(), "Klient created its administrator");
        try (ConfigurableApplicationContext klient = start(dataDir, "--klient.admin.password=first-password-1")) {
            Users users = klient.getBean(Users.class);
            assertThat(users.findByEmail("kept@firma.pl")).get().extracting(u -> u.name())
                    .isEqualTo("Kept Across Restarts");
            assertThat(users.search(null, null, Role.ADMIN, org.springframework.data.domain.PageRequest.of(0, 10))
                    .getTotalElements()).isEqualTo(1);
        }
        assertThat(count(output.getOut(), "Klient created its administrator")).isEqualTo(printed);
    }

    @Test
    void a_second_klient_on_the_same_data_directory_is_refused_with_a_clear_message(CapturedOutput output) {
        Path dataDir = root.resolve("locked");
        try (ConfigurableApplicationContext first = start(dataDir)) {
            assertThatThrownBy(() -> start(dataDir)).hasRootCauseInstanceOf(DataDirectoryInUseException.class);
            assertThat(output.getOut() + output.getErr())
                    .contains("already used by another Klient process")
                    .contains("KLIENT_DATA_DIR");
            assertThat(first.getBean(Users.class).count()).as("the first one keeps working").isGreaterThan(0);
        }
        try (ConfigurableApplicationContext again = start(dataDir)) {
            assertThat(again.getBean(Users.class).count()).isGreaterThan(0);
        }
    }

    static ConfigurableApplicationContext start(Path dataDir, String... args) {
        String[] all = Stream.concat(Stream.of("--server.port=0", "--klient.data-dir=" + dataDir,
                "--klient.demo-data=", "--spring.main.banner-mode=off",
                "--klient.embedded-postgres.binaries=" + KlientTest.POSTGRES_BINARIES), Stream.of(args)).toArray(String[]::new);
        return new SpringApplicationBuilder(KlientApplication.class).run(all);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
