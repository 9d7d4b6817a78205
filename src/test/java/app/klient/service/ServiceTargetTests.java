package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.service.internal.SlaWatch;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** First-contact resolution, reopened targets, first-response warnings and routing by a category set later. */
class ServiceTargetTests extends WebTest {

    @Autowired
    Tickets tickets;

    @Autowired
    SupportCalendar calendar;

    @Autowired
    SlaWatch watch;

    private record Opened(long id, Http agent, UserSummary user) {
    }

    private Opened open(String priority) {
        UserSummary user = testUsers.create(Role.SUPPORT);
        Http agent = api(user);
        long id = agent.postJson("/api/v1/tickets", """
                {"subject": "Case %s", "priority": "%s", "assigneeId": %d}""".formatted(UUID.randomUUID(), priority,
                user.id())).json().get("id").asLong();
        return new Opened(id, agent, user);
    }

    private int version(long id) {
        return jdbc.sql("select version from tickets where id = :id").param("id", id).query(Integer.class).single();
    }

    private JsonNode status(Opened t, String status) {
        Http.Response r = t.agent().postJson("/api/v1/tickets/" + t.id() + "/status",
                "{\"status\": \"%s\", \"version\": %d}".formatted(status, version(t.id())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private void reply(Opened t, String body) {
        assertThat(t.agent().postJson("/api/v1/tickets/" + t.id() + "/replies",
                "{\"body\": \"%s\", \"version\": %d}".formatted(body, version(t.id()))).status()).isEqualTo(200);
    }

    @Test
    void first_contact_resolution_is_one_agent_answer_the_customer_did_not_answer() {
        Opened answered = open("NORMAL");
        reply(answered, "Restart the router.");
        assertThat(status(answered, "RESOLVED").get("firstContactResolution").asBoolean()).isTrue();

        Opened silent = open("NORMAL");
        assertThat(status(silent, "RESOLVED").get("firstContactResolution").asBoolean())
                .as("resolved without a word to the customer").isFalse();

        Opened talkedBack = open("NORMAL");
        reply(talkedBack, "Restart the router.");
        tickets.customerReplied(talkedBack.id(), "It did not help.", "<back-" + UUID.randomUUID() + "@c.test>", null);
        assertThat(status(talkedBack, "RESOLVED").get("firstContactResolution").asBoolean())
                .as("the customer wrote after the answer").isFalse();
    }

    @Test
    void a_reopened_ticket_gets_its_own_resolution_target_again() {
        Opened t = open("LOW");
        int target = jdbc.sql("select resolution_minutes from tickets where id = :id").param("id", t.id())
                .query(Integer.class).single();
        assertThat(target).as("a low-priority target is not eight hours").isNotEqualTo(480);
        reply(t, "Done.");
        status(t, "RESOLVED");
        Instant before = Instant.now();
        tickets.customerReplied(t.id(), "Broken again.", "<again-" + UUID.randomUUID() + "@c.test>", null);
        Instant due = jdbc.sql("select resolution_due_at from tickets where id = :id").param("id", t.id())
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(due).isBetween(calendar.hours().plus(before, target).minusSeconds(60),
                calendar.hours().plus(Instant.now(), target).plusSeconds(60));
    }

    @Test
    void the_assignee_is_warned_before_the_first_answer_is_due_once() {
        Opened t = open("HIGH");
        jdbc.sql("update tickets set first_response_due_at = now() + interval '10 minutes', resolution_due_at = now() "
                + "+ interval '3 days' where id = :id").param("id", t.id()).update();
        watch.check();
        watch.check();
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u and kind = 'SLA_RESPONSE_WARNING' "
                + "and source_id is null and link = :link").param("u", t.user().id()).param("link", "/tickets/"
                + t.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_category_given_later_routes_the_ticket() {
        Http admin = apiAs(Role.ADMIN);
        UserSummary specialist = testUsers.create(Role.SUPPORT, "Specialist " + UUID.randomUUID(), Set.of());
        String name = "Returns " + UUID.randomUUID().toString().substring(0, 6);
        admin.postJson("/api/v1/ticket-categories", "{\"name\": \"%s\", \"assigneeId\": %d}".formatted(name,
                specialist.id()));
        // as an e-mail arrives: no category, nobody chose it
        long id = tickets.openReceived(TicketForm.received("Parcel back", "Where do I send it?", null, null),
                TicketChannel.EMAIL, "parcel@customer.test", "<parcel-" + UUID.randomUUID() + "@c.test>", null);
        assertThat(java.util.Objects.equals(tickets.get(id).assigneeId(), specialist.id())).isFalse();
        Http agent = apiAs(Role.SUPPORT);
        Http.Response classified = agent.putJson("/api/v1/tickets/" + id, """
                {"subject": "Parcel back", "category": "%s", "priority": "NORMAL", "version": %d}"""
                .formatted(name, version(id)));
        assertThat(classified.status()).as(classified.body()).isEqualTo(200);
        assertThat(classified.json().get("assigneeId").asLong()).as(classified.body()).isEqualTo(specialist.id());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "select count(*) from notifications where user_id = :u and kind = 'TICKET_ASSIGNED'")
                .param("u", specialist.id()).query(Long.class).single() == 1);
    }
}
