package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SupportFormTests extends WebTest {

    @Test
    void the_public_form_opens_a_ticket_and_turns_spam_away_storing_nothing() {
        Http visitor = Http.on(port);
        String email = "visitor." + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
        long before = count("tickets");
        Http.Response ok = visitor.postFormRaw("/forms/support", Map.of("email", email, "subject", "Cannot log in",
                "description", "Since Monday."));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("opened ticket T-");
        assertThat(count("tickets")).isEqualTo(before + 1);
        assertThat(jdbc.sql("select channel from tickets where requester_email = :e").param("e", email)
                .query(String.class).single()).isEqualTo("WEB");

        String[][] refused = {
                { "honeypot", email, "Spam", "website" },
                { "no e-mail", "", "Help", "" },
                { "bad e-mail", "not-an-address", "Help", "" },
                { "no subject", email, "", "" },
                { "script", email, "<script>alert(1)</script>", "" },
                { "oversized", email, "x".repeat(301), "" } };
        for (String[] r : refused) {
            Map<String, String> form = new java.util.HashMap<>(Map.of("email", r[1], "subject", r[2]));
            if (!r[3].isEmpty()) {
                form.put("website", "http://spam.example");
            }
            Http.Response response = visitor.postFormRaw("/forms/support", form);
            assertThat(response.status()).as(r[0]).isEqualTo(200);
            assertThat(response.body()).as(r[0]).doesNotContain("opened ticket");
        }
        assertThat(count("tickets")).isEqualTo(before + 1);
        for (int i = 0; i < 4; i++) {
            visitor.postFormRaw("/forms/support", Map.of("email", email, "subject", "Again " + i));
        }
        Http.Response flood = visitor.postFormRaw("/forms/support", Map.of("email", email, "subject", "Sixth"));
        assertThat(flood.body()).contains("requests from this address in the last ten minutes");
        assertThat(count("tickets")).isEqualTo(before + 5);
    }

    @Test
    void canned_answers_fill_the_customer_and_three_complaints_about_a_product_alert_the_quality_team() {
        Http admin = apiAs(Role.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Quality " + suffix + "\"}").json().get("id").asLong();
        UserSummary inspector = testUsers.create(Role.MANAGER, "Inspector " + suffix, java.util.Set.of(team));
        long product = admin.postJson("/api/v1/products", """
                {"sku": "Q-%s", "name": "Sealer", "unitPrice": 100, "currency": "PLN", "taxRate": 23}""".formatted(suffix))
                .json().get("id").asLong();
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/tickets/alert-rules", """
                {"name": "Repeated complaints", "threshold": 3, "days": 7, "teamId": %d}""".formatted(team)).status())
                .isEqualTo(403);
        long rule = admin.postJson("/api/v1/tickets/alert-rules", """
                {"name": "Repeated complaints", "threshold": 3, "days": 7, "teamId": %d}""".formatted(team)).json()
                .get("id").asLong();

        Http agent = apiAs(Role.SUPPORT);
        long contact = apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"firstName\": \"Jiří\", \"lastName\": "
                + "\"Dvořák\", \"emails\": [\"jiri." + suffix + "@example.test\"]}").json().get("id").asLong();
        long first = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode t = agent.postJson("/api/v1/tickets", """
                    {"subject": "Sealer leaks %d", "productId": %d, "contactId": %d}""".formatted(i, product, contact))
                    .json();
            first = i == 0 ? t.get("id").asLong() : first;
        }
        JsonNode alerts = agent.get("/api/v1/tickets/alerts").json();
        JsonNode alert = java.util.stream.StreamSupport.stream(alerts.spliterator(), false)
                .filter(a -> a.get("productId").asLong() == product && a.get("ruleId").asLong() == rule).findFirst()
                .orElseThrow();
        assertThat(alert.get("ticketIds")).hasSize(3);
        assertThat(api(inspector).get("/api/v1/notifications").json().findValuesAsString("kind"))
                .contains("TICKET_ALERT");
        agent.postJson("/api/v1/tickets", """
                {"subject": "Sealer leaks again", "productId": %d}""".formatted(product));
        assertThat(java.util.stream.StreamSupport.stream(agent.get("/api/v1/tickets/alerts").json().spliterator(),
                false).filter(a -> a.get("productId").asLong() == product && a.get("ruleId").asLong() == rule).count())
                .as("once per window and rule (other tests' rules may alert on the same product)").isEqualTo(1);

        long polish = java.util.stream.StreamSupport.stream(agent.get("/api/v1/tickets/canned-responses").json()
                .spliterator(), false).filter(c -> c.get("language").asString().equals("cs")).findFirst()
                .orElseThrow().get("id").asLong();
        assertThat(agent.get("/api/v1/tickets/" + first + "/canned/" + polish).json().get("body").asString())
                .contains("Dobrý den, Jiří Dvořák").doesNotContain("{{");
    }
}
