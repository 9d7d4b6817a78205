package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A quote is decided once and makes one order; its revisions have one number each; an order is invoiced once. */
class QuoteDecisionTests extends WebTest {

    private static final String LINES =
            "[{\"description\": \"Conveyor\", \"quantity\": 1, \"unitPrice\": 1000, \"taxRate\": 23}]";

    private long quote(Http api, long company) {
        return api.postJson("/api/v1/quotes", "{\"companyId\": " + company + ", \"lines\": " + LINES + "}").json()
                .get("id").asLong();
    }

    private static boolean ok(Http.Response r) {
        return r.status() >= 200 && r.status() < 300;
    }

    @Test
    void a_quote_accepted_and_rejected_at_the_same_moment_is_decided_once() {
        Http api = apiAs(Role.SALES);
        long company = company(api, "Decided " + UUID.randomUUID(), "PL", null);
        for (int round = 0; round < 5; round++) {
            long id = quote(api, company);
            List<Http.Response> answers = Race.run(
                    () -> api.postJson("/api/v1/quotes/" + id + "/accept", "{\"version\": 0}"),
                    () -> api.postJson("/api/v1/quotes/" + id + "/reject", "{\"version\": 0}"));
            assertThat(answers).as("exactly one decision is taken").filteredOn(QuoteDecisionTests::ok).hasSize(1);
            assertThat(answers).filteredOn(r -> !ok(r)).extracting(Http.Response::status).containsExactly(409);
            String status = api.get("/api/v1/quotes/" + id).json().get("status").asString();
            long orders = jdbc.sql("select count(*) from orders where quote_id = :id").param("id", id)
                    .query(Long.class).single();
            assertThat(orders).as("orders from a quote that ended " + status)
                    .isEqualTo("ACCEPTED".equals(status) ? 1 : 0);
        }
    }

    @Test
    void a_quote_accepted_twice_at_the_same_moment_makes_one_order() {
        Http api = apiAs(Role.SALES);
        long company = company(api, "Once " + UUID.randomUUID(), "PL", null);
        long id = quote(api, company);
        List<Http.Response> answers = Race.run(
                () -> api.postJson("/api/v1/quotes/" + id + "/accept", "{\"version\": 0}"),
                () -> api.postJson("/api/v1/quotes/" + id + "/accept", "{\"version\": 0}"),
                () -> api.postJson("/api/v1/quotes/" + id + "/accept", "{\"version\": 0}"));
        assertThat(answers).filteredOn(QuoteDecisionTests::ok).hasSize(1);
        assertThat(jdbc.sql("select count(*) from orders where quote_id = :id").param("id", id).query(Long.class)
                .single()).isEqualTo(1);
        Http.Response late = api.postJson("/api/v1/quotes/" + id + "/reject", "{\"version\": 1}");
        assertThat(late.status()).as("a decided quote stays decided").isEqualTo(409);
        assertThat(late.json().get("detail").asString()).as("names the state it is in").contains("Accepted");
    }

    @Test
    void a_quote_revised_twice_at_the_same_moment_gets_one_next_revision() {
        Http api = apiAs(Role.SALES);
        long company = company(api, "Revised " + UUID.randomUUID(), "PL", null);
        long id = quote(api, company);
        List<Http.Response> answers = Race.run(
                () -> api.putJson("/api/v1/quotes/" + id, "{\"companyId\": " + company + ", \"terms\": \"A\", "
                        + "\"version\": 0, \"lines\": " + LINES + "}"),
                () -> api.putJson("/api/v1/quotes/" + id, "{\"companyId\": " + company + ", \"terms\": \"B\", "
                        + "\"version\": 0, \"lines\": " + LINES + "}"));
        assertThat(answers).filteredOn(QuoteDecisionTests::ok).hasSize(1);
        assertThat(answers).filteredOn(r -> !ok(r)).extracting(Http.Response::status).containsExactly(409);
        JsonNode revisions = api.get("/api/v1/quotes/" + id + "/revisions").json();
        assertThat(revisions.findValuesAsString("number")).as("numbers without twins").doesNotHaveDuplicates()
                .hasSize(2);
    }

    @Test
    void a_quote_decision_without_its_version_is_a_bad_request_naming_version() {
        Http api = apiAs(Role.SALES);
        long id = quote(api, company(api, "Unversioned " + UUID.randomUUID(), "PL", null));
        Http.Response refused = api.postJson("/api/v1/quotes/" + id + "/accept", "{}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("version");
        assertThat(api.get("/api/v1/quotes/" + id).json().get("status").asString()).isEqualTo("DRAFT");
    }

    @Test
    void an_order_is_invoiced_a_second_time_only_when_asked_to() {
        Http api = apiAs(Role.SALES);
        long company = company(api, "Invoiced " + UUID.randomUUID(), "PL", null);
        long order = api.postJson("/api/v1/orders", "{\"companyId\": " + company + ", \"lines\": " + LINES + "}")
                .json().get("id").asLong();
        assertThat(api.postJson("/api/v1/invoices", "{\"orderId\": " + order + "}").status()).isEqualTo(201);
        Http.Response again = api.postJson("/api/v1/invoices", "{\"orderId\": " + order + "}");
        assertThat(again.status()).as("invoiced already, not said again").isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already has an invoice");
        assertThat(api.postJson("/api/v1/invoices", "{\"orderId\": " + order + ", \"again\": true}").status())
                .as("invoiced again on purpose").isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from invoices where order_id = :id").param("id", order)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void an_order_invoiced_twice_at_the_same_moment_gets_one_invoice() {
        Http api = apiAs(Role.SALES);
        long company = company(api, "Twice " + UUID.randomUUID(), "PL", null);
        long order = api.postJson("/api/v1/orders", "{\"companyId\": " + company + ", \"lines\": " + LINES + "}")
                .json().get("id").asLong();
        List<Http.Response> answers = Race.run(
                () -> api.postJson("/api/v1/invoices", "{\"orderId\": " + order + "}"),
                () -> api.postJson("/api/v1/invoices", "{\"orderId\": " + order + "}"));
        assertThat(answers).filteredOn(QuoteDecisionTests::ok).hasSize(1);
        assertThat(jdbc.sql("select count(*) from invoices where order_id = :id").param("id", order)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_invoice_page_asks_before_invoicing_an_order_again() {
        // one salesperson on the page and over the API: invoicing a colleague's order is refused (access rule)
        app.klient.identity.UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        Http api = api(seller);
        long company = company(api, "Page " + UUID.randomUUID(), "PL", null);
        long order = api.postJson("/api/v1/orders", "{\"companyId\": " + company + ", \"lines\": " + LINES + "}")
                .json().get("id").asLong();
        assertThat(browser.get("/invoices/new?orderId=" + order).body()).doesNotContain("name=\"again\"");
        api.postJson("/api/v1/invoices", "{\"orderId\": " + order + "}");
        assertThat(browser.get("/invoices/new?orderId=" + order).body()).contains("name=\"again\"")
                .contains("This order already has an invoice");
        Map<String, String> form = Map.of("orderId", String.valueOf(order), "companyId", String.valueOf(company),
                "paymentMethod", "TRANSFER", "lines[0].description", "Conveyor", "lines[0].quantity", "1",
                "lines[0].unitPrice", "1000", "lines[0].taxRate", "23");
        Http.Response refused = browser.postForm("/invoices", form);
        assertThat(refused.status()).as("the form again, with the question").isEqualTo(200);
        assertThat(refused.body()).contains("already has an invoice").contains("name=\"again\"");
        Map<String, String> confirmed = new java.util.HashMap<>(form);
        confirmed.put("again", "true");
        assertThat(browser.postForm("/invoices", confirmed).location()).startsWith("/invoices/");
        assertThat(jdbc.sql("select count(*) from invoices where order_id = :id").param("id", order)
                .query(Long.class).single()).isEqualTo(2);
    }
}
