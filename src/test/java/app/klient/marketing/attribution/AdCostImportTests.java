package app.klient.marketing.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ad costs come in as the platforms export them; a bad row is named with its line and nothing is written. */
class AdCostImportTests extends WebTest {

    private final String s = UUID.randomUUID().toString().substring(0, 8);

    private long costs(String keyword) {
        return jdbc.sql("select count(*) from ad_costs where lower(keyword) = lower(:k)").param("k", keyword)
                .query(Long.class).single();
    }

    @Test
    void a_google_ads_export_with_title_rows_and_totals_is_imported_and_importing_it_again_replaces_the_figures() {
        Http marketer = apiAs(Role.MARKETING);
        String keyword = "crm dla firm " + s;
        String file = """
                Keyword report
                "1 December 2026 - 3 December 2026"
                Day,Keyword,Campaign,Currency code,Cost,Clicks,Impr.
                2026-12-01,%1$s,Search PL,PLN,"1,234.50",12,"1,400"
                2026-12-02,%1$s,Search PL,PLN,99.90,3,120
                Total: Account,,,,"1,334.40",15,1520
                """.formatted(keyword);
        Http.Response first = marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv", file);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("rows").asInt()).isEqualTo(2);
        assertThat(first.json().get("cost").decimalValue()).isEqualByComparingTo("1334.40");
        assertThat(costs(keyword)).isEqualTo(2);

        Http.Response again = marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv",
                file.replace("99.90", "10.00"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(costs(keyword)).as("the same day and keyword replaces, not adds").isEqualTo(2);
        assertThat(jdbc.sql("select sum(cost) from ad_costs where keyword = :k").param("k", keyword)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("1244.50");
        JsonNode listed = marketer.get("/api/v1/marketing/ad-costs?keyword=" + keyword.replace(" ", "%20")).json();
        assertThat(listed.get("total").asLong()).isEqualTo(2);
        assertThat(listed.at("/items/0/clicks").asInt()).isEqualTo(3);
    }

    @Test
    void a_file_with_bad_rows_names_each_line_and_writes_nothing() {
        Http marketer = apiAs(Role.MARKETING);
        String keyword = "bad rows " + s;
        long before = count("ad_costs");
        String file = """
                Dzień;Słowo kluczowe;Koszt;Waluta
                2026-12-01;%1$s;12,50;PLN
                31.13.2026;%1$s;10,00;PLN
                2026-12-03;;10,00;PLN
                2026-12-04;%1$s;dużo;PLN
                2026-12-05;%1$s;5,00;EUR
                2026-12-01;%1$s;1,00;PLN
                """.formatted(keyword);
        Http.Response refused = marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv", file);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        String body = refused.body();
        assertThat(body).contains("Line 3").contains("31.13.2026").contains("Line 4").contains("Line 5")
                .contains("Line 6").contains("EUR").contains("Line 7");
        assertThat(body).doesNotContain("Line 2:");
        assertThat(count("ad_costs")).as("nothing half-written").isEqualTo(before);

        assertThat(marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv", "Name,Price\nx,1\n").status())
                .isEqualTo(400);
        assertThat(marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv", "").status()).isEqualTo(400);
        assertThat(apiAs(Role.SALES).postRaw("/api/v1/marketing/ad-costs/import", "text/csv",
                "Day,Keyword,Cost\n2026-12-01," + keyword + ",1\n").status()).isEqualTo(403);
        assertThat(count("ad_costs")).isEqualTo(before);
    }

    @Test
    void a_meta_export_as_xlsx_is_imported_on_the_page_and_names_its_currency_in_the_cost_column() throws IOException {
        String adSet = "Retargeting " + s;
        byte[] xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Raw Data Report");
            Row header = sheet.createRow(0);
            String[] names = { "Reporting starts", "Campaign name", "Ad set name", "Amount spent (PLN)", "Link clicks" };
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            CellStyle dates = book.createCellStyle();
            dates.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            for (int d = 0; d < 3; d++) {
                Row row = sheet.createRow(d + 1);
                row.createCell(0).setCellValue(java.time.LocalDate.of(2026, 11, 20 + d));
                row.getCell(0).setCellStyle(dates);
                row.createCell(1).setCellValue("Winter");
                row.createCell(2).setCellValue(adSet);
                row.createCell(3).setCellValue(10.25 * (d + 1));
                row.createCell(4).setCellValue(5);
            }
            book.write(out);
            xlsx = out.toByteArray();
        }
        Http page = signedInAs(Role.MARKETING);
        assertThat(page.get("/marketing/keywords").body()).contains("Import ad costs");
        Http.Response sent = page.postMultipart("/marketing/keywords/import", Map.of(), "file",
                new Http.Part("meta.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx));
        assertThat(sent.status()).isEqualTo(302);
        Http.Response shown = page.get(sent.location());
        assertThat(shown.body()).contains("3 costs imported");
        assertThat(jdbc.sql("select sum(cost) from ad_costs where keyword = :k").param("k", adSet)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("61.50");

        // the same file in another currency is refused on the page with the line of its header
        byte[] text = ("Reporting starts,Ad set name,Amount spent (EUR)\n2026-11-20," + adSet + ",3\n")
                .getBytes(StandardCharsets.UTF_8);
        Http.Response refused = page.postMultipart("/marketing/keywords/import", Map.of(), "file",
                new Http.Part("meta.csv", "text/csv", text));
        assertThat(page.get(refused.location()).body()).contains("Nothing was imported").contains("Line 1")
                .contains("EUR");
        Http reader = signedInAs(Role.READ_ONLY);
        assertThat(reader.get("/marketing/keywords").body()).doesNotContain("Import ad costs");
        assertThat(reader.postMultipart("/marketing/keywords/import", Map.of(), "file",
                new Http.Part("meta.csv", "text/csv", text)).status()).isEqualTo(403);
    }
}
