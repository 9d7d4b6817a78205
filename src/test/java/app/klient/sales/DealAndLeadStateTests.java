package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deals are won or lost only while open and reopened on purpose; a converted lead is kept as it was. */
class DealAndLeadStateTests extends WebTest {

    private static boolean ok(Http.Response r) {
        return r.status() >= 200 && r.status() < 300;
    }

    private long wins(long deal) {
        return jdbc.sql("select count(*) from deal_stage_history where deal_id = :id and status = 'WON'")
                .param("id", deal).query(Long.class).single();
    }

    @Test
    void a_deal_won_twice_at_the_same_moment_records_one_win() {
        Http api = apiAs(Role.SALES);
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Twice won\"}").json().get("id").asLong();
        List<Http.Response> answers = Race.run(() -> api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": 0}"),
                () -> api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": 0}"));
        assertThat(answers).filteredOn(DealAndLeadStateTests::ok).hasSize(1);
        assertThat(answers).filteredOn(r -> !ok(r)).extracting(Http.Response::status).containsExactly(409);
        assertThat(wins(id)).isEqualTo(1);

        int version = api.get("/api/v1/deals/" + id).json().get("version").asInt();
        JsonNode again = api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": " + version + "}").json();
        assertThat(again.get("status").asString()).isEqualTo("WON");
        assertThat(again.get("version").asInt()).as("nothing changed").isEqualTo(version);
        assertThat(wins(id)).as("winning a won deal records nothing new").isEqualTo(1);
    }

    @Test
    void a_deal_won_and_lost_at_the_same_moment_ends_one_way() {
        Http api = apiAs(Role.SALES);
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Either way\"}").json().get("id").asLong();
        List<Http.Response> answers = Race.run(() -> api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": 0}"),
                () -> api.postJson("/api/v1/deals/" + id + "/lost", "{\"lostReason\": \"Price\", \"version\": 0}"));
        assertThat(answers).filteredOn(DealAndLeadStateTests::ok).hasSize(1);
        long closings = jdbc.sql("select count(*) from deal_stage_history where deal_id = :id and status <> 'OPEN'")
                .param("id", id).query(Long.class).single();
        assertThat(closings).isEqualTo(1);
    }

    @Test
    void a_lost_deal_is_not_won_or_moved_until_it_is_reopened_which_clears_its_loss_reason() {
        Http api = apiAs(Role.SALES);
        JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"Lost and found\"}").json();
        long id = deal.get("id").asLong();
        long stage = deal.get("stageId").asLong();
        JsonNode lost = api.postJson("/api/v1/deals/" + id + "/lost",
                "{\"lostReason\": \"Too expensive\", \"competitor\": \"Acme\", \"version\": 0}").json();
        int version = lost.get("version").asInt();
        Http.Response win = api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": " + version + "}");
        assertThat(win.status()).isEqualTo(409);
        assertThat(win.json().get("detail").asString()).as("names the state").contains("Lost");
        assertThat(api.postJson("/api/v1/deals/" + id + "/stage", "{\"stageId\": " + stage + ", \"version\": "
                + version + "}").status()).as("moving does not reopen by the way").isEqualTo(409);
        assertThat(api.postJson("/api/v1/deals/" + id + "/lost", "{\"lostReason\": \"Again\", \"version\": "
                + version + "}").status()).isEqualTo(409);

        JsonNode reopened = api.postJson("/api/v1/deals/" + id + "/reopen", "{\"version\": " + version + "}").json();
        assertThat(reopened.get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.get("lostReason").isNull()).as("the loss reason goes").isTrue();
        assertThat(reopened.get("competitor").isNull()).isTrue();
        assertThat(api.postJson("/api/v1/deals/" + id + "/reopen", "{\"version\": " + reopened.get("version").asInt()
                + "}").status()).as("an open deal is not reopened").isEqualTo(409);
        assertThat(api.postJson("/api/v1/deals/" + id + "/won", "{}").status()).as("no version").isEqualTo(400);
    }

    @Test
    void a_closed_deal_is_reopened_with_a_button_on_its_page() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Button\"}").json().get("id").asLong();
        api.postJson("/api/v1/deals/" + id + "/lost", "{\"lostReason\": \"Budget\", \"version\": 0}");
        Http browser = signedIn(seller);
        String page = browser.get("/deals/" + id).body();
        assertThat(page).contains("/deals/" + id + "/reopen").doesNotContain("/deals/" + id + "/won\"");
        browser.postForm("/deals/" + id + "/won", Map.of("version", "1"));
        assertThat(browser.get("/deals/" + id).body()).as("refused, naming the state")
                .contains("The deal is Lost");
        browser.postForm("/deals/" + id + "/reopen", Map.of("version", "1"));
        assertThat(browser.get("/deals/" + id).body()).contains("The deal is open again.");
        JsonNode deal = api.get("/api/v1/deals/" + id).json();
        assertThat(deal.get("status").asString()).isEqualTo("OPEN");
        assertThat(deal.get("lostReason").isNull()).isTrue();
    }

    @Test
    void a_converted_lead_is_read_only() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        JsonNode lead = api.postJson("/api/v1/leads", "{\"lastName\": \"Kept\", \"email\": \"kept@example.com\", "
                + "\"ownerId\": " + seller.id() + "}").json();
        long id = lead.get("id").asLong();
        JsonNode qualified = api.postJson("/api/v1/leads/" + id + "/status", "{\"status\": \"QUALIFIED\", "
                + "\"version\": " + lead.get("version").asInt() + "}").json();
        api.postJson("/api/v1/leads/" + id + "/convert", "{\"version\": " + qualified.get("version").asInt() + "}");
        JsonNode converted = api.get("/api/v1/leads/" + id).json();
        assertThat(converted.get("status").asString()).isEqualTo("CONVERTED");
        int version = converted.get("version").asInt();

        Http.Response edit = api.putJson("/api/v1/leads/" + id, "{\"lastName\": \"Changed\", \"ownerId\": "
                + seller.id() + ", \"version\": " + version + "}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.json().get("detail").asString()).contains("Converted");
        assertThat(api.postJson("/api/v1/leads/" + id + "/status", "{\"status\": \"NEW\", \"version\": " + version
                + "}").status()).isEqualTo(409);
        assertThat(api.postJson("/api/v1/leads/" + id + "/events", "{\"kind\": \"EMAIL_OPENED\"}").status())
                .as("score events").isEqualTo(409);
        JsonNode after = api.get("/api/v1/leads/" + id).json();
        assertThat(after.get("lastName").asString()).isEqualTo("Kept");
        assertThat(after.get("score").asInt()).isEqualTo(converted.get("score").asInt());
    }

    @Test
    void a_lead_converted_twice_at_the_same_moment_makes_one_contact() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String email = "once-" + java.util.UUID.randomUUID() + "@example.com";
        JsonNode lead = api.postJson("/api/v1/leads", "{\"lastName\": \"Once\", \"email\": \"" + email
                + "\", \"ownerId\": " + seller.id() + "}").json();
        long id = lead.get("id").asLong();
        int version = api.postJson("/api/v1/leads/" + id + "/status", "{\"status\": \"QUALIFIED\", \"version\": "
                + lead.get("version").asInt() + "}").json().get("version").asInt();
        List<Http.Response> answers = Race.run(
                () -> api.postJson("/api/v1/leads/" + id + "/convert", "{\"version\": " + version + "}"),
                () -> api.postJson("/api/v1/leads/" + id + "/convert", "{\"version\": " + version + "}"));
        assertThat(answers).filteredOn(DealAndLeadStateTests::ok).hasSize(1);
        assertThat(jdbc.sql("select count(*) from contacts where :email = any(emails)").param("email", email)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_deal_form_saved_from_an_old_version_comes_back_asking_to_reload() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Edited twice\"}").json().get("id").asLong();
        api.putJson("/api/v1/deals/" + id, "{\"name\": \"Edited by someone else\", \"version\": 0}");
        Http browser = signedIn(seller);
        browser.get("/deals/" + id + "/edit");
        Http.Response stale = browser.postForm("/deals/" + id, Map.of("name", "Mine", "version", "0"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).as("the form again").contains("name=\"name\"")
                .contains("Someone else changed this record in the meantime");
        Http.Response unversioned = browser.postForm("/deals/" + id, Map.of("name", "Mine"));
        assertThat(unversioned.body()).as("the missing version is said on top of the form")
                .contains("Send the version of the record you read");
        assertThat(api.get("/api/v1/deals/" + id).json().get("name").asString()).isEqualTo("Edited by someone else");
    }
}
