package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A leaving salesperson's open quotes and orders go to a colleague with the rest of their open work. */
class BillingHandoverTests extends WebTest {

    private static final String LINE = """
            "lines": [{"description": "Pallet rack", "quantity": 1, "unitPrice": 100, "taxRate": 23}]""";

    @Test
    void a_handover_moves_open_quotes_and_orders_and_leaves_decided_fulfilled_and_invoiced_ones() {
        UserSummary leaving = testUsers.create(Role.SALES);
        UserSummary taking = testUsers.create(Role.SALES);
        Http leaver = api(leaving);
        Http manager = apiAs(Role.MANAGER);
        long company = company(leaver, "Handed billing " + UUID.randomUUID(), "PL", null);
        String document = "{\"companyId\": %d, %s}".formatted(company, LINE);

        JsonNode draft = leaver.postJson("/api/v1/quotes", document).json();
        JsonNode sent = leaver.postJson("/api/v1/quotes", document).json();
        assertThat(leaver.postJson("/api/v1/quotes/" + sent.get("id").asLong() + "/sent", "{\"version\": "
                + sent.get("version").asInt() + "}").status()).isEqualTo(200);
        JsonNode rejected = leaver.postJson("/api/v1/quotes", document).json();
        assertThat(leaver.postJson("/api/v1/quotes/" + rejected.get("id").asLong() + "/reject", "{\"version\": "
                + rejected.get("version").asInt() + "}").status()).isEqualTo(200);

        JsonNode open = leaver.postJson("/api/v1/orders", document).json();
        JsonNode confirmed = status(leaver, leaver.postJson("/api/v1/orders", document).json(), "CONFIRMED");
        JsonNode fulfilled = status(leaver, leaver.postJson("/api/v1/orders", document).json(), "FULFILLED");
        JsonNode cancelled = status(leaver, leaver.postJson("/api/v1/orders", document).json(), "CANCELLED");
        JsonNode invoiced = leaver.postJson("/api/v1/orders", document).json();
        assertThat(leaver.postJson("/api/v1/invoices", "{\"orderId\": " + invoiced.get("id").asLong() + "}")
                .status()).isEqualTo(201);

        JsonNode preview = manager.get("/api/v1/handover/preview?fromUserId=" + leaving.id()).json();
        Map<String, Integer> counts = new HashMap<>();
        preview.forEach(p -> counts.put(p.get("kind").asString(), p.get("count").asInt()));
        assertThat(counts).containsEntry("quote", 2).containsEntry("order", 2);
        String page = signedInAs(Role.MANAGER).get("/admin/handover?fromUserId=" + leaving.id() + "&toUserId="
                + taking.id()).body();
        assertThat(page).contains("Open quotes", draft.get("number").asString(), "Open orders",
                open.get("number").asString());

        JsonNode result = manager.postJson("/api/v1/handover", "{\"fromUserId\": " + leaving.id() + ", \"toUserId\": "
                + taking.id() + "}").json();
        assertThat(result.get("moved").get("quote").asInt()).isEqualTo(2);
        assertThat(result.get("moved").get("order").asInt()).isEqualTo(2);

        for (JsonNode moved : new JsonNode[] { draft, sent }) {
            assertThat(owner("/api/v1/quotes/", moved)).isEqualTo(taking.id());
        }
        assertThat(owner("/api/v1/quotes/", rejected)).isEqualTo(leaving.id());
        for (JsonNode moved : new JsonNode[] { open, confirmed }) {
            assertThat(owner("/api/v1/orders/", moved)).isEqualTo(taking.id());
        }
        for (JsonNode kept : new JsonNode[] { fulfilled, cancelled, invoiced }) {
            assertThat(owner("/api/v1/orders/", kept)).as(kept.get("status").asString()).isEqualTo(leaving.id());
        }

        // an edit begun before the handover is stale
        assertThat(manager.putJson("/api/v1/quotes/" + draft.get("id").asLong(), "{\"companyId\": %d, \"version\": %d, %s}"
                .formatted(company, draft.get("version").asInt(), LINE)).status()).isEqualTo(409);
        assertThat(manager.postJson("/api/v1/orders/" + open.get("id").asLong() + "/status", "{\"status\": "
                + "\"CONFIRMED\", \"version\": " + open.get("version").asInt() + "}").status()).isEqualTo(409);
        // every moved record has its line in the audit log, and only those
        for (Object[] audited : new Object[][] { { "quote", draft, 1 }, { "quote", sent, 1 }, { "quote", rejected, 0 },
                { "order", open, 1 }, { "order", confirmed, 1 }, { "order", invoiced, 0 } }) {
            assertThat(jdbc.sql("select count(*) from audit_events where action = 'HANDOVER' and entity_type = :type "
                    + "and entity_id = :id").param("type", audited[0])
                    .param("id", String.valueOf(((JsonNode) audited[1]).get("id").asLong())).query(Integer.class)
                    .single()).as(audited[0] + " " + audited[1].toString()).isEqualTo(audited[2]);
        }
    }

    private long owner(String path, JsonNode record) {
        return apiAs(Role.MANAGER).get(path + record.get("id").asLong()).json().get("ownerId").asLong();
    }

    private static JsonNode status(Http api, JsonNode order, String status) {
        Http.Response changed = api.postJson("/api/v1/orders/" + order.get("id").asLong() + "/status",
                "{\"status\": \"" + status + "\", \"version\": " + order.get("version").asInt() + "}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return changed.json();
    }
}
