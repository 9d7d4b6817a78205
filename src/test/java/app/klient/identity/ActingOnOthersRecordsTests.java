package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Acting on a record (deciding, cancelling, paying, invoicing, inviting, scoring) follows the rule of editing it. */
class ActingOnOthersRecordsTests extends WebTest {

    private static final String LINE = """
            "lines": [{"description": "Pallet rack", "quantity": 1, "unitPrice": 100, "taxRate": 23}]""";

    @Test
    void a_salesperson_cannot_decide_a_colleagues_quote() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http mine = api(owner);
        Http colleague = apiAs(Role.SALES);
        long company = company(mine, "Quote owner Co " + UUID.randomUUID(), "PL", null);
        JsonNode quote = mine.postJson("/api/v1/quotes", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        String path = "/api/v1/quotes/" + quote.get("id").asLong();
        String version = "{\"version\": %d}".formatted(quote.get("version").asInt());

        for (String action : new String[] { "/accept", "/reject", "/sent" }) {
            Http.Response refused = colleague.postJson(path + action, version);
            assertThat(refused.status()).as(action).isEqualTo(403);
            assertThat(refused.body()).as("nothing of the quote leaks").doesNotContain("Pallet rack");
        }
        assertThat(colleague.putJson(path, "{\"companyId\": %d, \"version\": %d, %s}".formatted(company,
                quote.get("version").asInt(), LINE)).status()).as("revise").isEqualTo(403);
        assertThat(mine.get(path).json().get("status").asString()).isEqualTo("DRAFT");

        // the page offers a colleague no decision, and says why when one is forced
        Http page = signedInAs(Role.SALES);
        String quotePage = "/quotes/" + quote.get("id").asLong();
        assertThat(page.get(quotePage).body()).doesNotContain(quotePage + "/accept");
        assertThat(signedIn(owner).get(quotePage).body()).contains(quotePage + "/accept");
        Http.Response forced = page.postForm(quotePage + "/accept", java.util.Map.of("version",
                String.valueOf(quote.get("version").asInt())));
        assertThat(forced.status()).isEqualTo(403);
        assertThat(forced.body()).contains("managers and administrators").doesNotContain("Your role does not allow");
        assertThat(mine.postJson(path + "/accept", version).status()).as("its owner decides it").isEqualTo(201);
    }

    @Test
    void a_salesperson_cannot_cancel_a_colleagues_order_nor_invoice_it_but_a_manager_can() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http mine = api(owner);
        Http colleague = apiAs(Role.SALES);
        long company = company(mine, "Order owner Co " + UUID.randomUUID(), "PL", null);
        JsonNode order = mine.postJson("/api/v1/orders", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        long orderId = order.get("id").asLong();

        assertThat(colleague.postJson("/api/v1/orders/" + orderId + "/status", "{\"status\": \"CANCELLED\", "
                + "\"version\": " + order.get("version").asInt() + "}").status()).isEqualTo(403);
        long invoices = count("invoices");
        assertThat(colleague.postJson("/api/v1/invoices", "{\"orderId\": " + orderId + "}").status())
                .as("taking the commission by invoicing another's order").isEqualTo(403);
        assertThat(count("invoices")).isEqualTo(invoices);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/orders/" + orderId + "/status",
                "{\"status\": \"CANCELLED\", \"version\": 0}").status()).isEqualTo(403);

        JsonNode invoice = apiAs(Role.MANAGER).postJson("/api/v1/invoices", "{\"orderId\": " + orderId + "}").json();
        assertThat(invoice.get("ownerId").asLong()).as("the order's owner stays the invoice's owner")
                .isEqualTo(owner.id());
        assertThat(mine.get("/api/v1/orders/" + orderId).json().get("status").asString()).isEqualTo("NEW");
    }

    @Test
    void a_salesperson_cannot_record_a_payment_on_a_colleagues_invoice() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http mine = api(owner);
        long company = company(mine, "Invoice owner Co " + UUID.randomUUID(), "PL", null);
        JsonNode invoice = mine.postJson("/api/v1/invoices", "{\"companyId\": %d, %s}".formatted(company, LINE))
                .json();
        long id = invoice.get("id").asLong();
        String payment = "{\"invoiceId\": %d, \"amount\": 10}".formatted(id);

        Http.Response refused = apiAs(Role.SALES).postJson("/api/v1/payments", payment);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(invoice.get("number").asString());
        assertThat(apiAs(Role.SALES).postJson("/api/v1/invoices/" + id + "/corrections",
                "{\"reason\": \"price\", \"lines\": [{\"description\": \"Pallet rack\", \"quantity\": -1, "
                        + "\"unitPrice\": 10, \"taxRate\": 23}]}").status()).isEqualTo(403);
        assertThat(mine.get("/api/v1/invoices/" + id + "/payments").json().size()).isZero();
        assertThat(mine.postJson("/api/v1/payments", payment).status()).isEqualTo(201);
    }

    @Test
    void a_meetings_invitation_is_sent_only_by_whoever_may_change_the_meeting() {
        Http mine = apiAs(Role.SALES);
        long guest = mine.postJson("/api/v1/contacts", """
                {"firstName": "Hana", "lastName": "Malá", "emails": ["hana.%s@invite.test"]}"""
                .formatted(UUID.randomUUID().toString().substring(0, 6))).json().get("id").asLong();
        long meeting = mine.postJson("/api/v1/activities", """
                {"type": "MEETING", "subject": "Demo of the line", "occurredAt": "2027-01-12T10:00:00+01:00",
                 "durationMinutes": 60, "contactId": %d}""".formatted(guest)).json().get("id").asLong();

        Http.Response refused = apiAs(Role.SALES).postJson("/api/v1/activities/" + meeting + "/invitation", "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("Demo of the line");
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/activities/" + meeting + "/invitation", "").status())
                .isEqualTo(403);
    }

    @Test
    void nobody_but_who_may_edit_a_lead_posts_its_score_events() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http mine = api(owner);
        JsonNode lead = mine.postJson("/api/v1/leads", "{\"lastName\": \"Scored\", \"ownerId\": %d}"
                .formatted(owner.id())).json();
        String events = "/api/v1/leads/" + lead.get("id").asLong() + "/events";

        assertThat(apiAs(Role.SALES).postJson(events, "{\"kind\": \"EMAIL_CLICKED\"}").status()).isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).postJson(events, "{\"kind\": \"EMAIL_CLICKED\"}").status()).isEqualTo(403);
        assertThat(mine.get("/api/v1/leads/" + lead.get("id").asLong()).json().get("score").asInt())
                .isEqualTo(lead.get("score").asInt());
        assertThat(mine.postJson(events, "{\"kind\": \"EMAIL_CLICKED\"}").status()).isEqualTo(200);
    }
}
