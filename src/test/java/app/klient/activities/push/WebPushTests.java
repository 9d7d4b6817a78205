package app.klient.activities.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.activities.Notifications;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.platform.Phrase;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Web Push end to end: a person switches push on for their browsers on the account page (as its script does), a
 * notification they get is sent to every one of them, signed with Klient's VAPID key and encrypted for each browser,
 * through a stand-in push service that checks the signature and decrypts the message as the browser would.
 */
class WebPushTests extends WebTest {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @Autowired
    Notifications notifications;

    @Autowired
    PushDispatcher dispatcher;

    StandInPushService service;

    @BeforeEach
    void start() throws Exception {
        // only these tests subscribe browsers; what earlier ones left points at push services that are gone
        jdbc.sql("delete from push_subscriptions").update();
        String key = administrator().get("/account/push/key").json().get("publicKey").asString();
        service = new StandInPushService(key);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void a_notification_reaches_every_browser_of_its_person_in_their_language_and_nobody_elses() throws Exception {
        UserSummary anna = testUsers.create(Role.SALES, "pl");
        UserSummary other = testUsers.create(Role.SALES, "cs");
        Http annas = signedIn(anna);
        assertThat(subscribe(annas, service.subscribe("anna-phone")).status()).isEqualTo(201);
        assertThat(subscribe(annas, service.subscribe("anna-laptop")).status()).isEqualTo(201);
        assertThat(subscribe(signedIn(other), service.subscribe("other-phone")).status()).isEqualTo(201);

        notifications.notify(anna.id(), "MENTION", "Jan wspomniał o Tobie: Łódź Sp. z o.o.", "/companies/42", null);
        notifications.notify(other.id(), "webhook-off", Phrase.of("webhook.notice.off", Phrase.text("https://x.example")),
                "/automation/webhooks/1", 1L);
        assertThat(dispatcher.dispatch(100)).isEqualTo(3);

        assertThat(service.refused).isEmpty();
        assertThat(service.received).extracting(StandInPushService.Received::browser)
                .containsExactlyInAnyOrder("anna-phone", "anna-laptop", "other-phone");
        StandInPushService.Received phone = service.received.stream().filter(r -> r.browser().equals("anna-phone"))
                .findFirst().orElseThrow();
        assertThat(phone.message().get("title").asString()).isEqualTo("Wzmianka");
        assertThat(phone.message().get("body").asString()).isEqualTo("Jan wspomniał o Tobie: Łódź Sp. z o.o.");
        assertThat(phone.message().get("url").asString()).isEqualTo("/companies/42");
        assertThat(phone.ttl()).isEqualTo("86400");
        StandInPushService.Received czech = service.received.stream().filter(r -> r.browser().equals("other-phone"))
                .findFirst().orElseThrow();
        // worded in the reader's language when sent, not in the language of whoever caused it
        assertThat(czech.message().get("body").asString()).contains("https://x.example").doesNotContain("webhook.notice");
        assertThat(jdbc.sql("select count(*) from push_deliveries d join push_subscriptions s on s.id = d.subscription_id"
                + " where s.user_id = :u and d.state = 'DELIVERED'").param("u", anna.id()).query(Long.class).single())
                .isEqualTo(2);
        // sent once: nothing is due any more
        assertThat(dispatcher.dispatch(100)).isZero();

        String page = annas.get("/account/push?lang=pl").body();
        assertThat(page).contains("ostatnie powiadomienie").contains("Wyłącz");
    }

    @Test
    void a_browser_the_push_service_forgot_is_switched_off_and_a_failing_service_is_tried_again_later()
            throws Exception {
        UserSummary user = testUsers.create(Role.SUPPORT);
        Http http = signedIn(user);
        subscribe(http, service.subscribe("gone"));
        subscribe(http, service.subscribe("busy"));
        service.answers.put("gone", 410);
        service.answers.put("busy", 503);

        notifications.notify(user.id(), "SLA_BREACH", "T-000042 Printer on fire", "/tickets/42", null);
        dispatcher.dispatch(100);

        assertThat(jdbc.sql("select count(*) from push_subscriptions where endpoint like '%/push/gone'")
                .query(Long.class).single()).isZero();
        record State(String state, int attempts, boolean later, Integer status) {
        }
        State busy = jdbc.sql("""
                select d.state, d.attempts, d.next_attempt_at > now() + interval '5 seconds', d.last_status
                from push_deliveries d join push_subscriptions s on s.id = d.subscription_id
                where s.endpoint like '%/push/busy'""")
                .query((rs, n) -> new State(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getInt(4))).single();
        assertThat(busy).isEqualTo(new State("PENDING", 1, true, 503));
        assertThat(dispatcher.dispatch(100)).as("not due before its pause").isZero();

        service.answers.remove("busy");
        jdbc.sql("update push_deliveries set next_attempt_at = now() where state = 'PENDING'").update();
        dispatcher.dispatch(100);
        assertThat(service.received).extracting(StandInPushService.Received::browser).containsExactly("busy");
        assertThat(service.received.get(0).message().get("title").asString()).isEqualTo("Target missed");
        assertThat(http.get("/account/push").body()).doesNotContain("data-push-device=\"" + "x");
    }

    @Test
    void a_person_switches_off_only_their_own_browsers() throws Exception {
        UserSummary owner = testUsers.create(Role.SALES);
        UserSummary stranger = testUsers.create(Role.MANAGER);
        Http owners = signedIn(owner);
        long id = subscribe(owners, service.subscribe("mine")).json().get("id").asLong();
        Http strangers = signedIn(stranger);
        strangers.get("/account");

        assertThat(strangers.postForm("/account/push/devices/" + id + "/remove", java.util.Map.of()).status())
                .isEqualTo(404);
        assertThat(strangers.postForm("/account/push/devices/987654321/remove", java.util.Map.of()).status())
                .isEqualTo(404);
        assertThat(count("push_subscriptions")).isEqualTo(1);

        owners.get("/account");
        Http.Response removed = owners.postForm("/account/push/devices/" + id + "/remove", java.util.Map.of());
        assertThat(removed.status()).isEqualTo(302);
        assertThat(count("push_subscriptions")).isZero();
    }

    @Test
    void signed_out_everywhere_or_deactivated_a_persons_browsers_get_no_more_notifications() throws Exception {
        UserSummary lost = testUsers.create(Role.SALES);
        UserSummary leaving = testUsers.create(Role.SALES);
        subscribe(signedIn(lost), service.subscribe("lost-phone"));
        subscribe(signedIn(leaving), service.subscribe("leaving-phone"));
        Http admin = apiAs(Role.ADMIN);

        // a lost phone: the administrator signs its owner out everywhere, and it is told nothing more
        assertThat(admin.postJson("/api/v1/users/" + lost.id() + "/sign-out-everywhere", "").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from push_subscriptions where user_id = :u").param("u", lost.id())
                .query(Long.class).single()).isZero();

        // a deactivated person's devices neither: nothing is queued for them any more
        long kept = jdbc.sql("select id from push_subscriptions where user_id = :u").param("u", leaving.id())
                .query(Long.class).single();
        jdbc.sql("update users set active = false where id = :u").param("u", leaving.id()).update();
        long before = count("push_deliveries");
        notifications.notify(leaving.id(), "MENTION", "A customer's name", "/companies/42", null);
        assertThat(count("push_deliveries")).isEqualTo(before);
        jdbc.sql("update users set active = true where id = :u").param("u", leaving.id()).update();
        assertThat(admin.postJson("/api/v1/users/" + leaving.id() + "/deactivate", "").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from push_subscriptions where id = :id").param("id", kept)
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_subscription_that_is_not_one_is_refused_in_plain_words_and_nothing_is_stored() throws Exception {
        UserSummary user = testUsers.create(Role.SALES);
        Http http = signedIn(user);
        String good = service.subscribe("good").json();
        String token = token(http);
        String[] bad = {
                good.replace(service.origin() + "/push/good", "javascript:alert(1)"),
                good.replace(service.origin(), "http://10.1.2.3"),
                good.replace(service.origin(), "http://169.254.169.254"),
                good.replace(service.origin() + "/push/good", "https://push.example/" + "a".repeat(2000)),
                good.replace("/push/good", "/push/go\\u0000od"),
                good.replaceFirst("\"p256dh\": \"[^\"]+\"", "\"p256dh\": \"BAAA\""),
                good.replaceFirst("\"auth\": \"[^\"]+\"", "\"auth\": \"c2hvcnQ\""),
                "{\"endpoint\": null}",
                "{}",
                "[1, 2]",
                "{\"endpoint\": \"x\", \"keys\": 5}",
                "not json",
        };
        for (String body : bad) {
            Http.Response refused = http.postJson("/account/push/devices?_csrf=" + token, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).as(body).startsWith("application/problem+json");
        }
        Http.Response english = http.postJson("/account/push/devices?_csrf=" + token, bad[1]);
        assertThat(english.body()).contains("Klient may not send to this push address.");
        assertThat(count("push_subscriptions")).isZero();

        assertThat(http.postJson("/account/push/devices", good).status()).as("without the CSRF token").isEqualTo(403);
        assertThat(browser().postJson("/account/push/devices", good).status()).isIn(302, 401, 403);
        assertThat(count("push_subscriptions")).isZero();
    }

    @Test
    void the_vapid_key_is_made_once_and_kept_sealed() {
        String first = administrator().get("/account/push/key").json().get("publicKey").asString();
        assertThat(signedInAs(Role.READ_ONLY).get("/account/push/key").json().get("publicKey").asString())
                .isEqualTo(first);
        assertThat(first).matches("B[A-Za-z0-9_-]{86}");
        assertThat(jdbc.sql("select private_key from push_vapid_keys").query(String.class).single()).startsWith("v1:");
        assertThat(browser().get("/account/push/key").status()).isEqualTo(302);
    }

    private Http.Response subscribe(Http http, StandInPushService.Browser browser) {
        return http.postJson("/account/push/devices?_csrf=" + token(http), browser.json());
    }

    private static String token(Http http) {
        Matcher m = CSRF.matcher(http.get("/account").body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
