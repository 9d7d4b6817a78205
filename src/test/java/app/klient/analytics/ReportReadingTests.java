package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A report as a Polish or Czech reader reads it: figures, amounts and periods in the reader's language on the page,
 * its chart, a dashboard tile and in XLSX (real dates and numbers), CSV left to machines, fixed values offered and
 * read back translated, and products named in the reader's language.
 */
class ReportReadingTests extends WebTest {

    /**
     * The grouping separator of Polish and Czech numbers is a no-break space; a page's text is compared with plain
     * spaces (as jsoup reads it).
     */
    private static final String NB = " ";

    private static String plain(String text) {
        return text.replace('\u00a0', ' ');
    }

    private UserSummary owner;
    private String suffix;
    private ReportDeals reportDeals;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        reportDeals = new ReportDeals(jdbc, suffix);
    }

    private void deal(UserSummary by, String name, String status, String amount, String currency) {
        reportDeals.deal(by.id(), name, status, amount, currency);
    }

    /** Closed in June 2023: won 1,234.50 PLN and 200 AUD (= 500 PLN), lost 300 PLN; one open of 2,000 PLN. */
    private void deals() {
        deal(owner, "Won one", "WON", "1234.5", "PLN");
        deal(owner, "Won two", "WON", "200", "AUD");
        deal(owner, "Lost", "LOST", "300", "PLN");
        deal(owner, "Open", "OPEN", "2000", "PLN");
    }

    private String mine() {
        return "subject=deals&filterField=owner&filterOp=EQ&filterValue=" + owner.id();
    }

    private static Document page(Http reader, String path) {
        Http.Response response = reader.get(path);
        assertThat(response.status()).as(path).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    @Test
    void a_report_page_writes_months_figures_and_amounts_as_its_reader_does() {
        deals();
        String byMonth = "/analytics/reports/new?" + mine() + "&group=closedAt&grain=MONTH&fn=COUNT&measureField="
                + "&fn=SUM&measureField=amount&fn=AVG&measureField=amount&chart=BAR";
        Document pl = page(signedIn(testUsers.create(Role.MANAGER, "pl")), byMonth);
        assertThat(pl.select("table.report-table thead th").eachText())
                .containsExactly("Data zamknięcia", "Liczba", "Suma: Kwota (PLN)", "Średnio: Kwota (PLN)");
        // June: 1,234.50 + 500 + 300 = 2,034.50 over 3 deals, 678.17 on average; the open deal has no closing day
        assertThat(pl.select("table.report-table tbody tr").first().select("td").eachText().stream().map(ReportReadingTests::plain))
                .containsExactly("cze 2023", "3", "2" + NB + "034,50", "678,17");
        String chart = pl.getElementById("report-data").data();
        assertThat(chart).as("the chart names the month as the table does, in the page's language")
                .contains("\"cze 2023\"").contains("\"lang\":\"pl\"");

        Document cs = page(signedIn(testUsers.create(Role.MANAGER, "cs")), byMonth);
        assertThat(cs.select("table.report-table tbody tr").first().select("td").eachText().stream().map(ReportReadingTests::plain))
                .containsExactly("čvn 2023", "3", "2" + NB + "034,50", "678,17");
        Document en = page(signedIn(testUsers.create(Role.MANAGER, "en")), byMonth.replace("MONTH", "QUARTER"));
        assertThat(en.select("table.report-table tbody tr").first().select("td").eachText())
                .containsExactly("Q2 2023", "3", "2,034.50", "678.17");
        Document weeks = page(signedIn(testUsers.create(Role.MANAGER, "en")), byMonth.replace("MONTH", "WEEK"));
        assertThat(weeks.select("table.report-table tbody td").first().text()).as("20 June 2023 is in week 25")
                .isEqualTo("2023-W25");

        // a listed amount too: always its two decimals
        Document listed = page(signedIn(testUsers.create(Role.MANAGER, "pl")), "/analytics/reports/new?" + mine()
                + "&filterField=status&filterOp=EQ&filterValue=LOST&column=name&column=amount&chart=TABLE");
        assertThat(listed.select("table.report-table tbody td").eachText()).contains("300,00");
    }

    @Test
    void xlsx_keeps_dates_as_dates_and_amounts_as_numbers_while_csv_stays_iso() throws Exception {
        deals();
        Http manager = apiAs(Role.MANAGER);
        String grouped = """
                {"subject": "deals", "filters": [{"field": "owner", "op": "EQ", "value": "%d"}],
                 "groupBy": [{"field": "closedAt", "grain": "MONTH"}], "measures": [{"fn": "SUM", "field": "amount"}]}"""
                .formatted(owner.id());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                manager.postJsonForBytes("/api/v1/analytics/reports/export?format=xlsx", grouped)))) {
            Row june = book.getSheetAt(0).getRow(1);
            Cell month = june.getCell(0);
            assertThat(month.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(month)).isTrue();
            assertThat(month.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2023, 6, 1));
            assertThat(month.getCellStyle().getDataFormatString()).isEqualTo("mmm yyyy");
            Cell sum = june.getCell(1);
            assertThat(sum.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(sum.getNumericCellValue()).isEqualTo(2034.5);
            assertThat(sum.getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
        }
        String listed = """
                {"subject": "deals", "filters": [{"field": "owner", "op": "EQ", "value": "%d"},
                 {"field": "status", "op": "EQ", "value": "LOST"}], "columns": ["name", "createdAt"]}"""
                .formatted(owner.id());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                manager.postJsonForBytes("/api/v1/analytics/reports/export?format=xlsx", listed)))) {
            Cell created = book.getSheetAt(0).getRow(1).getCell(1);
            assertThat(DateUtil.isCellDateFormatted(created)).as("a moment is a date in the sheet").isTrue();
        }
        assertThat(manager.postJson("/api/v1/analytics/reports/export?format=csv", grouped).body().lines())
                .as("CSV is for machines: ISO days, plain numbers").contains("2023-06-01,2034.50");
    }

    @Test
    void a_field_with_fixed_values_offers_them_translated_and_the_summary_reads_them_so() {
        deals();
        Document pl = page(signedIn(testUsers.create(Role.MANAGER, "pl")), "/analytics/reports/new?" + mine()
                + "&filterField=status&filterOp=EQ&filterValue=WON&group=status&fn=COUNT&measureField=");
        Element value = pl.select("select[name=filterValue]").last();
        assertThat(value).as("the status is chosen from a list").isNotNull();
        assertThat(value.select("option").eachText()).contains("Otwarta", "Wygrana", "Utracona");
        assertThat(value.selectFirst("option[selected]").val()).isEqualTo("WON");
        assertThat(pl.selectFirst(".report-filter-summary").text()).contains("Status jest Wygrana")
                .doesNotContain("WON");
        assertThat(pl.getElementById("report-values").data()).as("the lists the page swaps in when a field changes")
                .contains("\"Wygrana\"");
        assertThat(pl.select("table.report-table tbody td").eachText()).containsExactly("Wygrana", "2");

        // over the API the codes are the values, as before
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "filters": [{"field": "owner", "op": "EQ", "value": "%d"},
                 {"field": "status", "op": "EQ", "value": "WON"}], "measures": [{"fn": "COUNT"}],
                 "groupBy": [{"field": "status"}]}""".formatted(owner.id())).json().at("/rows/0/1").asLong())
                .isEqualTo(2);
    }

    @Test
    void a_name_that_closes_a_script_element_stays_data_in_the_reports_page() {
        UserSummary author = testUsers.create(Role.SALES);
        jdbc.sql("update users set name = :name where id = :id").param("name", "Evil </script><i id=injected>x</i>")
                .param("id", author.id()).update();
        deal(author, "Scripted", "WON", "100", "PLN");
        long report = api(author).postJson("/api/v1/analytics/reports", """
                {"name": "Script %s", "definition": {"subject": "deals", "groupBy": [{"field": "owner"}],
                 "filters": [{"field": "owner", "op": "EQ", "value": "%d"}]}}""".formatted(suffix, author.id()))
                .json().get("id").asLong();
        String body = signedIn(author).get("/analytics/reports/" + report).body();
        assertThat(Jsoup.parse(body).getElementById("injected")).as("the name opened no element").isNull();
        assertThat(body).contains("Evil \\u003c/script\\u003e");
    }

    @Test
    void a_pinned_tile_shortens_large_figures_and_keeps_names_and_figures_whole_on_hover() {
        UserSummary author = testUsers.create(Role.SALES, "pl");
        deal(author, "Big one", "WON", "1234567", "PLN");
        deal(author, "Small one", "LOST", "950", "PLN");
        long report = api(author).postJson("/api/v1/analytics/reports", """
                {"name": "Tile %s", "definition": {"subject": "deals", "groupBy": [{"field": "status"}],
                 "measures": [{"fn": "SUM", "field": "amount"}]}}""".formatted(suffix)).json().get("id").asLong();
        Http page = signedIn(author);
        page.get("/analytics/reports/" + report);
        assertThat(page.postForm("/analytics/reports/" + report + "/pin", Map.of("version", "0")).status())
                .isEqualTo(302);
        Element tile = Jsoup.parse(page.get("/analytics").body()).select(".report-tile").stream()
                .filter(t -> t.text().contains("Tile " + suffix)).findFirst().orElseThrow();
        assertThat(tile.selectFirst(".report-tile-measure").text()).isEqualTo("Suma: Kwota (PLN)");
        Element won = tile.select(".report-tile-bars tbody tr").stream()
                .filter(r -> r.selectFirst("th").text().equals("Wygrana")).findFirst().orElseThrow();
        assertThat(won.selectFirst("th").attr("title")).as("the whole name on hover").isEqualTo("Wygrana");
        assertThat(plain(won.selectFirst("abbr").text())).isEqualTo("1,2" + NB + "mln");
        assertThat(plain(won.selectFirst("abbr").attr("title"))).isEqualTo("1" + NB + "234" + NB + "567,00");
        assertThat(won.selectFirst("rect.fill").attr("width")).isEqualTo("100");
        Element lost = tile.select(".report-tile-bars tbody tr").stream()
                .filter(r -> r.selectFirst("th").text().equals("Utracona")).findFirst().orElseThrow();
        assertThat(lost.selectFirst("abbr").text()).isEqualTo("950");
        assertThat(lost.selectFirst("rect.fill").attr("width")).as("a figure above zero stays visible")
                .isEqualTo("2");
    }

    @Test
    void a_tile_of_two_groupings_draws_the_first_alone_unless_it_is_a_single_group() {
        UserSummary author = testUsers.create(Role.MANAGER, "pl");
        UserSummary anna = testUsers.create(Role.SALES);
        UserSummary cyprian = testUsers.create(Role.SALES);
        deal(anna, "Won A", "WON", "100", "PLN");
        deal(cyprian, "Won C", "WON", "200", "PLN");
        deal(anna, "Lost A", "LOST", "50", "PLN");
        Http page = signedIn(author);
        String definition = """
                {"subject": "deals", "filters": [{"field": "name", "op": "CONTAINS", "value": "%s"}%s],
                 "groupBy": [{"field": "status"}, {"field": "owner"}],
                 "measures": [{"fn": "AVG", "field": "amount"}]}""";
        int version = 0; // the dashboard's
        for (String[] report : new String[][] { { "Both " + suffix, "" },
                { "Won " + suffix, ", {\"field\": \"status\", \"op\": \"EQ\", \"value\": \"WON\"}" } }) {
            long id = api(author).postJson("/api/v1/analytics/reports", """
                    {"name": "%s", "definition": %s}""".formatted(report[0], definition.formatted(suffix, report[1])))
                    .json().get("id").asLong();
            page.get("/analytics/reports/" + id);
            assertThat(page.postForm("/analytics/reports/" + id + "/pin", Map.of("version", "" + version++))
                    .status()).isEqualTo(302);
        }
        Document dashboard = Jsoup.parse(page.get("/analytics").body());
        Element both = dashboard.select(".report-tile").stream().filter(t -> t.text().contains("Both " + suffix))
                .findFirst().orElseThrow();
        assertThat(both.select(".report-tile-bars th").eachText()).as("one bar a status, the owners' deals together")
                .containsExactly("Wygrana", "Utracona");
        assertThat(plain(both.selectFirst(".report-tile-bars abbr").attr("title"))).as("the average over both owners")
                .isEqualTo("150,00");
        Element won = dashboard.select(".report-tile").stream().filter(t -> t.text().contains("Won " + suffix))
                .findFirst().orElseThrow();
        assertThat(won.select(".report-tile-bars .bar-name").eachText()).as("one status: its owners, told apart")
                .containsExactly(cyprian.name(), anna.name());
        assertThat(won.select(".report-tile-bars .bar-context").eachText()).containsOnly("Wygrana");
        assertThat(won.selectFirst(".report-tile-bars th").attr("title")).isEqualTo("Wygrana · " + cyprian.name());
    }

    @Test
    void a_product_group_is_named_in_the_readers_language() {
        long product = jdbc.sql("""
                insert into products (sku, name, name_pl, name_cs, unit_price, currency, tax_rate)
                values (:sku, :en, :pl, :cs, 100, 'PLN', 23) returning id""")
                .param("sku", "RR-" + suffix).param("en", "Setup " + suffix).param("pl", "Wdrożenie " + suffix)
                .param("cs", "Zavedení " + suffix).query(Long.class).single();
        long invoice = jdbc.sql("""
                insert into invoices (number, kind, owner_id, language, currency, issue_date, sale_date, due_date,
                    payment_method, seller_name, buyer_name, net_total, tax_total, gross_total, paid_total)
                values (:number, 'INVOICE', :owner, 'en', 'PLN', date '2024-01-15', date '2024-01-15',
                    date '2024-01-29', 'TRANSFER', 'Seller', 'Buyer', 100, 0, 100, 0) returning id""")
                .param("number", "RR/" + suffix).param("owner", owner.id()).query(Long.class).single();
        jdbc.sql("""
                insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price,
                    discount_percent, tax_rate, net_amount)
                values (:invoice, 1, :product, 'line', 1, 'pcs', 100, 0, 0, 100)""")
                .param("invoice", invoice).param("product", product).update();
        String path = "/analytics/reports/new?subject=invoiceLines&filterField=product&filterOp=EQ&filterValue="
                + product + "&group=product&fn=SUM&measureField=net&chart=TABLE";
        for (Map.Entry<String, String> reader : Map.of("en", "Setup ", "pl", "Wdrożenie ", "cs", "Zavedení ")
                .entrySet()) {
            Document report = page(signedIn(testUsers.create(Role.MANAGER, reader.getKey())), path);
            assertThat(report.select("table.report-table tbody td").eachText()).as(reader.getKey())
                    .containsExactly(reader.getValue() + suffix, reader.getKey().equals("en") ? "100.00" : "100,00");
        }
    }


    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String byStatus(String field, String op, String value) {
        return "/analytics/reports/new?" + mine() + "&filterField=" + field + "&filterOp=" + op + "&filterValue="
                + enc(value) + "&group=status&fn=COUNT&measureField=";
    }

    @Test
    void a_page_takes_numbers_and_days_as_its_reader_writes_them_and_keeps_them_plain() {
        deals();
        // more than 1,000.50 PLN: the won 1,234.50 and the open 2,000
        Map<String, Http> readers = Map.of("1 000,5", signedIn(testUsers.create(Role.MANAGER, "pl")),
                "1\u00a0000,5", signedIn(testUsers.create(Role.MANAGER, "cs")),
                "1\u202f000,50", signedIn(testUsers.create(Role.MANAGER, "cs")),
                "1,000.5", signedIn(testUsers.create(Role.MANAGER, "en")));
        readers.forEach((written, reader) -> {
            Document page = page(reader, byStatus("amount", "GT", written));
            assertThat(page.selectFirst(".flash.error")).as(written).isNull();
            assertThat(page.select("table.report-table tbody tr")).as(written).hasSize(2);
            assertThat(page.select(".report-save input[name=filterValue]").eachAttr("value")).as("kept plain")
                    .contains(written.endsWith("50") ? "1000.50" : "1000.5");
        });
        Document pl = page(signedIn(testUsers.create(Role.MANAGER, "pl")), byStatus("closedAt", "GE", "20.06.2023"));
        assertThat(pl.selectFirst(".flash.error")).isNull();
        assertThat(pl.select(".report-save input[name=filterValue]").eachAttr("value")).contains("2023-06-20");
        assertThat(pl.select("table.report-table tbody tr")).as("the won two and the lost one").hasSize(2);
        assertThat(pl.select(".report-row input[name=filterValue][type=date]")).as("a day is picked").hasSize(1);

        Document wrong = page(signedIn(testUsers.create(Role.MANAGER, "pl")), byStatus("amount", "GT", "tysiąc"));
        assertThat(wrong.selectFirst(".flash.error").text()).isEqualTo("Wpisz liczbę, np. 1 000,50.");
        Document wrongDay = page(signedIn(testUsers.create(Role.MANAGER, "cs")), byStatus("closedAt", "GE", "zítra"));
        assertThat(wrongDay.selectFirst(".flash.error").text()).isEqualTo("Zadejte datum, např. 31. 3. 2026.");
        // the API keeps plain numbers
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "filters": [{"field": "amount", "op": "GT", "value": "1 000,5"}]}""").status())
                .isEqualTo(400);
    }

    @Test
    void a_condition_is_named_for_its_field_a_date_from_a_number_at_least() {
        deals();
        Document pl = page(signedIn(testUsers.create(Role.MANAGER, "pl")), "/analytics/reports/new?" + mine()
                + "&filterField=closedAt&filterOp=GE&filterValue=2023-03-31&filterField=amount&filterOp=GT"
                + "&filterValue=1000.5&group=status&fn=COUNT&measureField=");
        String summary = plain(pl.selectFirst(".report-filter-summary").text());
        assertThat(summary).contains("Data zamknięcia od ", "Kwota więcej niż 1 000,50").doesNotContain("/");
        // the first condition is the owner
        var rows = pl.select(".report-form .report-row:has(select[name=filterOp])");
        assertThat(rows.get(1).selectFirst("select[name=filterOp] option[value=GE]").text()).isEqualTo("od");
        assertThat(rows.get(2).selectFirst("select[name=filterOp] option[value=GE]").text()).isEqualTo("co najmniej");
        Document en = page(signedIn(testUsers.create(Role.MANAGER, "en")), "/analytics/reports/new?" + mine()
                + "&filterField=closedAt&filterOp=LT&filterValue=2026-03-31");
        assertThat(en.selectFirst(".report-filter-summary").text()).contains("Closed is before Mar 31, 2026")
                .doesNotContain("less than");
    }

    @Test
    void a_third_grouping_is_refused_on_the_page_and_over_the_api() {
        Document page = page(signedIn(testUsers.create(Role.MANAGER, "en")), "/analytics/reports/new?subject=deals"
                + "&group=status&grain=&group=owner&grain=&group=stage&grain=&fn=COUNT&measureField=");
        assertThat(page.selectFirst(".flash.error").text()).isEqualTo("A report is grouped by at most two fields.");
        assertThat(page.select("table.report-table")).isEmpty();
        Http.Response api = apiAs(Role.MANAGER).postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "groupBy": [{"field": "status"}, {"field": "owner"}, {"field": "stage"}]}""");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.json().at("/errors/0/field").asString()).startsWith("groupBy");
    }
}
