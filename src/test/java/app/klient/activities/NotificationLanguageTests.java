package app.klient.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The bell speaks the reader's language, whoever's action rang it. */
class NotificationLanguageTests extends WebTest {

    @Test
    void a_ticket_a_polish_agent_assigns_notifies_a_czech_colleague_in_czech_and_tells_the_api_in_the_callers_words() {
        UserSummary polish = testUsers.create(Role.SUPPORT, "pl");
        UserSummary czech = testUsers.create(Role.SUPPORT, "cs");
        String subject = "Pralka nie wiruje " + UUID.randomUUID().toString().substring(0, 6);
        api(polish).language("pl").postJson("/api/v1/tickets", """
                {"subject": "%s", "assigneeId": %d}""".formatted(subject, czech.id()));

        JsonNode inCzech = notification(api(czech).get("/api/v1/notifications?lang=cs").json(), subject);
        assertThat(inCzech.get("kind").asString()).isEqualTo("TICKET_ASSIGNED");
        assertThat(inCzech.get("kindText").asString()).isEqualTo("Přidělený požadavek");
        JsonNode inEnglish = notification(api(czech).language("en").get("/api/v1/notifications").json(), subject);
        assertThat(inEnglish.get("kindText").asString()).isEqualTo("Ticket assigned");
    }

    @Test
    void a_quality_alert_counts_its_tickets_in_each_readers_words() {
        Http admin = apiAs(Role.ADMIN).language("pl");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Jakość " + suffix + "\"}").json().get("id")
                .asLong();
        UserSummary inspector = testUsers.create(Role.MANAGER, "Inspektor " + suffix, Set.of(team));
        long product = admin.postJson("/api/v1/products", """
                {"sku": "W-%s", "name": "Zgrzewarka", "unitPrice": 100, "currency": "PLN", "taxRate": 23}"""
                .formatted(suffix)).json().get("id").asLong();
        String rule = "Powtarzające się reklamacje " + suffix;
        admin.postJson("/api/v1/tickets/alert-rules", """
                {"name": "%s", "threshold": 3, "days": 7, "teamId": %d}""".formatted(rule, team));
        Http agent = api(testUsers.create(Role.SUPPORT, "pl")).language("pl");
        for (int i = 0; i < 3; i++) {
            agent.postJson("/api/v1/tickets", """
                    {"subject": "Zgrzewarka cieknie %d", "productId": %d}""".formatted(i, product));
        }

        JsonNode inCzech = notification(api(inspector).get("/api/v1/notifications?lang=cs").json(), rule);
        assertThat(inCzech.get("title").asString()).isEqualTo(rule + ": počet požadavků 3");
        assertThat(inCzech.get("titleCode").get("key").asString()).isEqualTo("notification.ticketAlert");
        assertThat(notification(api(inspector).language("en").get("/api/v1/notifications").json(), rule)
                .get("title").asString()).isEqualTo(rule + ": 3 tickets");
        assertThat(signedIn(inspector).get("/notifications?lang=pl").body()).contains(rule + ": liczba zgłoszeń 3");
    }

    private static JsonNode notification(JsonNode list, String about) {
        for (JsonNode n : list) {
            if (n.get("title").asString().contains(about)) {
                return n;
            }
        }
        throw new AssertionError("nothing about " + about + " in " + list);
    }
}
