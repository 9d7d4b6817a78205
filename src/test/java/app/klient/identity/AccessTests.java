package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Who may do what: a refused request answers 403 and tells nothing about the data behind it. */
class AccessTests extends WebTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /api/v1/users",
            "PUT, /api/v1/users/1",
            "POST, /api/v1/users/1/deactivate",
            "POST, /api/v1/teams",
            "PUT, /api/v1/teams/1",
            "POST, /api/v1/anything-that-writes",
            "PUT, /api/v1/anything-that-writes/1",
            "DELETE, /api/v1/anything-that-writes/1"
    })
    void a_read_only_user_gets_403_on_every_api_write(String method, String path) {
        Http api = api(testUsers.create(Role.READ_ONLY));
        long usersBefore = count("users");
        long teamsBefore = count("teams");
        Http.Response response = switch (method) {
            case "POST" -> api.postJson(path, "{\"name\":\"Read-only team\"}");
            case "PUT" -> api.putJson(path, "{\"name\":\"Renamed\",\"version\":0}");
            default -> api.delete(path);
        };
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo("Your role does not allow this.");
        assertThat(response.body()).doesNotContain("admin@").doesNotContain("email");
        assertThat(count("users")).isEqualTo(usersBefore);
        assertThat(count("teams")).isEqualTo(teamsBefore);
    }

    @Test
    void a_read_only_user_may_read_and_look_after_their_own_account() {
        UserSummary reader = testUsers.create(Role.READ_ONLY);
        Http api = api(reader);
        assertThat(api.get("/api/v1/me").json().get("role").asString()).isEqualTo("READ_ONLY");
        assertThat(api.get("/api/v1/teams").status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/me/tokens", "{\"name\":\"mine\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/me/tokens",
                "{\"name\":\"mine\",\"expiresAt\":\"" + java.time.Instant.now().plusSeconds(3600) + "\"}").status())
                .isEqualTo(201);

        Http browser = signedIn(reader);
        assertThat(browser.get("/account").status()).isEqualTo(200);
        assertThat(browser.postForm("/admin/teams", Map.of("name", "Nope")).status()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "SALES", "MANAGER", "MARKETING", "SUPPORT", "READ_ONLY" })
    void only_administrators_manage_users_teams_and_the_audit_log(Role role) {
        UserSummary someone = testUsers.create(role);
        Http api = api(someone);
        assertThat(api.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + someone.id()).status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/users", "{}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/teams", "{\"name\":\"x\"}").status()).isEqualTo(403);

        Http browser = signedIn(someone);
        for (String page : new String[] { "/admin/users", "/admin/users/new", "/admin/users/1", "/admin/teams",
                "/admin/audit" }) {
            Http.Response response = browser.get(page);
            assertThat(response.status()).as(page).isEqualTo(403);
            assertThat(response.body()).as(page).contains("Access denied").doesNotContain(TestUsers.ADMIN_EMAIL);
        }
        assertThat(browser.postForm("/admin/users", Map.of("email", "x@y.cz", "name", "X", "role", "ADMIN",
                "password", "a-long-password")).status()).isEqualTo(403);
        assertThat(browser.get("/").body()).doesNotContain("/admin/users");
    }

    @Test
    void the_api_takes_only_bearer_tokens_not_sessions() {
        UserSummary admin = testUsers.create(Role.ADMIN);
        Http browser = signedIn(admin);
        assertThat(browser.get("/admin/users").status()).isEqualTo(200);
        Http.Response api = browser.get("/api/v1/users");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_missing_malformed_revoked_or_expired_token_gets_401() {
        UserSummary user = testUsers.create(Role.SALES);
        assertThat(Http.on(port).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(Http.on(port).bearer("garbage").get("/api/v1/me").status()).isEqualTo(401);
        assertThat(Http.on(port).bearer("klient_" + "A".repeat(43)).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(Http.on(port).get("/api/v1/me", Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).status())
                .isEqualTo(401);

        String token = tokens.issue(user);
        Http api = Http.on(port).bearer(token);
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        long tokenId = api.get("/api/v1/me/tokens").json().get(0).get("id").asLong();
        assertThat(api.delete("/api/v1/me/tokens/" + tokenId).status()).isEqualTo(204);
        Http.Response revoked = api.get("/api/v1/me");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("title").asString()).isEqualTo("Unauthorized");

        String expiring = tokens.issue(user);
        jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where token_hash = "
                + "encode(sha256(convert_to(:secret, 'UTF8')), 'hex')").param("secret", expiring).update();
        assertThat(Http.on(port).bearer(expiring).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void nobody_can_revoke_someone_elses_token() {
        UserSummary owner = testUsers.create(Role.SALES);
        String ownerToken = tokens.issue(owner);
        long tokenId = Http.on(port).bearer(ownerToken).get("/api/v1/me/tokens").json().get(0).get("id").asLong();
        Http other = api(testUsers.create(Role.ADMIN));
        assertThat(other.delete("/api/v1/me/tokens/" + tokenId).status()).isEqualTo(404);
        assertThat(Http.on(port).bearer(ownerToken).get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void the_token_endpoint_refuses_wrong_passwords_and_locks_like_the_form() {
        UserSummary user = testUsers.create(Role.SALES);
        String wrong = "{\"email\":\"" + user.email() + "\",\"password\":\"wrong-password\"}";
        Http.Response refused = Http.on(port).postJson("/api/v1/auth/token", wrong);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).isEqualTo("Wrong e-mail or password.");
        for (int i = 0; i < 4; i++) {
            Http.on(port).postJson("/api/v1/auth/token", wrong);
        }
        String right = "{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}";
        assertThat(Http.on(port).postJson("/api/v1/auth/token", right).status()).isEqualTo(429);
        assertThat(Http.on(port).postJson("/api/v1/auth/token", "{\"email\":\"\"}").status()).isEqualTo(400);
        assertThat(Http.on(port).postJson("/api/v1/auth/token", "[]").status()).isEqualTo(400);
    }

    @Test
    void the_secret_of_a_token_is_stored_only_as_a_hash() {
        UserSummary user = testUsers.create(Role.SALES);
        String secret = tokens.issue(user);
        long stored = jdbc.sql("select count(*) from api_tokens where token_hash = :secret or prefix = :secret")
                .param("secret", secret).query(Long.class).single();
        assertThat(stored).isZero();
        assertThat(Http.on(port).bearer(secret).get("/api/v1/me/tokens").body()).doesNotContain(secret);
    }
}
