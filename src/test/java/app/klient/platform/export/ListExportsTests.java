package app.klient.platform.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ListExportsTests extends WebTest {

    private static final List<String> API_EXPORTS = List.of("/api/v1/leads/export", "/api/v1/deals/export",
            "/api/v1/quotes/export", "/api/v1/orders/export", "/api/v1/invoices/list-export",
            "/api/v1/tickets/export", "/api/v1/activities/export", "/api/v1/tasks/export",
            "/api/v1/products/export");

    @Test
    void leads_export_with_the_lists_filter_in_the_readers_language_and_formulas_stay_text() throws Exception {
        String campaign = "exp" + UUID.randomUUID().toString().substring(0, 8);
        Http sales = apiAs(Role.SALES);
        sales.postJson("/api/v1/leads", """
                {"firstName": "Zuzanna", "lastName": "Kowalczyk", "email": "zuza@%s.pl", "companyName": "Łąka sp. z o.o.",
                 "utmCampaign": "%s"}""".formatted(campaign, campaign));
        sales.postJson("/api/v1/leads", """
                {"lastName": "=HYPERLINK(\\"http://evil\\")", "utmCampaign": "%s"}""".formatted(campaign));
        sales.postJson("/api/v1/leads", "{\"lastName\": \"Other campaign\"}");

        HttpResponse<byte[]> csv = download(Role.MANAGER, "/api/v1/leads/export?campaign=" + campaign, "pl");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String body = new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).startsWith("\uFEFF");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body.substring(1))).getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(r -> r.get("Nazwisko"))
                .containsExactlyInAnyOrder("Kowalczyk", "'=HYPERLINK(\"http://evil\")");
        CSVRecord zuzanna = rows.stream().filter(r -> r.get("Nazwisko").equals("Kowalczyk")).findFirst().orElseThrow();
        assertThat(zuzanna.get("Nazwa firmy")).isEqualTo("Łąka sp. z o.o.");
        assertThat(zuzanna.get("Status")).isEqualTo(message("lead.status.NEW", "pl"));
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'EXPORT' and entity_type = 'lead'"
                + " and summary like :s").param("s", "CSV 2 rows%campaign=" + campaign + "%").query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void deals_export_to_xlsx_from_the_page_with_amounts_as_numbers_and_company_names() throws Exception {
        String unique = "Xdeal" + UUID.randomUUID().toString().substring(0, 8);
        Http sales = apiAs(Role.SALES);
        long company = company(sales, "Firma " + unique, "PL", null);
        sales.postJson("/api/v1/deals", """
                {"name": "%s", "companyId": %d, "amount": 12500.50, "currency": "PLN"}""".formatted(unique, company));

        Http manager = signedInAs(Role.MANAGER);
        assertThat(manager.get("/deals/list?q=" + unique).body()).contains("/deals/export.xlsx?q=" + unique);
        HttpResponse<byte[]> xlsx = download(Role.MANAGER, "/api/v1/deals/export?format=xlsx&q=" + unique, "en");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(1);
            Row head = sheet.getRow(0);
            Row deal = sheet.getRow(1);
            int amount = column(head, "Amount");
            assertThat(deal.getCell(amount).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(deal.getCell(amount).getNumericCellValue()).isEqualTo(12500.50);
            assertThat(deal.getCell(column(head, "Company")).getStringCellValue()).isEqualTo("Firma " + unique);
            assertThat(deal.getCell(column(head, "Status")).getStringCellValue()).isEqualTo("Open");
        }
        Http.Response page = manager.get("/deals/export.csv?q=" + unique);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Disposition")).contains("klient-deals-").contains(".csv");
        assertThat(page.body()).contains(unique).contains("12500.50");
    }

    @Test
    void every_list_exports_as_csv_and_xlsx_for_managers_and_is_refused_to_others_without_a_file() throws Exception {
        for (String path : API_EXPORTS) {
            for (String format : new String[] { "csv", "xlsx" }) {
                HttpResponse<byte[]> file = download(Role.ADMIN, path + "?format=" + format, "cs");
                assertThat(file.statusCode()).as(path + " " + format).isEqualTo(200);
                assertThat(file.headers().firstValue("Content-Disposition").orElse("")).as(path).contains("." + format);
            }
            Http.Response bad = apiAs(Role.MANAGER).get(path + "?format=pdf");
            assertThat(bad.status()).as(path).isEqualTo(400);
            assertThat(bad.body()).contains("format");
            for (Role role : new Role[] { Role.SALES, Role.SUPPORT, Role.READ_ONLY }) {
                Http.Response refused = apiAs(role).get(path);
                assertThat(refused.status()).as(role + " " + path).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Content-Disposition")).isNull();
            }
        }
        Http sales = signedInAs(Role.SALES);
        assertThat(sales.get("/leads").body()).doesNotContain("/leads/export.csv");
        assertThat(sales.get("/leads/export.csv").status()).isEqualTo(403);
        Http manager = signedInAs(Role.MANAGER);
        for (String list : new String[] { "/leads", "/quotes", "/orders", "/invoices", "/tickets", "/products" }) {
            assertThat(manager.get(list).body()).as(list).contains(list + "/export.xlsx");
        }
    }

    @Test
    void the_ticket_queue_exports_the_view_it_shows() {
        String unique = "Xticket" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode ticket = apiAs(Role.SUPPORT).postJson("/api/v1/tickets", "{\"subject\": \"" + unique
                + "\", \"priority\": \"HIGH\"}").json();
        assertThat(ticket.get("number")).isNotNull();
        Http manager = signedInAs(Role.MANAGER);
        assertThat(manager.get("/tickets/export.csv?view=open").body()).contains(unique);
        assertThat(manager.get("/tickets/export.csv?view=mine").body()).doesNotContain(unique);
    }

    private String message(String key, String language) {
        return messages.getMessage(key, null, java.util.Locale.forLanguageTag(language));
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.context.MessageSource messages;

    private static int column(Row head, String name) {
        for (int i = 0; i < head.getLastCellNum(); i++) {
            if (head.getCell(i).getStringCellValue().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    private HttpResponse<byte[]> download(Role role, String path, String language) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + tokens.issue(testUsers.create(role)))
                .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
