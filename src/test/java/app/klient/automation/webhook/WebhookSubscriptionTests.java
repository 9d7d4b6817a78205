package app.klient.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The administrator's subscriptions over the API and on the pages: made, checked, changed, switched, rotated. */
class WebhookSubscriptionTests extends WebTest {

    private static final String BASE = "/api/v1/automation/webhooks";
    /** A public address (TEST-NET-3) written as a number, so no name needs resolving on a machine without DNS. */
    private static final String PUBLIC = "https://203.0.113.10/klient";

    Http admin;

    @BeforeEach
    void anAdministrator() {
        admin = apiAs(Role.ADMIN);
    }

    @AfterEach
    void switchOff() {
        jdbc.sql("update webhook_subscriptions set enabled = false where enabled").update();
    }

    @Test
    void an_administrator_makes_reads_changes_and_deletes_a_subscription() {
        Http.Response made = admin.postJson(BASE, """
                {"url": "%s", "description": "ERP", "eventTypes": ["deal.won", "deal.won", "ticket.created"]}"""
                .formatted(PUBLIC));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode webhook = made.json();
        long id = webhook.get("id").asLong();
        assertThat(made.header("Location")).isEqualTo(BASE + "/" + id);
        assertThat(webhook.get("secret").asString()).matches("whsec_[A-Za-z0-9+/]{32}");
        assertThat(WebhookSignature.valid(webhook.get("secret").asString())).isTrue();
        assertThat(webhook.get("enabled").asBoolean()).isTrue();
        assertThat(webhook.get("eventTypes")).extracting(JsonNode::asString).containsExactly("deal.won",
                "ticket.created");

        Http.Response changed = admin.putJson(BASE + "/" + id, """
                {"url": "%s/v2", "description": "ERP v2", "eventTypes": ["*", "deal.lost"], "version": 0}"""
                .formatted(PUBLIC));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("url").asString()).isEqualTo(PUBLIC + "/v2");
        assertThat(changed.json().get("eventTypes")).extracting(JsonNode::asString).containsExactly("*");
        assertThat(changed.json().get("version").asInt()).isEqualTo(1);
        assertThat(admin.get(BASE).json().get("items")).anyMatch(w -> w.get("id").asLong() == id);

        assertThat(admin.delete(BASE + "/" + id).status()).isEqualTo(204);
        assertThat(admin.get(BASE + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void two_administrators_editing_from_the_same_version_cannot_both_win() {
        long id = create(List.of("deal.won"));
        List<Integer> statuses = Race.run(
                () -> admin.putJson(BASE + "/" + id, body("first", 0)).status(),
                () -> apiAs(Role.ADMIN).putJson(BASE + "/" + id, body("second", 0)).status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(admin.putJson(BASE + "/" + id, body("stale", 0)).status()).isEqualTo(409);
        Http.Response unversioned = admin.putJson(BASE + "/" + id, "{\"url\": \"" + PUBLIC
                + "\", \"eventTypes\": [\"deal.won\"]}");
        assertThat(unversioned.status()).isEqualTo(400);
        assertThat(unversioned.body()).contains("\"version\"");
        assertThat(jdbc.sql("select version from webhook_subscriptions where id = :id").param("id", id)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void addresses_inside_this_machine_or_its_networks_are_refused_naming_the_url() {
        for (String url : List.of("http://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data/",
                "https://127.0.0.2/hook", "https://[::1]/hook", "https://[::ffff:192.168.1.1]/hook",
                "https://192.168.0.10/hook", "https://0.0.0.0/hook")) {
            Http.Response refused = admin.postJson(BASE, "{\"url\": \"" + url + "\", \"eventTypes\": [\"deal.won\"]}");
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(url).isEqualTo("url");
        }
        long before = count("webhook_subscriptions");
        for (String url : List.of("ftp://203.0.113.10/x", "http://203.0.113.10/plain", "https://user:pw@203.0.113.10/",
                "not a url", "", "https://no-such-host.invalid/hook")) {
            Http.Response refused = admin.postJson(BASE, "{\"url\": \"" + url + "\", \"eventTypes\": [\"deal.won\"]}");
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body()).as(url).contains("\"url\"");
        }
        Http.Response unknownEvent = admin.postJson(BASE, "{\"url\": \"" + PUBLIC + "\", \"eventTypes\": [\"deal.eaten\"]}");
        assertThat(unknownEvent.status()).isEqualTo(400);
        assertThat(unknownEvent.body()).contains("\"eventTypes\"");
        assertThat(admin.postJson(BASE, "{\"url\": \"" + PUBLIC + "\", \"eventTypes\": []}").body())
                .contains("\"eventTypes\"");
        assertThat(count("webhook_subscriptions")).isEqualTo(before);
        // plain HTTP to a network the administrator allowed (the tests allow this machine's 127.0.0.1)
        assertThat(admin.postJson(BASE, "{\"url\": \"http://127.0.0.1:9/hook\", \"eventTypes\": [\"deal.won\"]}")
                .status()).isEqualTo(201);
    }

    @Test
    void switching_off_and_on_are_transitions_and_on_again_forgets_the_failures() {
        long id = create(List.of("deal.won"));
        jdbc.sql("update webhook_subscriptions set failing_since = now() - interval '1 day' where id = :id")
                .param("id", id).update();
        JsonNode off = admin.postJson(BASE + "/" + id + "/disable", "{\"version\": 0}").json();
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(off.get("disabledReason").asString()).isEqualTo("HAND");
        assertThat(admin.postJson(BASE + "/" + id + "/disable", "{\"version\": 1}").status()).isEqualTo(409);
        assertThat(admin.postJson(BASE + "/" + id + "/test", "{}").status()).isEqualTo(409);
        // the receiver said it is gone
        jdbc.sql("update webhook_subscriptions set disabled_reason = 'GONE' where id = :id").param("id", id).update();
        assertThat(admin.postJson(BASE + "/" + id + "/enable", "{\"version\": 0}").status()).isEqualTo(409);
        JsonNode on = admin.postJson(BASE + "/" + id + "/enable", "{\"version\": 1}").json();
        assertThat(on.get("enabled").asBoolean()).isTrue();
        assertThat(on.get("disabledReason").isNull()).isTrue();
        assertThat(on.get("failingSince").isNull()).isTrue();
        assertThat(admin.postJson(BASE + "/" + id + "/enable", "{\"version\": 2}").status()).isEqualTo(409);
    }

    @Test
    void a_manager_is_refused_every_webhook_page_and_call_without_learning_anything() {
        long id = create(List.of("deal.won"));
        Http manager = apiAs(Role.MANAGER);
        for (Http.Response refused : List.of(manager.get(BASE), manager.get(BASE + "/" + id),
                manager.get(BASE + "/987654321"), manager.postJson(BASE, "{\"url\": \"" + PUBLIC + "\"}"),
                manager.putJson(BASE + "/" + id, body("mine", 0)), manager.delete(BASE + "/" + id),
                manager.postJson(BASE + "/" + id + "/rotate-secret", "{}"),
                manager.get(BASE + "/" + id + "/deliveries"))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("whsec_", PUBLIC);
        }
        Http browser = signedInAs(Role.MANAGER);
        for (String page : List.of("/automation/webhooks", "/automation/webhooks/new", "/automation/webhooks/" + id,
                "/automation/webhooks/" + id + "/edit")) {
            Http.Response refused = browser.get(page);
            assertThat(refused.status()).as(page).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("whsec_");
        }
        assertThat(browser.postForm("/automation/webhooks/" + id + "/delete", Map.of()).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from webhook_subscriptions where id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_pages_make_show_change_and_delete_a_subscription() {
        Http browser = signedInAs(Role.ADMIN);
        assertThat(browser.get("/automation/webhooks/new").body()).contains("deal.stage_changed",
                "contact.segment_joined", "email.received", "lead.form_submitted");
        String description = "Shop " + UUID.randomUUID();
        Http.Response refused = browser.postForm("/automation/webhooks", Map.of("url", "https://10.1.2.3/x",
                "description", description, "eventTypes", "deal.won", "enabled", "true"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("leads into this server", description);

        Http.Response made = browser.postForm("/automation/webhooks", Map.of("url", PUBLIC, "description",
                description, "eventTypes", "deal.won"));
        assertThat(made.status()).isEqualTo(302);
        long id = Long.parseLong(made.location().replaceAll("\\D+", ""));
        // a box left unticked: made switched off
        assertThat(jdbc.sql("select enabled from webhook_subscriptions where id = :id").param("id", id)
                .query(Boolean.class).single()).isFalse();
        String page = browser.get(made.location()).body();
        assertThat(page).contains(description, "whsec_", "deal.won");

        assertThat(browser.get("/automation/webhooks").body()).contains(description);
        assertThat(browser.get("/automation/webhooks/" + id + "/edit").body()).contains(PUBLIC);
        Http.Response saved = browser.postForm("/automation/webhooks/" + id, Map.of("url", PUBLIC + "/v2",
                "description", description, "eventTypes", "ticket.status_changed", "version", "0"));
        assertThat(saved.status()).isEqualTo(302);
        Http.Response stale = browser.postForm("/automation/webhooks/" + id, Map.of("url", PUBLIC,
                "description", description, "eventTypes", "ticket.created", "version", "0"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).contains("Someone else changed this record");

        assertThat(browser.postForm("/automation/webhooks/" + id + "/enable", Map.of("version", "1")).status())
                .isEqualTo(302);
        assertThat(browser.postForm("/automation/webhooks/" + id + "/rotate", Map.of()).status()).isEqualTo(302);
        assertThat(browser.postForm("/automation/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(302);
        long delivery = jdbc.sql("select id from webhook_deliveries where subscription_id = :id").param("id", id)
                .query(Long.class).single();
        assertThat(browser.get("/automation/webhooks/" + id).body()).contains("webhook.test", "Pending");
        assertThat(browser.get("/automation/webhooks/" + id + "/deliveries/" + delivery).body())
                .contains("&quot;type&quot;:&quot;webhook.test&quot;", "Not tried yet");
        assertThat(browser.postForm("/automation/webhooks/" + id + "/delete", Map.of()).status()).isEqualTo(302);
        assertThat(browser.get("/automation/webhooks/" + id).status()).isEqualTo(404);
    }

    private long create(List<String> events) {
        Http.Response made = admin.postJson(BASE, "{\"url\": \"" + PUBLIC + "\", \"eventTypes\": ["
                + String.join(",", events.stream().map(e -> "\"" + e + "\"").toList()) + "]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private static String body(String description, int version) {
        return "{\"url\": \"" + PUBLIC + "\", \"description\": \"" + description
                + "\", \"eventTypes\": [\"deal.won\"], \"version\": " + version + "}";
    }
}
