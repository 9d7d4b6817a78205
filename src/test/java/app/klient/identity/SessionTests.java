package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sessions under control: the database holds only the SHA-256 of what a browser's cookie carries, sign-in gives a
 * new id that the old one no longer opens, a person sees and ends their sessions, an administrator signs a user out
 * everywhere, and a session older than the absolute timeout ends however busy it was.
 */
class SessionTests extends WebTest {

    private static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    @SuppressWarnings("rawtypes")
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.session.SessionRepository sessions;

    @Test
    @SuppressWarnings("unchecked")
    void two_requests_of_one_session_that_set_the_same_new_attribute_at_once_both_succeed() {
        // two tabs of one person at the same moment: each request read the session before the other saved it
        org.springframework.session.Session session = sessions.createSession();
        sessions.save(session);
        org.springframework.session.Session first = sessions.findById(session.getId());
        org.springframework.session.Session second = sessions.findById(session.getId());
        first.setAttribute("klient.test", "first");
        second.setAttribute("klient.test", "second");
        sessions.save(first);
        sessions.save(second);
        assertThat((String) ((org.springframework.session.Session) sessions.findById(session.getId()))
                .getAttribute("klient.test")).isEqualTo("second");
        sessions.deleteById(session.getId());
    }

    @Test
    void the_database_holds_the_hash_of_the_cookie_never_the_cookie_itself() throws Exception {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = browser();
        Http.Response login = browser.login(user.email(), TestUsers.PASSWORD);
        String token = cookie(login);

        assertThat(browser.get("/account").status()).as("the session works").isEqualTo(200);
        assertThat(storedIds(user.email())).containsExactly(sha256(token));
        assertThat(jdbc.sql("select count(*) from spring_session where session_id = :t or primary_id = :t")
                .param("t", token).query(Long.class).single()).isZero();
        // nor can the stored value be used as a cookie: it is hashed once more and found nowhere
        assertThat(getWith(sha256(token), "/account").location()).endsWith("/login");
    }

    @Test
    void signing_in_again_gives_a_new_id_and_the_old_cookie_stops_working() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = browser();
        String first = cookie(browser.login(user.email(), TestUsers.PASSWORD));
        assertThat(getWith(first, "/account").status()).isEqualTo(200);

        // the same browser signs in again while it holds a session: fixation protection gives the session a new id
        browser.get("/account");
        String second = cookie(browser.postForm("/login", Map.of("username", user.email(),
                "password", TestUsers.PASSWORD)));

        assertThat(second).isNotEqualTo(first);
        assertThat(browser.get("/account").status()).as("the session survives the change").isEqualTo(200);
        assertThat(getWith(second, "/account").status()).isEqualTo(200);
        assertThat(getWith(first, "/account").location()).as("the old id").endsWith("/login");
        assertThat(storedIds(user.email())).contains(sha256(second)).doesNotContain(sha256(first), first, second);
    }

    @Test
    void a_password_change_keeps_this_browser_under_a_new_hashed_id() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = browser();
        String before = cookie(browser.login(user.email(), TestUsers.PASSWORD));
        browser.get("/account");

        Http.Response changed = browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "another-long-password-9", "confirmation", "another-long-password-9"));
        String after = cookie(changed);

        assertThat(browser.get("/account").status()).isEqualTo(200);
        assertThat(getWith(before, "/account").location()).endsWith("/login");
        assertThat(storedIds(user.email())).containsExactly(sha256(after));
    }

    @Test
    void a_person_sees_their_sessions_in_plain_words_and_ends_another() {
        UserSummary user = testUsers.create(Role.SALES);
        Http here = browser();
        here.login(user.email(), TestUsers.PASSWORD);
        Http elsewhere = Http.on(port);
        elsewhere.login(user.email(), TestUsers.PASSWORD);
        elsewhere.get("/", Map.of("User-Agent", CHROME_ON_WINDOWS));

        String page = here.language("en").get("/account").body();
        assertThat(page).contains("Chrome on Windows").contains(elsewhere.address()).contains("This session");

        Http api = api(user);
        JsonNode sessions = api.get("/api/v1/me/sessions").json();
        assertThat(sessions).hasSize(2);
        JsonNode windows = null;
        for (JsonNode session : sessions) {
            if ("Windows".equals(session.path("system").asString(null))) {
                windows = session;
            }
        }
        assertThat(windows).isNotNull();
        assertThat(windows.path("browser").asString()).isEqualTo("Chrome");
        assertThat(windows.path("address").asString()).isEqualTo(elsewhere.address());
        assertThat(windows.path("id").asString()).hasSize(24);
        assertThat(storedIds(user.email())).doesNotContain(windows.path("id").asString());

        // ended on the page, with the password given again
        String windowsId = windows.path("id").asString();
        Http.Response refused = here.postForm("/account/sessions/end", Map.of("session", windowsId,
                "password", "not-my-password-at-all"));
        assertThat(refused.location()).isEqualTo("/account#sessions");
        assertThat(elsewhere.get("/").status()).as("a wrong password ends nothing").isEqualTo(200);
        Http.Response ended = here.postForm("/account/sessions/end", Map.of("session", windowsId,
                "password", TestUsers.PASSWORD));
        assertThat(ended.location()).isEqualTo("/account#sessions");
        assertThat(elsewhere.get("/").location()).as("that browser is signed out").endsWith("/login");
        assertThat(here.get("/account").status()).as("this one is not").isEqualTo(200);
        assertThat(api.get("/api/v1/me/sessions").json()).hasSize(1);
        assertThat(audited("SESSION_ENDED", user.id())).isEqualTo(1);

        // over the API, and an id that is nobody's (or another person's) is not found
        String mine = api.get("/api/v1/me/sessions").json().get(0).path("id").asString();
        assertThat(api.delete("/api/v1/me/sessions/nosuchsession").status()).isEqualTo(404);
        assertThat(api(testUsers.create(Role.SALES)).delete("/api/v1/me/sessions/" + mine).status()).isEqualTo(404);
        assertThat(here.get("/account").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/me/sessions/" + mine).status()).isEqualTo(204);
        assertThat(here.get("/account").location()).endsWith("/login");
    }

    @Test
    void bad_session_ids_are_answered_as_not_found() {
        UserSummary user = testUsers.create(Role.SALES);
        Http api = api(user);
        for (String bad : List.of("%00", "%C3%28", "x".repeat(5000), "..%2F..")) {
            Http.Response response = api.delete("/api/v1/me/sessions/" + bad);
            assertThat(response.status()).as(bad).isBetween(400, 499);
            assertThat(response.contentType()).as(bad).startsWith("application/problem+json");
        }
        Http browser = signedIn(user);
        browser.get("/account");
        assertThat(browser.postForm("/account/sessions/end", Map.of("session", "Nul\u0000",
                "password", TestUsers.PASSWORD)).status()).isEqualTo(400);
        for (String bad : List.of("nosuch", "x".repeat(100_000), "")) {
            Http.Response answer = browser.postForm("/account/sessions/end", Map.of("session", bad,
                    "password", TestUsers.PASSWORD));
            assertThat(answer.location()).as(bad).isEqualTo("/account#sessions");
        }
        assertThat(browser.get("/account").body()).contains("flash error");
        // a cookie that is no token at all is simply no session
        assertThat(getWith("x".repeat(4000), "/account").location()).endsWith("/login");
    }

    @Test
    void a_person_ends_all_their_other_sessions_at_once_and_keeps_this_one() {
        UserSummary user = testUsers.create(Role.SALES);
        Http here = signedIn(user);
        Http two = signedIn(user);
        Http three = signedIn(user);
        here.get("/account");

        Http.Response ended = here.postForm("/account/sessions/end", Map.of("session", "others",
                "password", TestUsers.PASSWORD));

        assertThat(ended.location()).isEqualTo("/account#sessions");
        assertThat(two.get("/").location()).endsWith("/login");
        assertThat(three.get("/").location()).endsWith("/login");
        assertThat(here.get("/account").status()).isEqualTo(200);
        assertThat(storedIds(user.email())).hasSize(1);
        assertThat(audited("SESSION_ENDED", user.id())).isEqualTo(2);
    }

    @Test
    void the_administrator_signs_a_user_out_everywhere_from_the_user_page_and_the_api() {
        UserSummary user = testUsers.create(Role.SALES);
        Http one = signedIn(user);
        Http two = signedIn(user);
        Http script = api(user);
        Http admin = signedIn(testUsers.create(Role.ADMIN));
        assertThat(admin.get("/admin/users/" + user.id()).body()).contains("/admin/users/" + user.id()
                + "/sign-out-everywhere");

        Http.Response done = admin.postForm("/admin/users/" + user.id() + "/sign-out-everywhere", Map.of());

        assertThat(done.location()).isEqualTo("/admin/users/" + user.id());
        assertThat(one.get("/").location()).endsWith("/login");
        assertThat(two.get("/").location()).endsWith("/login");
        assertThat(script.get("/api/v1/me").status()).as("API tokens are not sessions").isEqualTo(200);
        assertThat(audited("SIGNED_OUT_EVERYWHERE", user.id())).isEqualTo(1);

        Http three = signedIn(user);
        Http adminApi = api(testUsers.create(Role.ADMIN));
        Http.Response api = adminApi.postJson("/api/v1/users/" + user.id() + "/sign-out-everywhere", "{}");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().path("endedSessions").asInt()).isEqualTo(1);
        assertThat(three.get("/").location()).endsWith("/login");
        assertThat(adminApi.postJson("/api/v1/users/999999999/sign-out-everywhere", "{}").status()).isEqualTo(404);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/users/" + user.id() + "/sign-out-everywhere", "{}")
                .status()).isEqualTo(403);
    }

    @Test
    void a_session_older_than_the_absolute_timeout_ends_however_busy_it_was() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        assertThat(browser.get("/").status()).isEqualTo(200);

        // signed in eight days ago and used all along (the default absolute timeout is seven days)
        long eightDaysAgo = System.currentTimeMillis() - 8L * 24 * 3600 * 1000;
        jdbc.sql("update spring_session set creation_time = :t where principal_name = :email")
                .param("t", eightDaysAgo).param("email", user.email()).update();

        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(storedIds(user.email())).isEmpty();
    }

    @Test
    void an_idle_session_sends_the_person_to_sign_in_again() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        // last used nine hours ago (the default idle timeout is eight)
        jdbc.sql("update spring_session set last_access_time = :t where principal_name = :email")
                .param("t", System.currentTimeMillis() - 9L * 3600 * 1000).param("email", user.email()).update();

        assertThat(browser.get("/deals").location()).endsWith("/login");
    }

    // --- plumbing

    /** A request from a fresh client presenting exactly this session cookie. */
    private Http.Response getWith(String token, String path) {
        return browser().get(path, Map.of("Cookie", "SESSION=" + token));
    }

    private List<String> storedIds(String email) {
        return jdbc.sql("select session_id from spring_session where principal_name = :email").param("email", email)
                .query(String.class).list();
    }

    private long audited(String action, long userId) {
        return jdbc.sql("select count(*) from audit_events where action = :action and entity_type = 'user' "
                + "and entity_id = :id").param("action", action).param("id", String.valueOf(userId))
                .query(Long.class).single();
    }

    private static String cookie(Http.Response response) {
        return response.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring("SESSION=".length(), c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + response.raw().headers()));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
