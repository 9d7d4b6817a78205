package app.klient.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The phone system's side of Klient, called over HTTP with an administrator's token as a phone system would. */
class CallIntakeTests extends WebTest {

    /** A Polish mobile number nobody else in the suite has: 9 digits starting 60. */
    static String newNumber() {
        return "60" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    static String spaced(String nine) {
        return nine.substring(0, 3) + " " + nine.substring(3, 6) + " " + nine.substring(6);
    }

    long contact(Http api, String lastName, String phone, Long company) {
        Http.Response made = api.postJson("/api/v1/contacts", "{\"firstName\": \"Jan\", \"lastName\": \"" + lastName
                + "\", \"phones\": [\"" + phone + "\"]" + (company == null ? "" : ", \"companyId\": " + company) + "}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    static String call(String callId, String from, String to, String direction, String agent, String outcome) {
        return """
                {"callId": "%s", "from": "%s", "to": "%s", "direction": "%s", "agent": %s,
                 "startedAt": "2026-12-07T09:15:00+01:00", "durationSeconds": 75, "outcome": "%s",
                 "recordingUrl": "https://pbx.example.com/rec/%s.wav"}"""
                .formatted(callId, from, to, direction, agent == null ? "null" : "\"" + agent + "\"", outcome, callId);
    }

    @Test
    void a_call_lands_on_the_contacts_card_by_e164_in_any_spelling_and_a_repeat_doubles_nothing() {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        Http phoneSystem = apiAs(Role.ADMIN);
        String number = newNumber();
        long jan = contact(phoneSystem, "Novák " + number, "+48" + number, null);
        String callId = "pbx-" + UUID.randomUUID();

        Http.Response first = phoneSystem.postJson("/api/v1/calls",
                call(callId, "0048 " + spaced(number), "201", "INBOUND", agent.email(), "ANSWERED"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("contactId").asLong()).isEqualTo(jan);
        assertThat(first.json().get("customerE164").asString()).isEqualTo("+48" + number);
        long activity = first.json().get("activityId").asLong();
        JsonNode stored = phoneSystem.get("/api/v1/activities/" + activity).json();
        assertThat(stored.get("type").asString()).isEqualTo("CALL");
        assertThat(stored.get("ownerId").asLong()).as("in the agent's activities").isEqualTo(agent.id());
        assertThat(stored.get("durationMinutes").asInt()).isEqualTo(2);
        assertThat(phoneSystem.get("/api/v1/contacts/" + jan + "/timeline").body()).contains("+48" + number);

        Http.Response again = phoneSystem.postJson("/api/v1/calls",
                call(callId, spaced(number), "201", "INBOUND", agent.email(), "ANSWERED"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(jdbc.sql("select count(*) from activities where contact_id = :c").param("c", jan)
                .query(Long.class).single()).isEqualTo(1);

        // an outbound call in another spelling of the same number lands on the same card
        Http.Response out = phoneSystem.postJson("/api/v1/calls",
                call("pbx-" + UUID.randomUUID(), "201", "(+48) " + number, "OUTBOUND", agent.email(), "BUSY"));
        assertThat(out.json().get("contactId").asLong()).isEqualTo(jan);
        assertThat(phoneSystem.get("/api/v1/calls?contactId=" + jan).json().get("total").asLong()).isEqualTo(2);
        assertThat(phoneSystem.get("/api/v1/calls?number=" + number).json().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void a_missed_inbound_call_makes_one_call_back_task_for_the_agent_and_a_switchboard_number_finds_the_company() {
        UserSummary agent = testUsers.create(Role.SALES, "pl");
        Http phoneSystem = apiAs(Role.ADMIN);
        String number = newNumber();
        long acme = phoneSystem.postJson("/api/v1/companies", "{\"name\": \"Acme " + number
                + "\", \"phones\": [\"+48" + number + "\"]}").json().get("id").asLong();
        String callId = "pbx-" + UUID.randomUUID();
        String missed = call(callId, number, "201", "INBOUND", agent.email(), "MISSED");

        Http.Response stored = phoneSystem.postJson("/api/v1/calls", missed);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(stored.json().get("companyId").asLong()).isEqualTo(acme);
        assertThat(stored.json().get("contactId").isNull()).isTrue();
        long task = stored.json().get("taskId").asLong();
        phoneSystem.postJson("/api/v1/calls", missed);
        assertThat(jdbc.sql("select count(*) from tasks where company_id = :c").param("c", acme).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("select assignee_id || ' ' || title from tasks where id = :t").param("t", task)
                .query(String.class).single()).isEqualTo(agent.id() + " Oddzwoń: Acme " + number + " (+48" + number + ")");

        // answered, or missed outbound: no task
        Http.Response answered = phoneSystem.postJson("/api/v1/calls",
                call("pbx-" + UUID.randomUUID(), number, "201", "INBOUND", agent.email(), "ANSWERED"));
        assertThat(answered.json().get("taskId").isNull()).isTrue();
    }

    @Test
    void an_unknown_number_is_stored_and_listed_and_linked_later_to_a_contact() {
        Http phoneSystem = apiAs(Role.ADMIN);
        String number = newNumber();
        Http.Response stored = phoneSystem.postJson("/api/v1/calls",
                call("pbx-" + UUID.randomUUID(), "+48" + number, "201", "INBOUND", null, "VOICEMAIL"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        long id = stored.json().get("id").asLong();
        assertThat(stored.json().get("activityId").isNull()).isTrue();
        JsonNode unlinked = phoneSystem.get("/api/v1/calls?unlinked=true&number=%2B48" + number).json();
        assertThat(unlinked.get("total").asLong()).isEqualTo(1);
        assertThat(unlinked.get("items").get(0).get("id").asLong()).isEqualTo(id);

        long later = contact(phoneSystem, "Later " + number, "+420 777 000 111", null);
        Http.Response linked = phoneSystem.postJson("/api/v1/calls/" + id + "/link", "{\"contactId\": " + later + "}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().get("activityId").isNull()).isFalse();
        assertThat(phoneSystem.postJson("/api/v1/calls/" + id + "/link", "{\"contactId\": " + later + "}").status())
                .isEqualTo(409);
        assertThat(phoneSystem.postJson("/api/v1/calls/" + id + "/link", "{\"contactId\": 987654321}").status())
                .isIn(404, 409);
    }

    @Test
    void screen_pop_reaches_the_ringing_agents_page_with_the_card_and_nobody_elses() {
        UserSummary agent = testUsers.create(Role.SUPPORT, "cs");
        UserSummary other = testUsers.create(Role.SUPPORT);
        Http phoneSystem = apiAs(Role.ADMIN);
        String number = newNumber();
        long acme = company(phoneSystem, "Acme s.r.o. " + number, "CZ", null);
        long jan = contact(phoneSystem, "Novák", "+48" + number, acme);
        try (EventStream mine = signedIn(agent).events("/live", null);
                EventStream theirs = signedIn(other).events("/live", null)) {
            awaitOpen(mine);
            awaitOpen(theirs);
            Http.Response rang = phoneSystem.postJson("/api/v1/calls/ringing",
                    "{\"from\": \"" + spaced(number) + "\", \"agent\": \"" + agent.email() + "\"}");
            assertThat(rang.status()).as(rang.body()).isEqualTo(202);
            EventStream.Event pop = mine.next("notice", 5);
            assertThat(pop).isNotNull();
            assertThat(pop.json().get("kind").asString()).isEqualTo("call");
            assertThat(pop.json().get("text").asString()).isEqualTo("Volá Jan Novák (Acme s.r.o. " + number + ")");
            assertThat(pop.json().get("url").asString()).isEqualTo("/contacts/" + jan);

            phoneSystem.postJson("/api/v1/calls/ringing",
                    "{\"from\": \"+420 603 000 00" + ThreadLocalRandom.current().nextInt(10) + "\", \"agent\": \""
                            + agent.email() + "\"}");
            EventStream.Event unknown = mine.next("notice", 5);
            assertThat(unknown.json().get("text").asString()).contains("neznámé číslo");
            assertThat(unknown.json().get("url").asString()).startsWith("/contacts/new?phone=%2B420603");
            assertThat(theirs.next("notice", 1)).isNull();
        }
    }

    @Test
    void only_the_channel_right_feeds_calls_in_and_bad_input_is_refused_with_nothing_stored() {
        String number = newNumber();
        for (Role role : new Role[] { Role.SALES, Role.SUPPORT, Role.MANAGER, Role.READ_ONLY }) {
            Http refused = apiAs(role);
            assertThat(refused.postJson("/api/v1/calls", call("x-" + UUID.randomUUID(), number, "1", "INBOUND",
                    null, "MISSED")).status()).as(role.name()).isEqualTo(403);
            assertThat(refused.postJson("/api/v1/calls/ringing", "{}").status()).isEqualTo(403);
        }
        Http phoneSystem = apiAs(Role.ADMIN);
        long before = count("calls");
        String[] bad = {
            call("nul\u0000", number, "1", "INBOUND", null, "MISSED").replace("\u0000", "\\u0000"),
            call("x-" + UUID.randomUUID(), number, "1", "SIDEWAYS", null, "MISSED"),
            call("x-" + UUID.randomUUID(), number, "1", "INBOUND", null, "HUNG"),
            call("x-" + UUID.randomUUID(), number, "1", "INBOUND", "nobody@nowhere.test", "MISSED"),
            call("x-" + UUID.randomUUID(), "9".repeat(100), "1", "INBOUND", null, "MISSED"),
            call("x-" + UUID.randomUUID(), number, "1", "INBOUND", null, "MISSED").replace("https://", "http://"),
            call("x-" + UUID.randomUUID(), number, "1", "INBOUND", null, "MISSED").replace("75", "99999999999"),
            call("x".repeat(300), number, "1", "INBOUND", null, "MISSED"),
            "{\"callId\": [1, 2]}",
            "not json",
        };
        for (String body : bad) {
            Http.Response refused = phoneSystem.postJson("/api/v1/calls", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(phoneSystem.postJson("/api/v1/calls/ringing", "{\"from\": \"601\", \"agent\": \"ghost@x.test\"}")
                .status()).isEqualTo(400);
        assertThat(phoneSystem.get("/api/v1/calls?outcome=NOPE").status()).isEqualTo(400);
        assertThat(phoneSystem.get("/api/v1/calls/987654321").status()).isEqualTo(404);
        assertThat(count("calls")).isEqualTo(before);
    }

    @Test
    void a_token_limited_to_the_intake_feeds_calls_in_and_is_refused_everywhere_else() {
        Http admin = apiAs(Role.ADMIN);
        Http.Response issued = admin.postJson("/api/v1/channels/tokens", "{\"name\": \"FreePBX\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Http pbx = Http.on(port).bearer(issued.json().get("secret").asString());
        String number = newNumber();
        Http.Response stored = pbx.postJson("/api/v1/calls",
                call("pbx-" + UUID.randomUUID(), number, "201", "INBOUND", null, "MISSED"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(pbx.postJson("/api/v1/calls/ringing", "{\"from\": \"\"}").status()).isEqualTo(400);
        assertThat(pbx.postJson("/api/v1/messages", "{}").status()).isEqualTo(400);
        for (String path : new String[] { "/api/v1/calls", "/api/v1/contacts", "/api/v1/users",
            "/api/v1/calls/" + stored.json().get("id").asLong(), "/api/v1/channels/endpoints" }) {
            Http.Response refused = pbx.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(pbx.postJson("/api/v1/contacts", "{\"lastName\": \"x\"}").status()).isEqualTo(403);
        assertThat(pbx.postJson("/api/v1/channels/tokens", "{\"name\": \"more\"}").status()).isEqualTo(403);
        // the administrator's own token keeps its full rights; others may not issue one
        assertThat(admin.get("/api/v1/calls").status()).isEqualTo(200);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/channels/tokens", "{\"name\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(admin.postJson("/api/v1/channels/tokens", "{\"name\": \"\u0000\"}").status()).isEqualTo(400);
    }

    @Test
    void a_batch_of_call_records_stores_each_call_and_refuses_only_the_wrong_ones() {
        Http admin = apiAs(Role.ADMIN);
        Http pbx = Http.on(port).bearer(admin.postJson("/api/v1/channels/tokens", "{\"name\": \"CDR upload\"}")
                .json().get("secret").asString());
        UserSummary owner = testUsers.create(Role.SALES, "cs");
        String number = newNumber();
        long jan = contact(api(owner), "Dvořák " + number, "+48" + number, null);
        String missed = "pbx-" + UUID.randomUUID();
        String answered = "pbx-" + UUID.randomUUID();
        String batch = "{\"calls\": [" + call(answered, spaced(number), "201", "INBOUND", null, "ANSWERED") + ", "
                + call("pbx-" + UUID.randomUUID(), number, "201", "SIDEWAYS", null, "ANSWERED") + ", {\"from\": \"\"}, "
                + call(missed, "0048" + number, "201", "INBOUND", null, "MISSED") + "]}";

        Http.Response first = pbx.postJson("/api/v1/calls/batch", batch);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("stored").asInt()).isEqualTo(2);
        assertThat(first.json().get("refused").asInt()).isEqualTo(2);
        JsonNode items = first.json().get("results");
        assertThat(items.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(items.get(0).get("call").get("contactId").asLong()).isEqualTo(jan);
        assertThat(items.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(items.get(1).get("problem").toString()).contains("calls[1].direction");
        assertThat(items.get(2).get("problem").toString()).contains("calls[2].callId");
        long task = items.get(3).get("call").get("taskId").asLong();
        assertThat(jdbc.sql("select title from tasks where id = :id").param("id", task).query(String.class).single())
                .as("the call-back task in its owner's language").contains("Dvořák");
        assertThat(jdbc.sql("select assignee_id from tasks where id = :id").param("id", task).query(Long.class)
                .single()).isEqualTo(owner.id());

        // the same upload again stores nothing twice
        Http.Response again = pbx.postJson("/api/v1/calls/batch", batch);
        assertThat(again.json().get("results").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(again.json().get("results").get(3).get("call").get("id").asLong())
                .isEqualTo(items.get(3).get("call").get("id").asLong());
        assertThat(jdbc.sql("select count(*) from activities where contact_id = :c").param("c", jan)
                .query(Long.class).single()).isEqualTo(2);

        assertThat(pbx.postJson("/api/v1/calls/batch", "{\"calls\": []}").status()).isEqualTo(400);
        StringBuilder tooMany = new StringBuilder("{\"calls\": [");
        for (int i = 0; i < 501; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        Http.Response refused = pbx.postJson("/api/v1/calls/batch", tooMany.append("]}").toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("500");
        assertThat(apiAs(Role.SALES).postJson("/api/v1/calls/batch", batch).status()).isEqualTo(403);
    }

    static void awaitOpen(EventStream stream) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (stream.status() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(stream.status()).isEqualTo(200);
    }
}
