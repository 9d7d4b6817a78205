package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QuoteOrderTests extends WebTest {

    @Test
    void a_quote_from_a_deal_is_revised_accepted_ordered_and_invoiced() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Quote Co " + UUID.randomUUID(), "PL", null);
        long deal = api.postJson("/api/v1/deals", """
                {"name": "Line", "companyId": %d, "ownerId": %d, "lines": [
                  {"description": "Conveyor", "quantity": 2, "unitPrice": 1000, "discountPercent": 5, "taxRate": 23}]}"""
                .formatted(company, seller.id())).json().get("id").asLong();

        JsonNode first = api.postJson("/api/v1/quotes", "{\"dealId\": %d, \"terms\": \"30 days\"}".formatted(deal))
                .json();
        assertThat(first.get("revision").asInt()).isEqualTo(1);
        assertThat(first.get("companyId").asLong()).isEqualTo(company);
        assertThat(first.get("netTotal").decimalValue()).as("the deal's line: 2 × 1000 − 5 %").isEqualByComparingTo("1900");
        assertThat(first.get("grossTotal").decimalValue()).isEqualByComparingTo("2337.00");
        long firstId = first.get("id").asLong();

        JsonNode second = api.putJson("/api/v1/quotes/" + firstId, """
                {"companyId": %d, "version": %d, "lines": [
                  {"description": "Conveyor", "quantity": 2, "unitPrice": 1000, "discountPercent": 10, "taxRate": 23}]}"""
                .formatted(company, first.get("version").asInt())).json();
        assertThat(second.get("revision").asInt()).isEqualTo(2);
        assertThat(second.get("rootId").asLong()).isEqualTo(firstId);
        assertThat(second.get("netTotal").decimalValue()).isEqualByComparingTo("1800");
        JsonNode kept = api.get("/api/v1/quotes/" + firstId).json();
        assertThat(kept.get("status").asString()).as("the revision changed is kept").isEqualTo("SUPERSEDED");
        assertThat(kept.get("netTotal").decimalValue()).isEqualByComparingTo("1900");
        assertThat(api.get("/api/v1/quotes/" + firstId + "/revisions").json().size()).isEqualTo(2);
        assertThat(api.postJson("/api/v1/quotes/" + firstId + "/accept", "{\"version\": 1}").status())
                .as("an old revision cannot be accepted").isEqualTo(409);

        long secondId = second.get("id").asLong();
        JsonNode sent = api.postJson("/api/v1/quotes/" + secondId + "/sent",
                "{\"version\": %d}".formatted(second.get("version").asInt())).json();
        JsonNode order = api.postJson("/api/v1/quotes/" + secondId + "/accept",
                "{\"version\": %d}".formatted(sent.get("version").asInt())).json();
        assertThat(order.get("quoteId").asLong()).isEqualTo(secondId);
        assertThat(order.get("grossTotal").decimalValue()).isEqualByComparingTo(second.get("grossTotal").decimalValue());
        assertThat(order.get("number").asString()).startsWith("ZAM/");
        assertThat(api.get("/api/v1/quotes/" + secondId).json().get("orderId").asLong())
                .isEqualTo(order.get("id").asLong());

        JsonNode invoice = api.postJson("/api/v1/invoices", "{\"orderId\": %d}".formatted(order.get("id").asLong()))
                .json();
        assertThat(invoice.get("grossTotal").decimalValue()).isEqualByComparingTo("2214.00");
        assertThat(invoice.get("companyId").asLong()).isEqualTo(company);
        assertThat(api.get("/api/v1/orders/" + order.get("id").asLong()).json().get("invoiceIds").get(0).asLong())
                .isEqualTo(invoice.get("id").asLong());
        assertThat(api.get("/api/v1/orders?companyId=" + company).json().get("total").asInt())
                .as("the purchase history").isEqualTo(1);
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").body()).as("on the customer's timeline")
                .contains("QUOTE_CREATED", "QUOTE_REVISED", "QUOTE_ACCEPTED", "ORDER_PLACED", "INVOICE_ISSUED")
                .contains(invoice.get("number").asString());
    }

    @Test
    void a_shop_sending_the_same_order_twice_gets_the_first_one_back() {
        Http shop = apiAs(Role.SALES);
        long company = company(shop, "Shop buyer " + UUID.randomUUID(), "PL", null);
        String externalId = "WOO-" + UUID.randomUUID();
        String body = """
                {"companyId": %d, "externalSource": "woocommerce", "externalId": "%s", "lines": [
                  {"description": "Mug", "quantity": 3, "unitPrice": 25, "taxRate": 23}]}""".formatted(company, externalId);
        long before = count("orders");
        Http.Response first = shop.postJson("/api/v1/orders", body);
        Http.Response again = shop.postJson("/api/v1/orders", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(count("orders")).isEqualTo(before + 1);

        long id = first.json().get("id").asLong();
        assertThat(shop.postJson("/api/v1/orders/" + id + "/status", "{\"status\": \"FULFILLED\", \"version\": 5}")
                .status()).as("stale").isEqualTo(409);
        JsonNode confirmed = shop.postJson("/api/v1/orders/" + id + "/status",
                "{\"status\": \"CONFIRMED\", \"version\": 0}").json();
        assertThat(confirmed.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(shop.postJson("/api/v1/orders/" + id + "/status", "{\"status\": \"NEW\", \"version\": 1}")
                .status()).as("backwards").isEqualTo(409);
        shop.postJson("/api/v1/orders/" + id + "/status", "{\"status\": \"CANCELLED\", \"version\": 1}");
        Http.Response invoice = shop.postJson("/api/v1/invoices", "{\"orderId\": %d}".formatted(id));
        assertThat(invoice.status()).as("a cancelled order is not invoiced").isEqualTo(400);

        for (String bad : new String[] {
                "{\"companyId\": %d, \"externalId\": \"x\", \"lines\": [{\"description\": \"A\", \"quantity\": 1, \"unitPrice\": 1, \"taxRate\": 23}]}",
                "{\"companyId\": %d, \"lines\": [{\"description\": \"A\", \"quantity\": -2, \"unitPrice\": 1, \"taxRate\": 23}]}",
                "{\"companyId\": %d, \"currency\": \"EURO\", \"lines\": [{\"description\": \"A\", \"quantity\": 1, \"unitPrice\": 1, \"taxRate\": 23}]}",
                "{\"companyId\": %d, \"lines\": [{\"productId\": 98765432, \"quantity\": 1}]}" }) {
            assertThat(shop.postJson("/api/v1/orders", bad.formatted(company)).status()).as(bad).isEqualTo(400);
        }
        assertThat(count("orders")).isEqualTo(before + 1);
    }
}
