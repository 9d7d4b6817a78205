package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A ticket moves the way a service desk works it, and two agents moving it at once do not both win. */
class TicketTransitionTests extends WebTest {

    @Autowired
    private Tickets tickets;

    private static boolean ok(Http.Response r) {
        return r.status() >= 200 && r.status() < 300;
    }

    private JsonNode status(Http agent, long id, String status) {
        int version = agent.get("/api/v1/tickets/" + id).json().get("version").asInt();
        Http.Response moved = agent.postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"" + status + "\", \"version\": " + version + "}");
        assertThat(moved.status()).as(status + ": " + moved.body()).isEqualTo(200);
        return moved.json();
    }

    private int tryStatus(Http agent, long id, String status) {
        int version = agent.get("/api/v1/tickets/" + id).json().get("version").asInt();
        return agent.postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"" + status + "\", \"version\": " + version + "}").status();
    }

    @Test
    void a_resolved_ticket_comes_back_only_as_reopened_and_nothing_goes_back_to_new() {
        Http agent = apiAs(Role.SUPPORT);
        long id = agent.postJson("/api/v1/tickets", "{\"subject\": \"Invoice missing\"}").json().get("id").asLong();
        assertThat(tryStatus(agent, id, "REOPENED")).as("a new ticket was never closed").isEqualTo(409);
        status(agent, id, "OPEN");
        assertThat(tryStatus(agent, id, "NEW")).isEqualTo(409);
        status(agent, id, "RESOLVED");
        Http.Response back = agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"WAITING\", "
                + "\"version\": " + agent.get("/api/v1/tickets/" + id).json().get("version").asInt() + "}");
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("detail").asString()).as("names the state").contains("Resolved");
        assertThat(tryStatus(agent, id, "OPEN")).isEqualTo(409);
        status(agent, id, "REOPENED");
        status(agent, id, "RESOLVED");
        status(agent, id, "CLOSED");
        assertThat(tryStatus(agent, id, "OPEN")).as("closed is not worked on again directly").isEqualTo(409);
        assertThat(tryStatus(agent, id, "RESOLVED")).isEqualTo(409);
    }

    @Test
    void a_customer_writing_again_still_reopens_a_resolved_or_closed_ticket() {
        Http agent = apiAs(Role.SUPPORT);
        long id = agent.postJson("/api/v1/tickets", "{\"subject\": \"Still broken\"}").json().get("id").asLong();
        status(agent, id, "RESOLVED");
        status(agent, id, "CLOSED");
        int before = agent.get("/api/v1/tickets/" + id).json().get("version").asInt();
        assertThat(tickets.customerReplied(id, "It broke again", "<" + UUID.randomUUID() + "@customer>", null))
                .isTrue();
        JsonNode ticket = agent.get("/api/v1/tickets/" + id).json();
        assertThat(ticket.get("status").asString()).isEqualTo("REOPENED");
        assertThat(ticket.get("version").asInt()).as("an agent's open form is now stale").isGreaterThan(before);
    }

    @Test
    void two_agents_moving_one_ticket_at_the_same_moment_do_not_both_win() {
        Http first = apiAs(Role.SUPPORT);
        Http second = apiAs(Role.SUPPORT);
        long id = first.postJson("/api/v1/tickets", "{\"subject\": \"Race\"}").json().get("id").asLong();
        List<Http.Response> answers = Race.run(
                () -> first.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"RESOLVED\", \"version\": 0}"),
                () -> second.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"CLOSED\", \"version\": 0}"));
        assertThat(answers).filteredOn(TicketTransitionTests::ok).hasSize(1);
        assertThat(answers).filteredOn(r -> !ok(r)).extracting(Http.Response::status).containsExactly(409);
        long messages = jdbc.sql("select count(*) from ticket_messages where ticket_id = :id").param("id", id)
                .query(Long.class).single();
        List<Http.Response> replies = Race.run(
                () -> first.postJson("/api/v1/tickets/" + id + "/replies", "{\"body\": \"A\", \"internal\": true, "
                        + "\"version\": 1}"),
                () -> second.postJson("/api/v1/tickets/" + id + "/replies", "{\"body\": \"B\", \"internal\": true, "
                        + "\"version\": 1}"));
        assertThat(replies).filteredOn(TicketTransitionTests::ok).hasSize(1);
        assertThat(jdbc.sql("select count(*) from ticket_messages where ticket_id = :id").param("id", id)
                .query(Long.class).single()).as("the refused reply left nothing behind").isEqualTo(messages + 1);
    }
}
