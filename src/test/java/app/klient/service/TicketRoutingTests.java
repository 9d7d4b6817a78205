package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Routing by category, reclassifying a ticket (new targets), first-contact resolution, and the settings page. */
class TicketRoutingTests extends WebTest {

    @Test
    void a_category_routes_its_tickets_to_a_team_in_turn_or_to_one_agent() {
        Http admin = apiAs(Role.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Second line " + suffix + "\"}").json().get("id")
                .asLong();
        UserSummary anna = testUsers.create(Role.SUPPORT, "Anna " + suffix, Set.of(team));
        UserSummary bruno = testUsers.create(Role.SUPPORT, "Bruno " + suffix, Set.of(team));
        UserSummary billing = testUsers.create(Role.SUPPORT);
        String technical = "Technical " + suffix;
        assertThat(apiAs(Role.SUPPORT).postJson("/api/v1/ticket-categories", "{\"name\": \"Mine\"}").status())
                .as("only administrators shape the categories").isEqualTo(403);
        assertThat(admin.postJson("/api/v1/ticket-categories", """
                {"name": "%s", "teamId": %d}""".formatted(technical, team)).status()).isEqualTo(201);
        admin.postJson("/api/v1/ticket-categories", """
                {"name": "Billing %s", "assigneeId": %d}""".formatted(suffix, billing.id()));
        Http.Response duplicate = admin.postJson("/api/v1/ticket-categories", "{\"name\": \"" + technical
                .toUpperCase() + "\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().findValuesAsString("field")).contains("name");
        assertThat(admin.postJson("/api/v1/ticket-categories", "{\"name\": \"Ghost team\", \"teamId\": 987654}")
                .status()).isEqualTo(400);

        Http agent = apiAs(Role.SUPPORT);
        JsonNode first = agent.postJson("/api/v1/tickets", "{\"subject\": \"Crash\", \"category\": \"" + technical
                + "\"}").json();
        JsonNode second = agent.postJson("/api/v1/tickets", "{\"subject\": \"Freeze\", \"category\": \""
                + technical.toLowerCase() + "\"}").json();
        assertThat(first.get("teamId").asLong()).isEqualTo(team);
        assertThat(Set.of(first.get("assigneeId").asLong(), second.get("assigneeId").asLong()))
                .as("one each: the member with fewer open tickets gets the next").containsExactlyInAnyOrder(anna.id(),
                        bruno.id());
        assertThat(agent.postJson("/api/v1/tickets", "{\"subject\": \"Wrong total\", \"category\": \"Billing "
                + suffix + "\"}").json().get("assigneeId").asLong()).isEqualTo(billing.id());
        JsonNode unrouted = agent.postJson("/api/v1/tickets", "{\"subject\": \"Other\", \"category\": \"Unknown "
                + suffix + "\"}").json();
        assertThat(unrouted.get("category").asString()).isEqualTo("Unknown " + suffix);
        assertThat(unrouted.get("teamId").isNull()).isTrue();
        JsonNode chosen = agent.postJson("/api/v1/tickets", "{\"subject\": \"Hand-picked\", \"category\": \""
                + technical + "\", \"assigneeId\": " + billing.id() + "}").json();
        assertThat(chosen.get("assigneeId").asLong()).as("a chosen agent wins over the route").isEqualTo(billing.id());

        // the public form offers the categories and routes the same way
        Http visitor = Http.on(port);
        assertThat(visitor.get("/forms/support").body()).contains(technical);
        long before = count("tickets");
        assertThat(visitor.postFormRaw("/forms/support", Map.of("email", "x." + suffix + "@example.test", "subject",
                "Help", "category", "Invented")).body()).contains("Choose one of the categories offered");
        assertThat(count("tickets")).isEqualTo(before);
        visitor.postFormRaw("/forms/support", Map.of("email", "x." + suffix + "@example.test", "subject", "Help",
                "category", technical));
        assertThat(jdbc.sql("select team_id from tickets where requester_email = :e").param("e", "x." + suffix
                + "@example.test").query(Long.class).single()).isEqualTo(team);
    }

    @Test
    void a_new_priority_brings_new_targets_and_links_are_checked() {
        UserSummary agentUser = testUsers.create(Role.SUPPORT);
        Http agent = api(agentUser);
        JsonNode ticket = agent.postJson("/api/v1/tickets", "{\"subject\": \"Printer\", \"priority\": \"LOW\"}")
                .json();
        long id = ticket.get("id").asLong();
        Instant lowDue = Instant.parse(ticket.get("resolutionDueAt").asString());
        JsonNode urgent = agent.putJson("/api/v1/tickets/" + id, """
                {"subject": "Printer on fire", "priority": "URGENT", "category": "Hardware", "version": 0}""").json();
        assertThat(urgent.get("subject").asString()).isEqualTo("Printer on fire");
        assertThat(urgent.get("priority").asString()).isEqualTo("URGENT");
        assertThat(Instant.parse(urgent.get("resolutionDueAt").asString())).as("8 working hours instead of 80")
                .isBefore(lowDue);
        assertThat(agent.putJson("/api/v1/tickets/" + id, "{\"subject\": \"Again\", \"version\": 0}").status())
                .as("a stale version").isEqualTo(409);
        Http.Response badLinks = agent.putJson("/api/v1/tickets/" + id, """
                {"subject": "X", "orderId": 987654321, "invoiceId": 987654321, "version": 1}""");
        assertThat(badLinks.status()).isEqualTo(400);
        assertThat(badLinks.json().findValuesAsString("field")).contains("orderId", "invoiceId");
        assertThat(apiAs(Role.SALES).putJson("/api/v1/tickets/" + id, "{\"subject\": \"Mine\", \"version\": 1}")
                .status()).isEqualTo(403);
        assertThat(agent.get("/api/v1/tickets/" + id).json().get("subject").asString()).isEqualTo("Printer on fire");

        agent.postJson("/api/v1/tickets/" + id + "/replies", "{\"body\": \"Unplug it.\", \"version\": 1}");
        JsonNode resolved = agent.postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"RESOLVED\", \"version\": 2}").json();
        assertThat(resolved.get("firstContactResolution").asBoolean()).as("solved with the first reply").isTrue();
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"REOPENED\", \"version\": 3}");
        assertThat(agent.get("/api/v1/tickets/" + id).json().get("firstContactResolution").asBoolean())
                .as("reopened: not solved at first contact after all").isFalse();
    }

    @Test
    void the_administrator_sets_working_time_and_targets_and_bad_values_change_nothing() {
        Http admin = administrator();
        assertThat(admin.get("/admin/service").body()).contains("Service targets").contains("Europe/Warsaw");
        assertThat(signedInAs(Role.SUPPORT).get("/admin/service").status()).isEqualTo(403);
        int before = jdbc.sql("select resolution_minutes from sla_policies where priority = 'LOW' and tier = 'KEY'")
                .query(Integer.class).single();

        Map<String, String> targets = new java.util.HashMap<>();
        for (String tier : new String[] { "STANDARD", "KEY" }) {
            for (String p : new String[] { "LOW", "NORMAL", "HIGH", "URGENT" }) {
                targets.put("first_" + tier + "_" + p, "2");
                targets.put("resolution_" + tier + "_" + p, "16");
            }
        }
        Map<String, String> wrong = new java.util.HashMap<>(targets);
        wrong.put("resolution_KEY_LOW", "lots");
        admin.postForm("/admin/service/targets", wrong);
        assertThat(admin.get("/admin/service").body()).contains("Give every target in hours");
        wrong.put("resolution_KEY_LOW", "1");
        admin.postForm("/admin/service/targets", wrong);
        assertThat(admin.get("/admin/service").body()).contains("Resolution cannot come before the first response");
        assertThat(jdbc.sql("select resolution_minutes from sla_policies where priority = 'LOW' and tier = 'KEY'")
                .query(Integer.class).single()).as("nothing half-saved").isEqualTo(before);

        String original = jdbc.sql("select holidays::text from support_calendar").query(String.class).single();
        int version = jdbc.sql("select version from support_calendar").query(Integer.class).single();
        admin.postForm("/admin/service/calendar", Map.of("zone", "Mars/Olympus", "days", "1", "opens", "09:00",
                "closes", "17:00", "holidays", "", "version", String.valueOf(version)));
        assertThat(admin.get("/admin/service").body()).contains("Choose a time zone Klient knows");
        admin.postForm("/admin/service/calendar", Map.of("zone", "Europe/Prague", "days", "1", "opens", "09:00",
                "closes", "17:00", "holidays", "2026-12-24\n24.12.2026", "version", String.valueOf(version)));
        assertThat(admin.get("/admin/service").body()).contains("is not a date");
        assertThat(jdbc.sql("select holidays::text from support_calendar").query(String.class).single())
                .isEqualTo(original);
        assertThat(apiAs(Role.SUPPORT).get("/api/v1/ticket-categories").status()).isEqualTo(200);
    }
}
