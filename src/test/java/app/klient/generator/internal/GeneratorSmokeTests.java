package app.klient.generator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import app.klient.KlientApplication;
import app.klient.customers.internal.Identifiers;
import app.klient.generator.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The benchmark's data generator, small: it must keep working although the full run is never part of CI. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratorSmokeTests {

    @TempDir
    Path root;

    @Test
    void the_generate_command_fills_an_empty_klient_through_its_own_import_and_refuses_a_second_time(
            CapturedOutput output) throws Exception {
        Path dataDir = root.resolve("data");
        String[] args = { "generate", "--contacts", "600", "--klient.data-dir=" + dataDir };
        Generator.run(args, KlientApplication.class);
        assertThat(output.getOut()).contains("contacts imported").doesNotContain("refused by the import");
        try (ConfigurableApplicationContext klient = new SpringApplicationBuilder(KlientApplication.class).run(
                "--server.port=0", "--klient.data-dir=" + dataDir, "--klient.jobs.enabled=false",
                "--spring.main.banner-mode=off")) {
            JdbcClient jdbc = klient.getBean(JdbcClient.class);
            assertThat(count(jdbc, "contacts where source = 'IMPORT'")).isEqualTo(600);
            assertThat(count(jdbc, "companies")).isEqualTo(120);
            assertThat(count(jdbc, "contacts where company_id is not null")).as("four in five work somewhere")
                    .isBetween(420L, 540L);
            assertThat(count(jdbc, "deals")).isEqualTo(30);
            assertThat(count(jdbc, "deal_stage_history")).isGreaterThan(30);
            assertThat(count(jdbc, "leads")).isEqualTo(60);
            assertThat(count(jdbc, "invoices")).isPositive();
            assertThat(count(jdbc, "tickets")).isEqualTo(30);
            assertThat(count(jdbc, "timeline_entries where company_id = (select min(id) from companies)"))
                    .as("one customer with a long history").isGreaterThanOrEqualTo(5000);
            assertThat(count(jdbc, "contacts where search_text = ''")).isZero();
            assertThat(count(jdbc, "activities where occurred_at < now() - interval '2 years'"))
                    .as("spread over three years").isPositive();
            String generated = "activities where company_id is distinct from (select min(id) from companies) and ";
            assertThat(count(jdbc, "(select distinct occurred_at::date from activities) d"))
                    .as("each record its own day, not one moment for all").isGreaterThan(300);
            assertThat(count(jdbc, generated + "extract(month from occurred_at) in (10, 11)"))
                    .as("more in autumn than in summer")
                    .isGreaterThan(count(jdbc, generated + "extract(month from occurred_at) in (7, 8)"));
            assertThat(count(jdbc, generated + "occurred_at > now() - interval '1 year'")).as("a company that grows")
                    .isGreaterThan(count(jdbc, generated + "occurred_at < now() - interval '2 years'"));
            assertThat(count(jdbc, "products where cost_price is null")).as("margins need cost prices").isZero();
            assertThat(count(jdbc, "exchange_rates where currency in ('EUR', 'CZK')")).isPositive();
            assertThat(count(jdbc, "leads where status = 'CONVERTED' and deal_id is not null")).isPositive();
            assertThat(count(jdbc, "invoices where paid_total > 0 and paid_total < gross_total")).as("partly paid")
                    .isPositive();
            assertThat(count(jdbc, "invoices where issue_date > current_date")).as("nothing issued tomorrow").isZero();
            for (String kind : new String[] { "NPS", "CSAT", "CES" }) {
                assertThat(count(jdbc, "survey_scores where kind = '" + kind + "'")).as(kind).isPositive();
            }
            assertThat(count(jdbc, "campaigns where cost > 0 and started_at is not null")).isPositive();
            assertThat(count(jdbc, "campaign_recipients where clicked_at is not null")).isPositive();
            assertThat(count(jdbc, "invoices where utm_campaign like 'newsletter-%'")).isPositive();
            assertThat(count(jdbc, "ad_costs")).isPositive();
        }
        assertThatThrownBy(() -> Generator.run(args, KlientApplication.class))
                .hasMessageContaining("already has contacts");
    }

    @Test
    void the_csv_is_reproducible_and_tax_ids_carry_valid_check_digits() throws Exception {
        Path a = root.resolve("a.csv");
        Path b = root.resolve("b.csv");
        Generator.writeCsv(300, 7, a);
        Generator.writeCsv(300, 7, b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllLines(a)).hasSize(301).first().isEqualTo(Population.HEADER.strip());
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            assertThat(Identifiers.taxId("PL", Population.taxId("PL", random)).valid()).isTrue();
            assertThat(Identifiers.registrationNumber("CZ", Population.taxId("CZ", random)).valid()).isTrue();
        }
    }

    private static long count(JdbcClient jdbc, String from) {
        return jdbc.sql("select count(*) from " + from).query(Long.class).single();
    }
}
