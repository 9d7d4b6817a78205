package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Corrections (faktury korygujące): returns and price changes, at the invoiced terms, never beyond the invoice. */
class CorrectionTests extends WebTest {

    @Test
    void a_correction_by_product_uses_the_invoiced_price_and_names_the_original_by_number_and_date() throws Exception {
        UserSummary seller = testUsers.create(Role.MANAGER);
        Http api = api(seller);
        long product = api.postJson("/api/v1/products", """
                {"sku": "%s", "name": "Valve", "unit": "pcs", "category": "Parts", "unitPrice": 100,
                 "currency": "PLN", "taxRate": 23}""".formatted("KOR-" + UUID.randomUUID())).json().get("id").asLong();
        long buyer = company(api, "Zwroty " + UUID.randomUUID(), "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 3, "unitPrice": 80}]}"""
                .formatted(buyer, product)).json();
        long id = invoice.get("id").asLong();

        JsonNode correction = api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "One valve returned", "lines": [{"productId": %d, "quantity": -1}]}""".formatted(product))
                .json();
        assertThat(correction.get("lines").get(0).get("unitPrice").decimalValue()).as("the invoiced price")
                .isEqualByComparingTo("80");
        assertThat(correction.get("grossTotal").decimalValue()).isEqualByComparingTo("-98.40");
        assertThat(correction.get("correctsNumber").asString()).isEqualTo(invoice.get("number").asString());
        assertThat(correction.get("correctsIssueDate").asString()).isEqualTo(invoice.get("issueDate").asString());
        String page = signedIn(seller).get("/invoices/" + correction.get("id").asLong()).body();
        assertThat(page).contains(invoice.get("number").asString()).contains("corrects-date");

        String pdf = text(seller, "/api/v1/invoices/" + correction.get("id").asLong() + "/pdf");
        assertThat(pdf).as("art. 106j: the corrected invoice by number and issue date")
                .contains("Koryguje fakturę " + invoice.get("number").asString() + " z dnia ");
        assertThat(pdf).contains("Do zwrotu: 98,40 PLN").doesNotContain("Do zapłaty")
                .doesNotContain("Słownie: minus");
    }

    @Test
    void no_more_units_go_back_than_were_invoiced_counting_earlier_corrections() {
        Http api = apiAs(Role.MANAGER);
        long buyer = company(api, "Limit " + UUID.randomUUID(), "PL", null);
        long id = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 2, "unitPrice": 100, "taxRate": 23},
                  {"description": "Installation", "quantity": 10, "unitPrice": 100, "taxRate": 23}]}"""
                .formatted(buyer)).json().get("id").asLong();
        Http.Response tooMany = api.postJson("/api/v1/invoices/" + id + "/corrections",
                "{\"reason\": \"Return\", \"lines\": [{\"description\": \"Pump\", \"quantity\": -3}]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").findValuesAsString("field")).containsExactly("lines[0].quantity");
        assertThat(api.postJson("/api/v1/invoices/" + id + "/corrections",
                "{\"reason\": \"Return\", \"lines\": [{\"description\": \"Pump\", \"quantity\": -1}]}").status())
                .isEqualTo(201);
        Http.Response again = api.postJson("/api/v1/invoices/" + id + "/corrections",
                "{\"reason\": \"Return\", \"lines\": [{\"description\": \"pump\", \"quantity\": -2}]}");
        assertThat(again.status()).as("one of two is back already").isEqualTo(400);
        assertThat(again.json().get("errors").findValuesAsString("message").get(0)).contains("at most 1");
        assertThat(api.postJson("/api/v1/invoices/" + id + "/corrections",
                "{\"reason\": \"Return\", \"lines\": [{\"description\": \"Pump\", \"quantity\": -1}]}").status())
                .isEqualTo(201);
    }

    @Test
    void the_page_corrects_a_price_and_a_vat_rate_of_what_is_left_of_a_line() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long buyer = company(api, "Cena " + UUID.randomUUID(), "PL", null);
        long id = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 4, "unitPrice": 100, "taxRate": 23},
                  {"description": "Book", "quantity": 1, "unitPrice": 50, "taxRate": 23}]}"""
                .formatted(buyer)).json().get("id").asLong();
        Http browser = signedIn(seller);
        assertThat(browser.get("/invoices/" + id).body()).contains("name=\"price0\"").contains("name=\"rate1\"");
        String location = browser.postForm("/invoices/" + id + "/corrections", Map.of("reason", "Price agreed",
                "back0", "1", "price0", "90", "rate1", "5")).location();
        assertThat(location).startsWith("/invoices/").isNotEqualTo("/invoices/" + id);
        JsonNode correction = api.get("/api/v1" + location).json();
        // one pump back at 100; the three left back at 100 and again at 90; the book back at 23 % and again at 5 %
        assertThat(correction.get("lines").findValuesAsString("quantity")).hasSize(5);
        assertThat(correction.get("netTotal").decimalValue()).isEqualByComparingTo("-130.00");
        assertThat(correction.get("taxTotal").decimalValue()).as("-180 at 23 % and 50 at 5 %")
                .isEqualByComparingTo("-38.90");
        JsonNode original = api.get("/api/v1/invoices/" + id).json();
        assertThat(original.get("correctedTotal").decimalValue()).isEqualByComparingTo("-168.90");

        String refused = browser.postForm("/invoices/" + id + "/corrections", Map.of("reason", "Again",
                "back0", "4")).location();
        assertThat(refused).isEqualTo("/invoices/" + id);
        assertThat(browser.get(refused).body()).contains("at most 3");
    }

    private String text(UserSummary user, String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + tokens.issue(user))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(response.body())) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
        }
    }
}
