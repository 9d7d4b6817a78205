package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Everybody's own settings: profile, password and personal API tokens, on the page and over the API. */
class AccountTests extends WebTest {

    @Autowired
    Users users;

    @Test
    void a_user_changes_their_name_language_and_time_zone() {
        UserSummary user = testUsers.create(Role.SUPPORT);
        Http browser = signedIn(user);
        browser.get("/account");
        Http.Response saved = browser.postForm("/account/profile",
                Map.of("name", "Petra Černá", "locale", "cs", "timeZone", "Europe/Prague"));
        assertThat(saved.location()).isEqualTo("/account");
        assertThat(browser.get("/account").body()).contains("Nastavení bylo uloženo.").contains("Petra Černá");
        UserSummary changed = users.get(user.id());
        assertThat(changed.name()).isEqualTo("Petra Černá");
        assertThat(changed.locale()).isEqualTo("cs");
        assertThat(changed.timeZone()).isEqualTo("Europe/Prague");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty name | '' | en | Europe/Warsaw",
            "name too long | LONG | en | Europe/Warsaw",
            "unknown language | Name | xx | Europe/Warsaw",
            "made-up time zone | Name | en | Atlantis/Capital",
            "zone offset instead of a region | Name | en | +02:00"
    })
    void a_bad_profile_is_shown_again_with_its_errors_and_not_saved(String why, String name, String locale,
            String zone) {
        UserSummary user = testUsers.create(Role.SUPPORT);
        Http browser = signedIn(user);
        browser.get("/account");
        Http.Response response = browser.postForm("/account/profile",
                Map.of("name", name.equals("LONG") ? "N".repeat(500) : name, "locale", locale, "timeZone", zone));
        assertThat(response.status()).as(why).isEqualTo(200);
        assertThat(response.body()).as(why).contains("field-error");
        assertThat(users.get(user.id())).isEqualTo(user);
    }

    @Test
    void a_password_is_changed_only_with_the_current_one_and_a_confirmed_long_new_one() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        browser.get("/account");
        assertThat(browser.postForm("/account/password", Map.of("current", "wrong-password-x",
                "replacement", "brand-new-password", "confirmation", "brand-new-password")).body())
                .contains("The current password is not correct.");
        assertThat(browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "brand-new-password", "confirmation", "brand-new-passwort")).body())
                .contains("The two new passwords differ.");
        assertThat(browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "short", "confirmation", "short")).body())
                .contains("The password must have 12 to 128 characters.");
        assertThat(browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", user.email(), "confirmation", user.email())).body())
                .contains("not your e-mail address");
        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).as("still the old one")
                .isEqualTo("/");

        Http.Response changed = browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "brand-new-password", "confirmation", "brand-new-password"));
        assertThat(changed.location()).isEqualTo("/account");
        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/login?error=bad");
        assertThat(Http.on(port).login(user.email(), "brand-new-password").location()).isEqualTo("/");
    }

    @Test
    void a_token_made_on_the_page_is_shown_once_works_and_can_be_revoked() {
        UserSummary user = testUsers.create(Role.MARKETING);
        Http browser = signedIn(user);
        browser.get("/account/tokens");
        Http.Response created = browser.postForm("/account/tokens",
                Map.of("name", "Newsletter sync", "expiresOn", LocalDate.now().plusDays(30).toString()));
        assertThat(created.location()).isEqualTo("/account/tokens");
        String page = browser.get("/account/tokens").body();
        String secret = page.replaceAll("(?s).*id=\"issued-secret\">(klient_[A-Za-z0-9_-]+)<.*", "$1");
        assertThat(secret).startsWith("klient_").hasSize(50);
        assertThat(page).contains("Newsletter sync");
        assertThat(browser.get("/account/tokens").body()).as("shown once").doesNotContain(secret);

        Http api = Http.on(port).bearer(secret);
        assertThat(api.get("/api/v1/me").json().get("email").asString()).isEqualTo(user.email());
        long id = api.get("/api/v1/me/tokens").json().get(0).get("id").asLong();
        browser.postForm("/account/tokens/" + id + "/revoke", Map.of());
        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(browser.get("/account/tokens").body()).contains("Revoked");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no name | '' | +30",
            "name too long | LONG | +30",
            "no date | Name | ''",
            "not a date | Name | tomorrow",
            "in the past | Name | -1",
            "three years ahead | Name | +1100"
    })
    void a_bad_token_request_on_the_page_makes_no_token(String why, String name, String days) {
        UserSummary user = testUsers.create(Role.MARKETING);
        Http browser = signedIn(user);
        browser.get("/account/tokens");
        String expiresOn = days.matches("[+-]\\d+") ? LocalDate.now().plusDays(Long.parseLong(days)).toString() : days;
        Http.Response response = browser.postForm("/account/tokens",
                Map.of("name", name.equals("LONG") ? "T".repeat(101) : name, "expiresOn", expiresOn));
        assertThat(response.status()).as(why).isEqualTo(200);
        assertThat(response.body()).as(why).containsAnyOf("field-error", "flash error");
        assertThat(tokenCount(user)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty body | {}",
            "no expiry | {\"name\":\"x\"}",
            "expiry in the past | {\"name\":\"x\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
            "expiry not a time | {\"name\":\"x\",\"expiresAt\":\"soon\"}",
            "unknown field | {\"name\":\"x\",\"expiresAt\":\"2030-01-01T00:00:00Z\",\"scope\":\"all\"}",
            "blank name | {\"name\":\" \",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"
    })
    void a_bad_token_request_over_the_api_is_a_problem_and_makes_no_token(String why, String json) {
        UserSummary user = testUsers.create(Role.MARKETING);
        String token = tokens.issue(user);
        Http.Response response = Http.on(port).bearer(token).postJson("/api/v1/me/tokens", json);
        assertThat(response.status()).as(why).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(tokenCount(user)).as("only the one the test made").isEqualTo(1);
    }

    @Test
    void team_requests_over_the_api_are_validated() {
        Http admin = api(testUsers.create(Role.ADMIN));
        long before = jdbc.sql("select count(*) from teams").query(Long.class).single();
        assertThat(admin.postJson("/api/v1/teams", "{}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/teams", "{\"name\":\"" + "T".repeat(101) + "\"}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/teams", "{\"name\":\"X\",\"members\":[]}").status()).isEqualTo(400);
        long team = admin.postJson("/api/v1/teams", "{\"name\":\"Renamable " + System.nanoTime() + "\"}").json()
                .get("id").asLong();
        assertThat(admin.putJson("/api/v1/teams/" + team, "{\"name\":\"No version\"}").status()).isEqualTo(400);
        assertThat(admin.putJson("/api/v1/teams/" + team, "{\"name\":\"Stale\",\"version\":7}").status())
                .isEqualTo(409);
        assertThat(admin.putJson("/api/v1/teams/" + team, "{\"name\":\"Fresh " + team + "\",\"version\":0}")
                .json().get("name").asString()).isEqualTo("Fresh " + team);
        assertThat(admin.putJson("/api/v1/teams/987654", "{\"name\":\"Ghost\",\"version\":0}").status())
                .isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from teams").query(Long.class).single()).isEqualTo(before + 1);
    }

    private long tokenCount(UserSummary user) {
        return jdbc.sql("select count(*) from api_tokens where user_id = :id").param("id", user.id())
                .query(Long.class).single();
    }
}
