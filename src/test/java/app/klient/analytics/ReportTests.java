package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The report builder over a small hand-made set of deals: groupings and measures (amounts converted into the company
 * currency), a listed report and its CSV and XLSX exports, the definitions it refuses, and saved reports shared
 * with a team and nobody else.
 */
class ReportTests extends WebTest {

    private UserSummary owner;
    private Http admin;
    private String suffix;
    private ReportDeals reportDeals;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        reportDeals = new ReportDeals(jdbc, suffix);
    }

    private void deal(String name, String status, String amount, String currency) {
        reportDeals.deal(owner.id(), name, status, amount, currency);
    }

    /** Two won deals (1,000 PLN and 200 AUD = 500 PLN), one lost (300 PLN), one open (2,000 PLN). */
    private void deals() {
        deal("Won one", "WON", "1000", "PLN");
        deal("Won two", "WON", "200", "AUD");
        deal("Lost", "LOST", "300", "PLN");
        deal("Open", "OPEN", "2000", "PLN");
    }

    private String mine() {
        return "{\"field\": \"owner\", \"op\": \"EQ\", \"value\": \"" + owner.id() + "\"}";
    }

    @Test
    void a_grouped_report_counts_and_sums_in_the_company_currency() {
        deals();
        JsonNode result = admin.postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "filters": [%s], "groupBy": [{"field": "status"}],
                 "measures": [{"fn": "COUNT"}, {"fn": "SUM", "field": "amount"}, {"fn": "AVG", "field": "amount"}]}"""
                .formatted(mine())).json();
        assertThat(result.at("/columns").findValuesAsString("label"))
                .as("an amount's column names the company currency")
                .containsExactly("Status", "Count", "Sum of Amount (PLN)", "Average Amount (PLN)");
        // rows by status (named in the reader's language): Lost 1 / 300; Open 1 / 2,000; Won 2 / 1,000 + 200 × 2.5
        // = 1,500, average 750
        List<String> rows = new java.util.ArrayList<>();
        result.at("/rows").forEach(r -> rows.add(r.get(0).asString() + " " + r.get(1).asLong() + " "
                + r.get(2).decimalValue().stripTrailingZeros().toPlainString() + " "
                + r.get(3).decimalValue().stripTrailingZeros().toPlainString()));
        assertThat(rows).containsExactly("Lost 1 300 300", "Open 1 2000 2000", "Won 2 1500 750");

        JsonNode byMonth = admin.postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "filters": [%s, {"field": "closedAt", "op": "GE", "value": "2023-06-01"}],
                 "groupBy": [{"field": "closedAt", "grain": "MONTH"}, {"field": "status"}],
                 "measures": [{"fn": "SUM", "field": "amount"}], "chart": "STACKED_BAR"}""".formatted(mine())).json();
        // closed in June 2023: Lost 300, Won 1,500; the open deal has no closing day
        assertThat(byMonth.at("/rows").size()).isEqualTo(2);
        assertThat(byMonth.at("/rows/0/0").asString()).isEqualTo("2023-06-01");
        assertThat(byMonth.at("/chart").asString()).isEqualTo("STACKED_BAR");

        // the page's pivot table: statuses down, owners across, the count of each in its cell
        String pivot = signedIn(testUsers.create(Role.MANAGER))
                .get("/analytics/reports/new?subject=deals&chart=PIVOT&group=status&group=owner&fn=COUNT").body();
        assertThat(pivot).as("the whole page").contains("</html>");
        org.jsoup.nodes.Element table = org.jsoup.Jsoup.parse(pivot).selectFirst("table.report-table");
        assertThat(table).isNotNull();
        assertThat(table.select("tbody td.num").eachText()).as("counts in the cells").anyMatch(c -> c.matches("\\d+"));
    }

    @Test
    void a_listed_report_exports_every_row_as_csv_and_xlsx_for_those_who_may_export() throws Exception {
        deals();
        String definition = """
                {"subject": "deals", "filters": [%s], "columns": ["name", "status", "amount"]}""".formatted(mine());
        JsonNode listed = admin.postJson("/api/v1/analytics/reports/run", definition).json();
        assertThat(listed.at("/rows").size()).isEqualTo(4);

        Http manager = apiAs(Role.MANAGER);
        java.util.function.LongSupplier audited = () -> jdbc.sql("select count(*) from audit_events where"
                + " entity_type = 'report' and summary = 'XLSX deals: 4 rows'").query(Long.class).single();
        long before = audited.getAsLong();
        Http.Response csv = manager.postJson("/api/v1/analytics/reports/export?format=csv", definition);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).hasSize(5).first().isEqualTo("Name,Status,Amount (PLN)");
        assertThat(csv.body()).contains("Won two " + suffix + ",Won,500");

        byte[] xlsx = manager.postJsonForBytes("/api/v1/analytics/reports/export?format=xlsx", definition);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(4);
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("Amount (PLN)");
        }
        assertThat(api(owner).postJson("/api/v1/analytics/reports/export?format=csv", definition).status())
                .as("a salesperson may not export").isEqualTo(403);
        assertThat(audited.getAsLong()).as("the export is audited").isEqualTo(before + 1);
    }

    @Test
    void a_definition_that_does_not_fit_its_subject_is_refused_with_the_field_named() {
        Set<String> bad = Set.of(
                "{\"subject\": \"nothing\"}",
                "{\"subject\": \"deals\", \"groupBy\": [{\"field\": \"amount\"}]}",
                "{\"subject\": \"deals\", \"groupBy\": [{\"field\": \"nope\"}]}",
                "{\"subject\": \"deals\", \"measures\": [{\"fn\": \"SUM\", \"field\": \"name\"}]}",
                "{\"subject\": \"deals\", \"measures\": [{\"fn\": \"MEDIAN\", \"field\": \"amount\"}]}",
                "{\"subject\": \"deals\", \"filters\": [{\"field\": \"amount\", \"op\": \"GT\", \"value\": \"lots\"}]}",
                "{\"subject\": \"deals\", \"filters\": [{\"field\": \"name\", \"op\": \"EQ\", \"value\": \"a\\u0000b\"}]}",
                "{\"subject\": \"deals\", \"filters\": [{\"field\": \"closedAt\", \"op\": \"CONTAINS\", \"value\": \"2023-01-01\"}]}",
                "{\"subject\": \"deals\", \"groupBy\": [{\"field\": \"closedAt\", \"grain\": \"DECADE\"}]}",
                "{\"subject\": \"deals\", \"chart\": \"RADAR\"}",
                "{\"subject\": \"deals\", \"groupBy\": [{\"field\": \"status\"}, {\"field\": \"owner\"}, "
                        + "{\"field\": \"stage\"}]}");
        for (String definition : bad) {
            Http.Response refused = admin.postJson("/api/v1/analytics/reports/run", definition);
            assertThat(refused.status()).as(definition).isEqualTo(400);
            assertThat(refused.contentType()).as(definition).contains("problem+json");
        }
    }

    @Test
    void a_saved_report_is_read_by_its_team_and_changed_by_its_owner_from_the_version_read() {
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Reports " + suffix + "\"}").json().get("id")
                .asLong();
        UserSummary author = testUsers.create(Role.SALES, "Author " + suffix, Set.of(team));
        UserSummary colleague = testUsers.create(Role.SALES, "Colleague " + suffix, Set.of(team));
        UserSummary stranger = testUsers.create(Role.SALES);
        JsonNode saved = api(author).postJson("/api/v1/analytics/reports", """
                {"name": "Won by month", "teamId": %d, "definition": {"subject": "deals",
                 "groupBy": [{"field": "closedAt", "grain": "MONTH"}], "measures": [{"fn": "COUNT"}]}}"""
                .formatted(team)).json();
        long id = saved.get("id").asLong();
        assertThat(api(colleague).get("/api/v1/analytics/reports/" + id + "/result").status()).isEqualTo(200);
        assertThat(api(stranger).get("/api/v1/analytics/reports/" + id).status()).isEqualTo(403);
        assertThat(api(stranger).get("/api/v1/analytics/reports").json().toString()).doesNotContain("Won by month");
        assertThat(api(colleague).putJson("/api/v1/analytics/reports/" + id, """
                {"name": "Mine now", "definition": {"subject": "deals"}, "version": 0}""").status()).isEqualTo(403);
        assertThat(api(author).putJson("/api/v1/analytics/reports/" + id, """
                {"name": "Won by quarter", "teamId": %d, "definition": {"subject": "deals",
                 "groupBy": [{"field": "closedAt", "grain": "QUARTER"}]}, "version": 0}""".formatted(team))
                .json().get("version").asInt()).isEqualTo(1);
        assertThat(api(author).putJson("/api/v1/analytics/reports/" + id, """
                {"name": "Stale", "definition": {"subject": "deals"}, "version": 0}""").status()).isEqualTo(409);

        Http page = signedIn(testUsers.create(Role.MANAGER, "cs"));
        String html = page.get("/analytics/reports/" + id).body();
        assertThat(html).contains("Won by quarter", "Čtvrtletí", "report-data");
        assertThat(page.get("/analytics/reports/new?subject=tickets&group=status").body()).contains("Požadavky");
        assertThat(api(author).delete("/api/v1/analytics/reports/" + id).status()).isEqualTo(204);
    }
}
