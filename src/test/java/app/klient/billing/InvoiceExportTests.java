package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import app.klient.catalog.ExchangeRates;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.IsdocSchema;
import app.klient.support.WebTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The accountant's export of a period: its rows and sums are the invoices issued in it (the test's own, told apart
 * by their buyers, since other tests issue invoices on the same days), the XLSX has real numbers and dates, the ZIP
 * one entry per file, every export is audited, and bad input is a translated 400.
 */
class InvoiceExportTests extends WebTest {

    @Autowired
    ExchangeRates rates;

    @Test
    void a_periods_rows_and_sums_are_the_invoices_and_corrections_issued_in_it() throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            Issued issued = issueSome();
            LocalDate today = LocalDate.parse(issued.invoice.get("issueDate").asString());
            UserSummary admin = testUsers.create(Role.ADMIN);
            HttpResponse<byte[]> response = download(admin, "/api/v1/invoices/export?from=" + today + "&to=" + today
                    + "&format=csv", "en");
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("klient-invoices-" + today + "-" + today + ".csv");
            String text = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("\uFEFF");
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(new ByteArrayInputStream(text.substring(1)
                            .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).getRecords();
            long issuedToday = jdbc.sql("select count(*) from invoices where issue_date = :day").param("day", today)
                    .query(Long.class).single();
            assertThat(records).as("every invoice and correction of the day, one row each").hasSize((int) issuedToday);
            List<CSVRecord> mine = records.stream().filter(r -> issued.buyers.contains(r.get("Buyer"))).toList();
            assertThat(mine).extracting(r -> r.get("Number")).containsExactlyInAnyOrder(
                    issued.invoice.get("number").asString(), issued.correction.get("number").asString(),
                    issued.czech.get("number").asString());

            CSVRecord invoice = row(mine, issued.invoice);
            assertThat(invoice.get("Kind")).isEqualTo("Invoice");
            assertThat(invoice.get("Kind code")).isEqualTo("INVOICE");
            assertThat(invoice.get("Issue date")).isEqualTo(today.toString());
            assertThat(invoice.get("Net 23 %")).isEqualTo("200.00");
            assertThat(invoice.get("VAT 23 %")).isEqualTo("46.00");
            assertThat(invoice.get("Gross 23 %")).isEqualTo("246.00");
            assertThat(invoice.get("Net 8 %")).isEqualTo("50.00");
            assertThat(invoice.get("VAT 8 %")).isEqualTo("4.00");
            assertThat(invoice.get("Net 5 %")).as("no such line").isEmpty();
            assertThat(invoice.get("Net exempt")).isEqualTo("30.00");
            assertThat(invoice.get("Buyer tax number (national)")).isEqualTo("5213017228");
            assertThat(invoice.get("Currency")).isEqualTo(rates.companyCurrency());
            assertThat(invoice.get("VAT in company currency")).isEqualTo("50.00");

            CSVRecord correction = row(mine, issued.correction);
            assertThat(correction.get("Kind")).isEqualTo("Correction");
            assertThat(correction.get("Kind code")).isEqualTo("CORRECTION");
            assertThat(correction.get("Corrected invoice")).isEqualTo(issued.invoice.get("number").asString());
            assertThat(correction.get("Corrected invoice issued")).isEqualTo(today.toString());
            assertThat(correction.get("Net 23 %")).isEqualTo("-100.00");
            assertThat(correction.get("VAT 23 %")).isEqualTo("-23.00");

            CSVRecord czech = row(mine, issued.czech);
            assertThat(czech.get("Currency")).isEqualTo("CZK");
            assertThat(new BigDecimal(czech.get("Exchange rate"))).isEqualByComparingTo(issued.czech
                    .get("exchangeRate").decimalValue());
            assertThat(czech.get("Rate date")).isEqualTo(issued.czech.get("exchangeRateDate").asString());
            assertThat(czech.get("Rate table")).isEqualTo("236/A/NBP/2026");
            assertThat(new BigDecimal(czech.get("VAT in company currency"))).isEqualByComparingTo(issued.czech
                    .get("taxTotalInCompanyCurrency").decimalValue());
            assertThat(czech.get("Buyer country")).isEqualTo("CZ");

            for (String[] total : new String[][] { { "Net total", "netTotal" }, { "VAT total", "taxTotal" },
                { "Gross total", "grossTotal" } }) {
                BigDecimal exported = mine.stream().map(r -> new BigDecimal(r.get(total[0])))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal wanted = issued.all().stream().map(j -> j.get(total[1]).decimalValue())
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(exported).as(total[0]).isEqualByComparingTo(wanted);
            }

            String audited = jdbc.sql("""
                    select summary from audit_events where action = 'EXPORT' and entity_type = 'invoice'
                    and actor_id = :admin order by id desc limit 1""").param("admin", admin.id())
                    .query(String.class).single();
            assertThat(audited).contains("CSV").contains(today + ".." + today).contains(issuedToday + " rows");

            HttpResponse<byte[]> onlyCzech = download(admin, "/api/v1/invoices/export?from=" + today + "&to=" + today
                    + "&country=CZ", "en");
            String czechText = new String(onlyCzech.body(), StandardCharsets.UTF_8);
            assertThat(czechText).contains(issued.czech.get("number").asString())
                    .doesNotContain(issued.invoice.get("number").asString() + ",");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void the_xlsx_has_headers_in_the_readers_language_real_numbers_and_dates_and_the_zip_one_entry_per_file()
            throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            Issued issued = issueSome();
            LocalDate today = LocalDate.parse(issued.invoice.get("issueDate").asString());
            UserSummary manager = testUsers.create(Role.MANAGER);
            HttpResponse<byte[]> xlsx = download(manager, "/api/v1/invoices/export?from=" + today + "&to=" + today
                    + "&format=xlsx", "pl");
            assertThat(xlsx.statusCode()).isEqualTo(200);
            assertThat(xlsx.headers().firstValue("Content-Type").orElse(""))
                    .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = workbook.getSheetAt(0);
                assertThat(sheet.getSheetName()).isEqualTo("Faktury");
                Row header = sheet.getRow(0);
                List<String> names = new ArrayList<>();
                header.forEach(c -> names.add(c.getStringCellValue()));
                assertThat(names).contains("Numer", "Nabywca", "Netto 23 %", "VAT 23 %", "Razem brutto",
                        "Numer KSeF");
                Row row = null;
                for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                    if (sheet.getRow(i).getCell(0).getStringCellValue().equals(issued.invoice.get("number")
                            .asString())) {
                        row = sheet.getRow(i);
                    }
                }
                assertThat(row).isNotNull();
                Cell net = row.getCell(names.indexOf("Netto 23 %"));
                assertThat(net.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(net.getNumericCellValue()).isEqualTo(200.0);
                Cell gross = row.getCell(names.indexOf("Razem brutto"));
                assertThat(BigDecimal.valueOf(gross.getNumericCellValue())).isEqualByComparingTo(issued.invoice
                        .get("grossTotal").decimalValue());
                Cell issuedOn = row.getCell(names.indexOf("Data wystawienia"));
                assertThat(issuedOn.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(DateUtil.isCellDateFormatted(issuedOn)).isTrue();
                assertThat(issuedOn.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(today);
            }

            HttpResponse<byte[]> zip = download(manager, "/api/v1/invoices/export?from=" + today + "&to=" + today
                    + "&format=zip", "en");
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
            Map<String, byte[]> entries = new HashMap<>();
            int count = 0;
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    entries.put(entry.getName(), in.readAllBytes());
                    count++;
                }
            }
            long files = jdbc.sql("""
                    select (select count(*) from invoice_files f join invoices i on i.id = f.invoice_id
                            where i.issue_date = :day and f.format = 'FA3')
                         + (select count(*) from invoices where issue_date = :day
                            and (seller_country = 'CZ' or buyer_country = 'CZ'))""").param("day", today)
                    .query(Long.class).single();
            assertThat(count).as("one entry per file, none twice").isEqualTo(files).isEqualTo(entries.size());
            String czechFile = IsdocFiles.filename(issued.czech.get("number").asString());
            assertThat(entries).containsKey(czechFile);
            assertThat(IsdocSchema.errors(entries.get(czechFile))).isEmpty();
            assertThat(entries).doesNotContainKey(IsdocFiles.filename(issued.invoice.get("number").asString()));
            assertThat(jdbc.sql("""
                    select summary from audit_events where action = 'EXPORT' and entity_type = 'invoice'
                    and actor_id = :id order by id desc limit 1""").param("id", manager.id()).query(String.class)
                    .single()).contains("ZIP").contains(files + " files");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void bad_periods_and_formats_are_refused_in_the_readers_language_and_only_administrators_and_managers_export() {
        Http admin = apiAs(Role.ADMIN).language("pl");
        Http.Response backwards = admin.get("/api/v1/invoices/export?from=2026-11-30&to=2026-11-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body()).contains("Okres zaczyna się po swoim końcu");
        Http.Response tooLong = admin.get("/api/v1/invoices/export?from=2024-01-01&to=2026-01-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("najwyżej 400 dni");
        assertThat(admin.get("/api/v1/invoices/export?from=2026-01-01&to=2027-02-05").status()).as("401 days")
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/invoices/export?from=2026-01-01&to=2027-02-04&format=csv").status())
                .as("400 days").isEqualTo(200);
        Http.Response format = admin.get("/api/v1/invoices/export?from=2026-11-01&to=2026-11-30&format=pdf");
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.body()).contains("csv, xlsx lub zip");
        assertThat(admin.get("/api/v1/invoices/export?from=1.11.2026&to=2026-11-30").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/invoices/export").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/invoices/export?from=2026-11-01&to=2026-11-30&country=DE").status())
                .isEqualTo(400);
        for (Role role : List.of(Role.SALES, Role.MARKETING, Role.SUPPORT, Role.READ_ONLY)) {
            assertThat(apiAs(role).get("/api/v1/invoices/export?from=2026-11-01&to=2026-11-30").status())
                    .as(role.name()).isEqualTo(403);
        }

        Http manager = signedInAs(Role.MANAGER);
        assertThat(manager.get("/invoices").body()).contains("action=\"/invoices/export\"");
        Http.Response page = manager.get("/invoices/export?from=2026-11-01&to=2026-11-30&format=csv");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/csv");
        assertThat(manager.get("/invoices/export?from=2026-11-30&to=2026-11-01").status()).isEqualTo(400);
        Http sales = signedInAs(Role.SALES);
        assertThat(sales.get("/invoices").body()).doesNotContain("/invoices/export");
        assertThat(sales.get("/invoices/export?from=2026-11-01&to=2026-11-30").status()).isEqualTo(403);
    }

    @Test
    void reverse_charge_is_split_as_in_the_fa3_file_intra_eu_supply_export_and_services_taxed_abroad()
            throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            Http api = apiAs(Role.MANAGER);
            Http.Response product = api.postJson("/api/v1/products", """
                    {"sku": "EXP-%s", "name": "Machine %s", "kind": "PRODUCT", "unitPrice": 1000, "currency": "PLN",
                     "taxRate": 23}""".formatted(UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID()));
            assertThat(product.status()).as(product.body()).isEqualTo(201);
            long machine = product.json().get("id").asLong();
            String germanName = "Berlin GmbH " + UUID.randomUUID();
            long german = company(api, germanName, "DE", "DE136695976");
            JsonNode eu = issue(api, """
                    {"companyId": %d, "reverseCharge": true, "lines": [
                     {"description": "Beratung", "quantity": 10, "unitPrice": 150, "taxRate": 23},
                     {"productId": %d, "quantity": 2}]}""".formatted(german, machine));
            String norwegianName = "Oslo AS " + UUID.randomUUID();
            long norwegian = api.postJson("/api/v1/companies", """
                    {"name": "%s", "country": "NO", "taxId": "923609016MVA", "billingAddress": {
                     "street": "Karl Johans gate 1", "city": "Oslo", "postalCode": "0154", "country": "NO"}}"""
                    .formatted(norwegianName)).json().get("id").asLong();
            JsonNode abroad = issue(api, """
                    {"companyId": %d, "reverseCharge": true, "lines": [
                     {"description": "Consulting", "quantity": 4, "unitPrice": 250, "taxRate": 23},
                     {"productId": %d, "quantity": 1}]}""".formatted(norwegian, machine));
            LocalDate today = LocalDate.parse(eu.get("issueDate").asString());
            List<CSVRecord> records = csv(download(testUsers.create(Role.ADMIN), "/api/v1/invoices/export?from="
                    + today + "&to=" + today, "en"));
            CSVRecord euRow = row(records, eu);
            assertThat(euRow.get("Net intra-EU supply of goods (WDT, 0 %)")).as("P_13_6_2").isEqualTo("2000.00");
            assertThat(euRow.get("Net EU services, art. 28b (np)")).as("P_13_9").isEqualTo("1500.00");
            assertThat(euRow.get("Net export of goods (EX, 0 %)")).isEmpty();
            assertThat(euRow.get("Net other supply outside Poland (np)")).isEmpty();
            CSVRecord abroadRow = row(records, abroad);
            assertThat(abroadRow.get("Net export of goods (EX, 0 %)")).as("P_13_6_3").isEqualTo("1000.00");
            assertThat(abroadRow.get("Net other supply outside Poland (np)")).as("P_13_8").isEqualTo("1000.00");
            assertThat(abroadRow.get("Net intra-EU supply of goods (WDT, 0 %)")).isEmpty();
            assertThat(abroadRow.get("Net EU services, art. 28b (np)")).isEmpty();
        }
        finally {
            seller(before);
        }
    }

    @Test
    void foreign_currency_rows_give_the_tax_base_per_rate_in_the_company_currency_rounded_per_rate()
            throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            Issued issued = issueSome();
            Http api = apiAs(Role.MANAGER);
            long czechBuyer = api.postJson("/api/v1/companies", """
                    {"name": "Kurz s.r.o. %s", "country": "CZ", "registrationNumber": "45274649", "billingAddress": {
                     "street": "Dlouhá 12", "city": "Brno", "postalCode": "602 00", "country": "CZ"}}"""
                    .formatted(UUID.randomUUID())).json().get("id").asLong();
            JsonNode czech = issue(api, """
                    {"companyId": %d, "currency": "CZK", "language": "cs", "lines": [
                     {"description": "Čerpadlo", "quantity": 1, "unitPrice": 1000.55, "taxRate": 23},
                     {"description": "Kniha", "quantity": 1, "unitPrice": 333.33, "taxRate": 8}]}"""
                    .formatted(czechBuyer));
            LocalDate today = LocalDate.parse(czech.get("issueDate").asString());
            String company = rates.companyCurrency();
            List<CSVRecord> records = csv(download(testUsers.create(Role.ADMIN), "/api/v1/invoices/export?from="
                    + today + "&to=" + today, "en"));
            CSVRecord row = row(records, czech);
            assertThat(row.get("Net 23 % in " + company)).as("1000.55 CZK × 0.1712").isEqualTo("171.29");
            assertThat(row.get("Net 8 % in " + company)).as("333.33 CZK × 0.1712").isEqualTo("57.07");
            assertThat(row.get("Net 5 % in " + company)).isEmpty();
            CSVRecord polish = row(records, issued.invoice);
            assertThat(polish.get("Net 23 % in " + company)).as("already in the company currency")
                    .isEqualTo("200.00");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void the_kind_is_written_in_the_readers_language_with_its_code_beside_in_csv_and_xlsx() throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            Issued issued = issueSome();
            LocalDate today = LocalDate.parse(issued.invoice.get("issueDate").asString());
            UserSummary admin = testUsers.create(Role.ADMIN);
            String period = "/api/v1/invoices/export?from=" + today + "&to=" + today;
            List<CSVRecord> polish = csv(download(admin, period, "pl"));
            assertThat(polishRow(polish, issued.invoice).get("Rodzaj")).isEqualTo("Faktura");
            assertThat(polishRow(polish, issued.correction).get("Rodzaj")).isEqualTo("Faktura korygująca");
            assertThat(polishRow(polish, issued.correction).get("Kod rodzaju")).isEqualTo("CORRECTION");
            List<CSVRecord> czech = csv(download(admin, period, "cs"));
            CSVRecord czechCorrection = czech.stream().filter(r -> r.get("Číslo").equals(issued.correction
                    .get("number").asString())).findFirst().orElseThrow();
            assertThat(czechCorrection.get("Druh")).isEqualTo("Opravný daňový doklad");
            assertThat(czech.stream().map(r -> r.get("Druh"))).doesNotContain("INVOICE", "CORRECTION");
            HttpResponse<byte[]> xlsx = download(admin, period + "&format=xlsx", "pl");
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = workbook.getSheetAt(0);
                List<String> names = new ArrayList<>();
                sheet.getRow(0).forEach(c -> names.add(c.getStringCellValue()));
                List<String> kinds = new ArrayList<>();
                for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                    kinds.add(sheet.getRow(i).getCell(names.indexOf("Rodzaj")).getStringCellValue());
                }
                assertThat(kinds).contains("Faktura", "Faktura korygująca").doesNotContain("INVOICE", "CORRECTION");
            }
        }
        finally {
            seller(before);
        }
    }

    private static CSVRecord polishRow(List<CSVRecord> rows, JsonNode invoice) {
        return rows.stream().filter(r -> r.get("Numer").equals(invoice.get("number").asString())).findFirst()
                .orElseThrow();
    }

    @Test
    void every_header_is_unique_and_only_the_eu_vat_number_is_called_dic_in_czech() throws Exception {
        UserSummary admin = testUsers.create(Role.ADMIN);
        for (String language : List.of("en", "pl", "cs")) {
            HttpResponse<byte[]> response = download(admin, "/api/v1/invoices/export?from=2026-11-01&to=2026-11-01",
                    language);
            String text = new String(response.body(), StandardCharsets.UTF_8).substring(1);
            List<String> header = List.copyOf(CSVFormat.DEFAULT.parse(new java.io.StringReader(text)).getRecords()
                    .get(0).toList());
            assertThat(header).as(language).doesNotHaveDuplicates();
            if (language.equals("cs")) {
                assertThat(header.stream().filter(h -> h.contains("DIČ"))).as("one DIČ column").hasSize(1);
            }
        }
    }

    @Test
    void a_bad_period_on_the_form_shows_the_invoice_list_again_with_the_reason_beside_the_dates() {
        Http manager = signedInAs(Role.MANAGER);
        Http.Response backwards = manager.get("/invoices/export?from=2026-11-30&to=2026-11-01&format=csv&lang=pl");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.contentType()).startsWith("text/html");
        assertThat(backwards.body()).contains("action=\"/invoices/export\"")
                .contains("Okres zaczyna się po swoim końcu").contains("value=\"2026-11-30\"")
                .contains("value=\"2026-11-01\"").contains("id=\"export-error\"");
        Http.Response tooLong = manager.get("/invoices/export?from=2024-01-01&to=2026-01-01&lang=pl");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("action=\"/invoices/export\"").contains("najwyżej 400 dni");
        Http.Response empty = manager.get("/invoices/export?from=&to=&lang=pl");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("action=\"/invoices/export\"").contains("RRRR-MM-DD");
        Http.Response api = apiAs(Role.ADMIN).get("/api/v1/invoices/export?from=2026-11-30&to=2026-11-01");
        assertThat(api.contentType()).as("the API keeps its problem").startsWith("application/problem+json");
    }

    private static List<CSVRecord> csv(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        String text = new String(response.body(), StandardCharsets.UTF_8).substring(1);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(text)).getRecords();
    }

    /** A Polish invoice (23, 8 % and exempt), its correction and a Czech customer's invoice in CZK, all today. */
    private Issued issueSome() {
        Http admin = apiAs(Role.ADMIN);
        LocalDate wanted = rates.workingDays().lastBefore(LocalDate.now());
        assertThat(admin.postJson("/api/v1/exchange-rates", """
                {"currency": "CZK", "rate": 0.1712, "validFrom": "%s", "tableNumber": "236/A/NBP/2026"}"""
                .formatted(wanted)).status()).isEqualTo(201);
        Http api = apiAs(Role.MANAGER);
        String polishName = "Księgowa Sp. z o.o. " + UUID.randomUUID();
        Http.Response made = api.postJson("/api/v1/companies", """
                {"name": "%s", "country": "PL", "taxId": "5213017228", "billingAddress": {"street": "Długa 5",
                 "city": "Warszawa", "postalCode": "00-001", "country": "PL"}}""".formatted(polishName));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode invoice = issue(api, """
                {"companyId": %d, "language": "pl", "exemptionBasis": "art. 43 ust. 1 pkt 29 ustawy o VAT",
                 "lines": [{"description": "Pompa", "quantity": 2, "unitPrice": 100, "taxRate": 23},
                 {"description": "Książka", "quantity": 1, "unitPrice": 50, "taxRate": 8},
                 {"description": "Szkolenie", "quantity": 1, "unitPrice": 30, "taxExempt": true}]}"""
                .formatted(made.json().get("id").asLong()));
        Http.Response corrected = api.postJson("/api/v1/invoices/" + invoice.get("id").asLong() + "/corrections", """
                {"reason": "Zwrot", "lines": [{"description": "Pompa", "quantity": -1}]}""");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        String czechName = "Účetní s.r.o. " + UUID.randomUUID();
        long czechBuyer = api.postJson("/api/v1/companies", """
                {"name": "%s", "country": "CZ", "registrationNumber": "45274649", "billingAddress": {
                 "street": "Dlouhá 12", "city": "Brno", "postalCode": "602 00", "country": "CZ"}}"""
                .formatted(czechName)).json().get("id").asLong();
        JsonNode czech = issue(api, """
                {"companyId": %d, "currency": "CZK", "language": "cs", "lines": [{"description": "Čerpadlo",
                 "quantity": 1, "unitPrice": 1000, "taxRate": 23}]}""".formatted(czechBuyer));
        return new Issued(invoice, corrected.json(), czech, List.of(polishName, czechName));
    }

    private record Issued(JsonNode invoice, JsonNode correction, JsonNode czech, List<String> buyers) {

        List<JsonNode> all() {
            return List.of(invoice, correction, czech);
        }
    }

    private static CSVRecord row(List<CSVRecord> rows, JsonNode invoice) {
        return rows.stream().filter(r -> r.get("Number").equals(invoice.get("number").asString())).findFirst()
                .orElseThrow();
    }

    private static JsonNode issue(Http api, String body) {
        Http.Response issued = api.postJson("/api/v1/invoices", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private HttpResponse<byte[]> download(UserSummary user, String path, String language) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + tokens.issue(user)).header("Accept-Language", language).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
