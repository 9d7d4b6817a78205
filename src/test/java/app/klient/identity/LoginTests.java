package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.support.Http;
import app.klient.support.WebTest;
import app.klient.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

class LoginTests extends WebTest {

    @Autowired
    Users users;

    @Autowired
    AuditLog audit;

    @Test
    void signing_in_opens_the_start_page_and_signing_out_ends_the_session() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = Http.on(port);

        Http.Response login = browser.login(user.email(), TestUsers.PASSWORD);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).isEqualTo("/");
        Http.Response home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Hello, " + user.name());

        Http.Response logout = browser.postForm("/logout", Map.of());
        assertThat(logout.location()).isEqualTo("/login?logout");
        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(lastAction(user.email())).isEqualTo(AuditAction.LOGOUT);
    }

    @Test
    void the_email_is_matched_without_regard_to_case_and_spaces() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = Http.on(port);
        assertThat(browser.login("  " + user.email().toUpperCase() + " ", TestUsers.PASSWORD).location())
                .isEqualTo("/");
    }

    @Test
    void a_wrong_password_is_refused_with_a_clear_message_and_recorded() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = Http.on(port);

        Http.Response login = browser.login(user.email(), "not-the-password");
        assertThat(login.location()).isEqualTo("/login?error=bad");
        assertThat(browser.get("/login?error=bad").body()).contains("Wrong e-mail or password.");
        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(lastAction(user.email())).isEqualTo(AuditAction.LOGIN_FAILED);
    }

    @Test
    void an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
        Http browser = Http.on(port);
        assertThat(browser.login("nobody@klient.test", "whatever-password").location())
                .isEqualTo("/login?error=bad");
    }

    @Test
    void five_failures_lock_the_account_even_against_the_right_password() {
        UserSummary user = testUsers.create(Role.SALES);
        for (int i = 0; i < 5; i++) {
            // each attempt from another address: the account limit must hold on its own
            assertThat(Http.on(port).login(user.email(), "wrong-" + i).location()).isEqualTo("/login?error=bad");
        }
        Http browser = Http.on(port);
        Http.Response login = browser.login(user.email(), TestUsers.PASSWORD);
        assertThat(login.location()).isEqualTo("/login?error=locked");
        assertThat(browser.get("/login?error=locked").body()).contains("Too many failed attempts for this account");
        assertThat(browser.get("/").location()).endsWith("/login");
    }

    @Test
    void many_failures_from_one_address_block_that_address_for_every_account() {
        UserSummary user = testUsers.create(Role.SALES);
        Http attacker = Http.on(port);
        for (int i = 0; i < 30; i++) {
            attacker.login("guess" + i + "@klient.test", "wrong-password");
        }
        Http sameAddress = Http.on(port).withAddress(attacker.address());
        assertThat(sameAddress.login(user.email(), TestUsers.PASSWORD).location())
                .isEqualTo("/login?error=address");
        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/");
    }

    @Test
    void a_made_up_forwarded_for_neither_escapes_the_address_limit_nor_goes_into_the_audit_log() {
        UserSummary user = testUsers.create(Role.SALES);
        String guess = "forged-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        Http attacker = Http.on(port);
        for (int i = 0; i < 30; i++) {
            // no proxy is trusted by default, so a new address in the header each time must not count as a new client
            attacker.forwardedFor("198.51.100." + (i + 1)).login(guess + i + "@klient.test", "wrong-password");
        }
        assertThat(attacker.forwardedFor("203.0.113.77").login(user.email(), TestUsers.PASSWORD).location())
                .isEqualTo("/login?error=address");
        var failure = audit.search(new AuditQuery(guess + "0@klient.test", null, null, null, null, null),
                PageRequest.of(0, 1)).getContent().get(0);
        assertThat(failure.action()).isEqualTo(AuditAction.LOGIN_FAILED);
        assertThat(failure.address()).isEqualTo(attacker.address());
    }

    @Test
    void a_deactivated_user_cannot_sign_in_and_loses_open_sessions_and_tokens() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        assertThat(browser.get("/").status()).isEqualTo(200);
        String token = Http.on(port).postJson("/api/v1/auth/token",
                "{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}")
                .json().get("token").asString();
        assertThat(Http.on(port).bearer(token).get("/api/v1/me").status()).isEqualTo(200);

        UserSummary admin = users.findByEmail(TestUsers.ADMIN_EMAIL).orElseThrow();
        users.deactivate(user.id(), admin.id());

        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(Http.on(port).bearer(token).get("/api/v1/me").status()).isEqualTo(401);
        Http again = Http.on(port);
        assertThat(again.login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/login?error=disabled");
        assertThat(again.get("/login?error=disabled").body()).contains("deactivated");
        assertThat(Http.on(port).postJson("/api/v1/auth/token",
                "{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}").status())
                .isEqualTo(401);
        assertThat(users.get(user.id()).active()).isFalse();
    }

    @Test
    void the_login_form_without_its_csrf_token_is_refused() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = Http.on(port);
        browser.get("/login");
        Http.Response login = browser.postFormRaw("/login",
                Map.of("username", user.email(), "password", TestUsers.PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(browser.get("/").location()).endsWith("/login");
    }

    @Test
    void hostile_and_huge_credentials_get_the_ordinary_refusal() {
        Http browser = Http.on(port);
        assertThat(browser.login("x".repeat(100_000), "y".repeat(100_000)).location()).isEqualTo("/login?error=bad");
        assertThat(browser.login("' or 1=1 --", "' or 1=1 --").location()).isEqualTo("/login?error=bad");
        assertThat(browser.login("", "").location()).isEqualTo("/login?error=bad");
        assertThat(browser.login("<script>alert(1)</script>@x.y", "p").location()).isEqualTo("/login?error=bad");
    }

    private AuditAction lastAction(String email) {
        return audit.search(new AuditQuery(email, null, null, null, null, null), PageRequest.of(0, 1))
                .getContent().get(0).action();
    }
}
