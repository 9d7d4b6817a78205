package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ExportFormatsTests extends WebTest {

    @Test
    void companies_export_to_xlsx_with_headers_in_the_readers_language_and_formulas_as_text() throws Exception {
        String tag = "xlsx" + UUID.randomUUID().toString().substring(0, 6);
        Http api = apiAs(Role.SALES);
        api.postJson("/api/v1/companies", """
                {"name": "Brněnská strojírna", "country": "CZ", "tags": ["%s"]}""".formatted(tag));
        api.postJson("/api/v1/companies", """
                {"name": "=cmd|' /C calc'!A0", "tags": ["%s"]}""".formatted(tag));

        HttpResponse<byte[]> xlsx = download(Role.MANAGER, "/api/v1/companies/export?format=xlsx&tag=" + tag, "cs");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).startsWith(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElse("")).contains(".xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("Firmy");
            assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Název");
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(1).getCell(0).getNumericCellValue()).isPositive();
            assertThat(java.util.List.of(name(sheet.getRow(1)), name(sheet.getRow(2))))
                    .containsExactlyInAnyOrder("Brněnská strojírna", "=cmd|' /C calc'!A0");
            assertThat(sheet.getRow(1).getCell(1).getCellType()).as("text, which no spreadsheet runs")
                    .isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
            assertThat(sheet.getRow(2).getCell(1).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
        }
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'EXPORT' and summary like :s")
                .param("s", "XLSX 2 rows%" + tag + "%").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void contacts_export_as_vcard_4_cards_from_the_api_and_the_page() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        apiAs(Role.SALES).postJson("/api/v1/contacts", """
                {"titleBefore": "Ing.", "firstName": "Jiří", "lastName": "Dvořák %s", "jobTitle": "Ředitel; nákup",
                 "emails": ["jiri@%s.cz", "j.dvorak@example.cz"], "phones": ["+420 601 234 567"],
                 "birthday": "1980-05-17", "address": {"street": "Masarykova 1", "city": "Brno", "postalCode": "60200",
                 "country": "CZ"}, "tags": ["vip"]}""".formatted(unique, unique));

        HttpResponse<byte[]> cards = download(Role.ADMIN, "/api/v1/contacts/export?format=vcard&q=" + unique, "en");
        assertThat(cards.statusCode()).isEqualTo(200);
        assertThat(cards.headers().firstValue("Content-Type").orElse("")).startsWith("text/vcard");
        String vcf = new String(cards.body(), StandardCharsets.UTF_8);
        assertThat(vcf).startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n").endsWith("END:VCARD\r\n")
                .contains("FN:Ing. Jiří Dvořák " + unique + "\r\n")
                .contains("N:Dvořák " + unique + ";Jiří;;Ing.;\r\n")
                .contains("TITLE:Ředitel\\; nákup\r\n")
                .contains("EMAIL;TYPE=work;PREF=1:jiri@" + unique + ".cz\r\n")
                .contains("EMAIL;TYPE=work:j.dvorak@example.cz\r\n")
                .contains("TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+420601234567\r\n")
                .contains("ADR;TYPE=work:;;Masarykova 1;Brno;;60200;CZ\r\n")
                .contains("BDAY:19800517\r\n").contains("CATEGORIES:vip\r\n").contains("UID:urn:uuid:");
        assertThat(vcf.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(75));

        Http manager = signedInAs(Role.MANAGER);
        String list = manager.get("/contacts?q=" + unique).body();
        assertThat(list).contains("/contacts/export.vcf?q=" + unique).contains("/contacts/export.xlsx?q=" + unique);
        Http.Response page = manager.get("/contacts/export.vcf?q=" + unique);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Dvořák " + unique);
    }

    @Test
    void a_format_nobody_offers_is_refused_naming_the_field_and_roles_without_the_permission_get_no_file() {
        Http.Response bad = apiAs(Role.ADMIN).get("/api/v1/companies/export?format=vcard");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("format");
        assertThat(bad.header("Content-Disposition")).isNull();
        for (Role role : new Role[] { Role.SALES, Role.READ_ONLY }) {
            Http.Response refused = apiAs(role).get("/api/v1/contacts/export?format=vcard");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Disposition")).isNull();
            assertThat(signedInAs(role).get("/contacts/export.xlsx").status()).isEqualTo(403);
        }
    }

    private static String name(Row row) {
        return row.getCell(1).getStringCellValue();
    }

    private HttpResponse<byte[]> download(Role role, String path, String language) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + tokens.issue(testUsers.create(role)))
                .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
