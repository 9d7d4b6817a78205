package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import app.klient.catalog.ExchangeRates;
import app.klient.catalog.WorkingDays;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What an issued invoice prints, read back from its PDF: exemption basis, rate table, identifiers, variable symbol. */
class PrintedInvoiceTests extends WebTest {

    @Autowired
    ExchangeRates rates;

    @Test
    void an_exempt_invoice_needs_the_legal_basis_of_the_exemption_and_prints_it() throws Exception {
        Map<String, String> before = seller(Map.of("exemptionBasis", ""));
        try {
            UserSummary seller = testUsers.create(Role.SALES);
            Http api = api(seller);
            long buyer = company(api, "Szkoła Językowa " + UUID.randomUUID(), "PL", null);
            String exemptLine = """
                    {"description": "Kurs języka polskiego", "quantity": 1, "unitPrice": 900, "taxExempt": true}""";
            Http.Response refused = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "pl", "lines": [%s]}""".formatted(buyer, exemptLine));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("exemptionBasis");

            JsonNode issued = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "pl", "exemptionBasis": "art. 43 ust. 1 pkt 29 lit. a ustawy o VAT",
                     "lines": [%s]}""".formatted(buyer, exemptLine)).json();
            assertThat(issued.get("exemptionBasis").asString()).isEqualTo("art. 43 ust. 1 pkt 29 lit. a ustawy o VAT");
            assertThat(pdf(seller, issued)).contains("Podstawa zwolnienia z VAT: art. 43 ust. 1 pkt 29 lit. a ustawy o VAT");

            seller(Map.of("exemptionBasis", "§ 51 zákona o DPH"));
            JsonNode czech = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "cs", "lines": [%s]}""".formatted(buyer, exemptLine)).json();
            assertThat(pdf(seller, czech)).as("the seller's default").contains("Osvobozeno od DPH podle: § 51 zákona o DPH");

            JsonNode taxed = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "pl", "lines": [{"description": "Podręcznik", "quantity": 1,
                     "unitPrice": 50, "taxRate": 5}]}""".formatted(buyer)).json();
            assertThat(taxed.get("exemptionBasis").isNull()).as("nothing exempt, no basis").isTrue();
            assertThat(pdf(seller, taxed)).doesNotContain("zwolnienia");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void the_exchange_rate_is_the_table_of_the_last_working_day_before_the_sale_never_an_older_one() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        long buyer = company(admin, "Bukurești SRL " + UUID.randomUUID(), "RO", null);
        LocalDate today = LocalDate.now();
        LocalDate wanted = rates.workingDays().lastBefore(today);
        admin.postJson("/api/v1/exchange-rates", """
                {"currency": "RON", "rate": 0.8, "validFrom": "%s", "tableNumber": "1/A/NBP/2026"}"""
                .formatted(wanted.minusDays(12)));
        String invoice = """
                {"companyId": %d, "currency": "RON", "language": "pl", "lines": [{"description": "Usługa",
                 "quantity": 1, "unitPrice": 1000, "taxRate": 23}]}""".formatted(buyer);
        Http.Response stale = admin.postJson("/api/v1/invoices", invoice);
        assertThat(stale.status()).as("a rate 12 days old is not silently used").isEqualTo(400);
        assertThat(stale.json().get("errors").findValuesAsString("field")).containsExactly("currency");
        assertThat(stale.json().get("errors").get(0).get("message").asString()).contains(wanted.toString())
                .contains(wanted.minusDays(12).toString());

        assertThat(admin.postJson("/api/v1/exchange-rates", """
                {"currency": "RON", "rate": 0.8512, "validFrom": "%s", "tableNumber": "231/A/NBP/2026"}"""
                .formatted(wanted)).status()).isEqualTo(201);
        JsonNode issued = admin.postJson("/api/v1/invoices", invoice).json();
        assertThat(issued.get("exchangeRate").decimalValue()).isEqualByComparingTo("0.8512");
        assertThat(issued.get("exchangeRateDate").asString()).isEqualTo(wanted.toString());
        assertThat(issued.get("exchangeRateTable").asString()).isEqualTo("231/A/NBP/2026");
        UserSummary reader = testUsers.create(Role.ADMIN);
        assertThat(pdf(reader, issued)).as("230 RON × 0.8512 = 195.776")
                .contains("VAT w walucie krajowej: 195,78 PLN (kurs 1 RON = 0,8512 PLN)")
                .contains("Tabela kursów nr 231/A/NBP/2026 z dnia " + java.time.format.DateTimeFormatter
                        .ofLocalizedDate(java.time.format.FormatStyle.MEDIUM).withLocale(java.util.Locale.forLanguageTag("pl"))
                        .format(wanted));
        assertThat(admin.get("/api/v1/exchange-rates").body()).contains("231/A/NBP/2026");
    }

    @Test
    void the_last_working_day_skips_weekends_and_the_central_banks_holidays() {
        WorkingDays poland = new WorkingDays("PLN");
        assertThat(poland.lastBefore(LocalDate.of(2026, 11, 30))).as("Monday → Friday").isEqualTo("2026-11-27");
        assertThat(poland.lastBefore(LocalDate.of(2026, 11, 12))).as("after 11 November").isEqualTo("2026-11-10");
        assertThat(poland.lastBefore(LocalDate.of(2026, 4, 7))).as("after Easter Monday").isEqualTo("2026-04-03");
        assertThat(new WorkingDays("CZK").lastBefore(LocalDate.of(2026, 4, 7))).as("Good Friday in Czechia")
                .isEqualTo("2026-04-02");
        assertThat(poland.lastBefore(LocalDate.of(2026, 12, 28))).as("Christmas").isEqualTo("2026-12-23");
    }

    @Test
    void czech_documents_label_ico_and_dic_by_the_partys_country_and_print_the_variable_symbol() throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxId", "5261040828", "registrationNumber",
                "016298263", "vatId", "PL5261040828"));
        try {
            UserSummary seller = testUsers.create(Role.MANAGER);
            Http api = api(seller);
            Http.Response made = api.postJson("/api/v1/companies", """
                    {"name": "Strojírny %s", "country": "CZ", "taxId": "CZ45274649", "registrationNumber": "45274649",
                     "vatId": "CZ45274649", "billingAddress": {"street": "Dlouhá 12", "city": "Brno",
                     "postalCode": "602 00", "country": "CZ"}}""".formatted(UUID.randomUUID()));
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            long buyer = made.json().get("id").asLong();
            JsonNode invoice = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "cs", "lines": [{"description": "Čerpadlo", "quantity": 1,
                     "unitPrice": 100, "taxRate": 23}]}""".formatted(buyer)).json();
            String number = invoice.get("number").asString();
            String symbol = number.replaceAll("\\D", "").replaceFirst("^0+", "");
            assertThat(symbol.length()).isLessThanOrEqualTo(10);
            String text = pdf(seller, invoice);
            assertThat(text).contains("IČO: 45274649").contains("DIČ: CZ45274649")
                    .as("the Polish seller keeps its NIP and REGON").contains("NIP: 5261040828")
                    .contains("REGON: 016298263").doesNotContain("IČO: CZ").doesNotContain("IČO: 5261040828")
                    .contains("Variabilní symbol: " + symbol);
            assertThat(invoice.get("variableSymbol").asString()).isEqualTo(symbol);

            JsonNode polish = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "language": "pl", "lines": [{"description": "Pompa", "quantity": 1,
                     "unitPrice": 100, "taxRate": 23}]}""".formatted(buyer)).json();
            assertThat(pdf(seller, polish)).contains("IČO: 45274649").contains("DIČ: CZ45274649")
                    .contains("NIP: 5261040828").doesNotContain("Symbol zmienny");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void a_quote_from_a_deal_names_the_products_in_the_quotes_language_not_the_salespersons() throws Exception {
        String sku = "PUMP-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response product = apiAs(Role.MANAGER).postJson("/api/v1/products", """
                {"sku": "%s", "name": "Water pump", "namePl": "Pompa wodna", "nameCs": "Vodní čerpadlo",
                 "unitPrice": 500, "currency": "PLN", "taxRate": 23}""".formatted(sku));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        long productId = product.json().get("id").asLong();
        UserSummary seller = testUsers.create(Role.SALES);
        Http polish = api(seller).language("pl");
        long buyer = company(polish, "Vodárny " + UUID.randomUUID(), "CZ", null);
        Http.Response deal = polish.postJson("/api/v1/deals", """
                {"name": "Čerpadla", "companyId": %d, "currency": "PLN", "ownerId": %d, "lines": [
                 {"productId": %d, "quantity": 2}, {"productId": %d, "description": "Pompa wodna z montażem",
                 "quantity": 1}]}""".formatted(buyer, seller.id(), productId, productId));
        assertThat(deal.status()).as(deal.body()).isEqualTo(201);
        assertThat(deal.json().get("lines").get(0).get("description").asString()).isEqualTo("Pompa wodna");

        JsonNode quote = polish.postJson("/api/v1/quotes", """
                {"dealId": %d, "language": "cs"}""".formatted(deal.json().get("id").asLong())).json();
        assertThat(quote.get("lines").findValuesAsString("description"))
                .as("the product's Czech name; a description written by hand stays")
                .containsExactly("Vodní čerpadlo", "Pompa wodna z montażem");
        JsonNode english = polish.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "en", "lines": [{"productId": %d, "description": "Vodní čerpadlo",
                 "quantity": 1}]}""".formatted(buyer, productId)).json();
        assertThat(english.get("lines").get(0).get("description").asString()).isEqualTo("Water pump");
    }

    private String pdf(UserSummary user, JsonNode invoice) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/invoices/" + invoice.get("id").asLong() + "/pdf"))
                .header("Authorization", "Bearer " + tokens.issue(user)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(response.body())) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ')
                    .replaceAll("\\s*\\n\\s*", " ");
        }
    }
}
