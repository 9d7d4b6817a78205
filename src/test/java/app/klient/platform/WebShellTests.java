package app.klient.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WebShellTests extends WebTest {

    @Autowired
    Users users;

    @Test
    void pages_carry_the_security_headers() {
        Http.Response login = Http.on(port).get("/login");
        assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void the_login_page_speaks_the_language_asked_for_and_remembers_it() {
        Http browser = Http.on(port);
        assertThat(browser.get("/login?lang=pl").body()).contains("Zaloguj się do Klienta").contains("lang=\"pl\"");
        assertThat(browser.get("/login").body()).contains("Zaloguj się do Klienta");
        assertThat(browser.get("/login?lang=cs").body()).contains("Přihlaste se do Klienta");
        assertThat(browser.get("/login?lang=xx").body()).contains("Přihlaste se do Klienta");
        assertThat(Http.on(port).language("cs-CZ,cs;q=0.9").get("/login").body()).contains("Přihlaste se");
        assertThat(Http.on(port).language("de").get("/login").body()).contains("Sign in to Klient");
    }

    @Test
    void a_language_chosen_on_any_page_becomes_the_users_preference() {
        UserSummary user = testUsers.create(Role.SALES, "en");
        Http browser = signedIn(user);
        assertThat(browser.get("/?lang=cs").body()).contains("Dobrý den");
        assertThat(users.get(user.id()).locale()).isEqualTo("cs");

        Http elsewhere = Http.on(port);
        elsewhere.login(user.email(), TestUsers.PASSWORD);
        assertThat(elsewhere.get("/").body()).contains("Dobrý den").contains("Jste přihlášeni");
    }

    @Test
    void dates_and_numbers_follow_the_users_language_and_time_zone() {
        UserSummary admin = testUsers.create(Role.ADMIN, "pl");
        Http browser = signedIn(admin);
        String page = browser.get("/admin/users/" + admin.id()).body();
        assertThat(page).containsPattern("utworzono \\d{1,2} [a-ząćęłńóśźż]+ \\d{4}");
    }

    @Test
    void unknown_pages_and_forbidden_pages_are_translated_pages_not_stack_traces() {
        UserSummary user = testUsers.create(Role.SUPPORT, "pl");
        Http browser = signedIn(user);
        Http.Response missing = browser.get("/no/such/page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("Nie znaleziono strony").doesNotContain("Whitelabel")
                .doesNotContain("Exception");
        Http.Response forbidden = browser.get("/admin/users");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).contains("Brak dostępu");
    }

    @Test
    void anonymous_visitors_are_sent_to_the_login_page() {
        Http.Response response = Http.on(port).get("/admin/users");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.location()).isEqualTo("/login");
    }

    @Test
    void static_assets_and_htmx_are_served_without_signing_in() {
        assertThat(Http.on(port).get("/css/klient.css").status()).isEqualTo(200);
        assertThat(Http.on(port).get("/js/klient.js").status()).isEqualTo(200);
        assertThat(Http.on(port).get("/webjars/htmx.org/dist/htmx.min.js").status()).isEqualTo(200);
    }

    @Test
    void health_is_open_and_metrics_are_for_administrators_only() {
        Http.Response health = Http.on(port).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(Http.on(port).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api(testUsers.create(Role.MANAGER)).get("/actuator/prometheus")
                .status()).isEqualTo(403);
        Http.Response metrics = api(testUsers.create(Role.ADMIN))
                .get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }

    @Test
    void the_api_is_documented() {
        Http.Response docs = Http.on(port).get("/api/openapi");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/users").contains("/api/v1/auth/token");
    }
}
