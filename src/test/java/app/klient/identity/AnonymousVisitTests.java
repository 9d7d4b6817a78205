package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** People and robots who only look at the login page or a public form leave nothing in the session table. */
class AnonymousVisitTests extends WebTest {

    @Test
    void anonymous_views_of_the_login_page_and_the_public_forms_make_no_session() {
        Http admin = administrator();
        admin.get("/admin/lead-capture");
        String key = "visit-" + UUID.randomUUID().toString().substring(0, 6);
        admin.postForm("/admin/lead-capture/forms", Map.of("key", key, "name", "Visit form"));
        assertThat(browser().get("/forms/" + key).status()).isEqualTo(200);
        long before = count("spring_session");

        for (int i = 0; i < 20; i++) {
            Http visitor = browser();
            assertThat(visitor.get("/login").status()).isEqualTo(200);
            assertThat(visitor.get("/login?error=bad").status()).isEqualTo(200);
            assertThat(visitor.get("/").location()).endsWith("/login");
            assertThat(visitor.get("/deals?page=2").location()).endsWith("/login");
            assertThat(visitor.get("/forms/" + key).status()).isEqualTo(200);
            assertThat(visitor.get("/forms/support").status()).isEqualTo(200);
            assertThat(visitor.get("/forms/survey/" + "x".repeat(43)).status()).isIn(200, 404);
        }

        assertThat(count("spring_session")).isEqualTo(before);
    }

    @Test
    void signing_in_still_needs_the_forms_csrf_token_and_opens_the_page_asked_for() {
        UserSummary user = testUsers.create(Role.SALES);
        Http forger = browser();
        forger.get("/login");
        assertThat(forger.postFormRaw("/login", Map.of("username", user.email(), "password", TestUsers.PASSWORD,
                "_csrf", "made-up")).status()).isEqualTo(403);

        Http browser = browser();
        assertThat(browser.get("/account").location()).endsWith("/login");
        Http.Response login = browser.login(user.email(), TestUsers.PASSWORD);
        assertThat(login.location()).startsWith("/account");
        assertThat(browser.get("/account").status()).isEqualTo(200);
        assertThat(browser.postForm("/account/profile", Map.of("name", "Renamed", "locale", "en",
                "timeZone", "Europe/Warsaw")).location()).as("the session's own token works").isEqualTo("/account");
        assertThat(browser.postFormRaw("/account/profile", Map.of("name", "Forged", "locale", "en",
                "timeZone", "Europe/Warsaw")).status()).isEqualTo(403);
    }
}
