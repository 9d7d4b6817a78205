package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A line's VAT rate and unit: chosen, or the product's own; never 0 % because nobody said otherwise. */
class LineVatTests extends WebTest {

    @Test
    void a_free_text_line_without_a_rate_is_refused_naming_the_line() {
        Http api = apiAs(Role.SALES);
        long buyer = company(api, "Bez stawki " + UUID.randomUUID(), "PL", null);
        Http.Response refused = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [
                  {"description": "Montaż", "quantity": 1, "unitPrice": 100, "taxRate": 23},
                  {"description": "Dojazd", "quantity": 1, "unitPrice": 50}]}""".formatted(buyer));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("lines[1].taxRate");
        assertThat(refused.json().get("errors").findValuesAsString("message").get(0)).startsWith("Line 2");
        Http.Response quote = apiAs(Role.SALES).language("pl").postJson("/api/v1/quotes", """
                {"companyId": %d, "lines": [{"description": "Dojazd", "quantity": 1, "unitPrice": 50}]}"""
                .formatted(buyer));
        assertThat(quote.status()).isEqualTo(400);
        assertThat(quote.json().get("errors").findValuesAsString("message").get(0)).startsWith("Pozycja 1");

        JsonNode chosen = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "exemptionBasis": "art. 43 ust. 1 pkt 29 lit. a ustawy o VAT",
                 "lines": [{"description": "Dojazd", "quantity": 1, "unitPrice": 50, "taxRate": 0},
                  {"description": "Szkolenie", "quantity": 1, "unitPrice": 50, "taxExempt": true}]}"""
                .formatted(buyer)).json();
        assertThat(chosen.get("taxTotal").decimalValue()).as("0 % when chosen").isEqualByComparingTo("0");
    }

    @Test
    void a_product_keeps_its_own_rate_and_unit_priced_by_hand_or_by_list_through_quote_order_and_invoice() {
        Http manager = apiAs(Role.MANAGER);
        long product = manager.postJson("/api/v1/products", """
                {"sku": "%s", "name": "Consulting hour", "unit": "h", "category": "Services", "unitPrice": 40,
                 "currency": "EUR", "taxRate": 8}""".formatted("VAT-" + UUID.randomUUID())).json().get("id").asLong();
        long buyer = company(manager, "Stawka produktu " + UUID.randomUUID(), "PL", null);

        // an EUR product sold in PLN with no PLN price list: priced by hand
        JsonNode invoice = manager.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 2, "unitPrice": 170}]}"""
                .formatted(buyer, product)).json();
        JsonNode line = invoice.get("lines").get(0);
        assertThat(line.get("taxRate").decimalValue()).isEqualByComparingTo("8");
        assertThat(line.get("unit").asString()).isEqualTo("h");
        assertThat(invoice.get("taxTotal").decimalValue()).isEqualByComparingTo("27.20");

        JsonNode quote = manager.postJson("/api/v1/quotes", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 3, "unitPrice": 170}]}"""
                .formatted(buyer, product)).json();
        long quoteId = quote.get("id").asLong();
        JsonNode sent = manager.postJson("/api/v1/quotes/" + quoteId + "/sent",
                "{\"version\": %d}".formatted(quote.get("version").asInt())).json();
        JsonNode order = manager.postJson("/api/v1/quotes/" + quoteId + "/accept",
                "{\"version\": %d}".formatted(sent.get("version").asInt())).json();
        JsonNode fromOrder = manager.postJson("/api/v1/invoices", "{\"orderId\": %d}".formatted(order.get("id")
                .asLong())).json();
        for (JsonNode document : new JsonNode[] { quote, order, fromOrder }) {
            assertThat(document.get("lines").get(0).get("taxRate").decimalValue()).isEqualByComparingTo("8");
            assertThat(document.get("lines").get(0).get("unit").asString()).isEqualTo("h");
        }
    }
}
