package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.audit.AuditAction;
import app.klient.identity.internal.Totp;
import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

class TwoFactorTests extends WebTest {

    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>");

    @Test
    void a_user_turns_it_on_and_then_signs_in_with_a_code_each_taken_once() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        assertThat(browser.get("/account").body()).contains("Two-factor sign-in").contains("Off");
        String secret = secretOn(browser.get("/account/two-factor"));
        Http.Response wrong = browser.postForm("/account/two-factor/enable", Map.of("code", "000000"));
        assertThat(wrong.body()).contains("That code is not right");

        List<String> recovery = enable(browser, secret, Instant.now());
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(browser.get("/account/two-factor").body()).contains("Recovery codes left: 10")
                .doesNotContain(recovery.get(0));
        assertThat(lastAction(user.id())).isEqualTo(AuditAction.TWO_FACTOR_ON);
        String stored = jdbc.sql("select secret from two_factor where user_id = :id").param("id", user.id())
                .query(String.class).single();
        assertThat(stored).as("the TOTP secret is kept sealed, like every credential").startsWith("v1:")
                .doesNotContain(secret.replace(" ", ""));
        browser.postForm("/logout", Map.of());

        // the password alone: halfway, and halfway opens nothing
        Http next = browser();
        Http.Response password = next.login(user.email(), TestUsers.PASSWORD);
        assertThat(password.location()).isEqualTo("/login/code");
        assertThat(next.get("/").location()).endsWith("/login");
        assertThat(next.get("/account").location()).endsWith("/login");
        assertThat(next.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(next.get("/login/code").body()).contains("Enter the six-digit code");

        // the code confirming the setup was of this step: the next one signs in (at the page first asked for), once
        String code = Totp.code(secret, Instant.now().plusSeconds(30));
        Http.Response signedIn = next.postForm("/login/code", Map.of("code", code));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).isEqualTo("/account");
        assertThat(next.get("/").status()).isEqualTo(200);
        assertThat(lastAction(user.id())).isEqualTo(AuditAction.LOGIN);

        Http thief = halfway(user);
        Http.Response replay = thief.postForm("/login/code", Map.of("code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("That code has already been used");
        assertThat(thief.postForm("/login/code", Map.of("code", Totp.code(secret, Instant.now()))).body())
                .contains("That code has already been used");
        // a code from two minutes ago has expired
        assertThat(thief.postForm("/login/code", Map.of("code", Totp.code(secret, Instant.now().minusSeconds(120))))
                .body()).contains("That code is not right");
        assertThat(thief.get("/").location()).endsWith("/login");
        assertThat(lastAction(user.id())).isEqualTo(AuditAction.TWO_FACTOR_FAILED);

        // a recovery code instead, once
        Http phoneless = halfway(user);
        Http.Response withRecovery = phoneless.postForm("/login/code",
                Map.of("code", " " + recovery.get(3).toUpperCase() + " "));
        assertThat(withRecovery.location()).isEqualTo("/");
        assertThat(phoneless.get("/account").body()).contains("Recovery codes left: 9");
        Http again = halfway(user);
        assertThat(again.postForm("/login/code", Map.of("code", recovery.get(3))).body())
                .contains("That recovery code is not right or has already been used");
        assertThat(again.get("/").location()).endsWith("/login");
    }

    @Test
    void five_wrong_codes_lock_the_second_step_even_against_the_right_code() {
        UserSummary user = testUsers.create(Role.SUPPORT);
        Http browser = signedIn(user);
        String secret = secretOn(browser.get("/account/two-factor"));
        List<String> recovery = enable(browser, secret, Instant.now());
        for (int i = 0; i < 5; i++) {
            Http guesser = halfway(user);
            assertThat(guesser.postForm("/login/code", Map.of("code", i % 2 == 0 ? "123456" : "zzzzz-zzzzz"))
                    .status()).isEqualTo(400);
        }
        Http owner = halfway(user);
        Http.Response locked = owner.postForm("/login/code",
                Map.of("code", Totp.code(secret, Instant.now().plusSeconds(30))));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many wrong codes. Wait 15 minutes");
        assertThat(owner.postForm("/login/code", Map.of("code", recovery.get(0))).status()).isEqualTo(429);
        assertThat(owner.get("/").location()).endsWith("/login");
        // the script door is throttled by the same count
        assertThat(Http.on(port).postJson("/api/v1/auth/token", credentials(user, recovery.get(1))).status())
                .isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from audit_events where actor_id = :id and action = 'TWO_FACTOR_FAILED'")
                .param("id", user.id()).query(Long.class).single()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void a_script_needs_a_code_for_a_token_but_tokens_made_before_keep_working() {
        UserSummary user = testUsers.create(Role.SALES);
        Http api = api(user);
        Http browser = signedIn(user);
        String secret = secretOn(browser.get("/account/two-factor"));
        List<String> recovery = enable(browser, secret, Instant.now());

        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me/two-factor").json().get("enabled").asBoolean()).isTrue();
        Http.Response noCode = Http.on(port).postJson("/api/v1/auth/token", credentials(user, null));
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.body()).contains("send the code from the authenticator app");
        assertThat(Http.on(port).postJson("/api/v1/auth/token", credentials(user, "999999")).status())
                .isEqualTo(401);
        Http.Response withCode = Http.on(port).postJson("/api/v1/auth/token", credentials(user, recovery.get(0)));
        assertThat(withCode.status()).isEqualTo(200);
        assertThat(Http.on(port).bearer(withCode.json().get("token").asString()).get("/api/v1/me").status())
                .isEqualTo(200);
        assertThat(Http.on(port).postJson("/api/v1/auth/token",
                credentials(user, "x".repeat(65))).status()).isEqualTo(400);
    }

    @Test
    void turning_it_off_takes_a_code_or_the_password_and_new_recovery_codes_replace_the_old() {
        UserSummary user = testUsers.create(Role.MARKETING);
        Http browser = signedIn(user);
        String secret = secretOn(browser.get("/account/two-factor"));
        List<String> first = enable(browser, secret, Instant.now());

        Http.Response renewed = browser.postForm("/account/two-factor/recovery-codes",
                Map.of("confirmation", TestUsers.PASSWORD));
        List<String> second = codesOn(browser.get(renewed.location()));
        assertThat(second).hasSize(10).doesNotContainAnyElementsOf(first);
        assertThat(lastAction(user.id())).isEqualTo(AuditAction.RECOVERY_CODES_NEW);

        assertThat(browser.postForm("/account/two-factor/disable", Map.of("confirmation", "wrong-password-1"))
                .body()).contains("That code is not right");
        assertThat(browser.postForm("/account/two-factor/disable", Map.of("confirmation", "\u0000".repeat(200)))
                .status()).isEqualTo(400);
        Http.Response off = browser.postForm("/account/two-factor/disable", Map.of("confirmation", second.get(0)));
        assertThat(off.status()).isEqualTo(302);
        assertThat(lastAction(user.id())).isEqualTo(AuditAction.TWO_FACTOR_OFF);
        assertThat(browser().login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/");
    }

    @Test
    void a_role_that_requires_it_sends_its_users_to_set_it_up_before_anything_else() {
        Http admin = apiAs(Role.ADMIN);
        UserSummary user = testUsers.create(Role.READ_ONLY);
        try {
            Http.Response policy = admin.putJson("/api/v1/two-factor/policy", "{\"requiredRoles\": [\"READ_ONLY\"]}");
            assertThat(policy.status()).isEqualTo(200);
            assertThat(policy.body()).contains("READ_ONLY");
            assertThat(admin.putJson("/api/v1/two-factor/policy", "{\"requiredRoles\": [\"KING\"]}").status())
                    .isEqualTo(400);
            assertThat(admin.putJson("/api/v1/two-factor/policy", "{\"requiredRoles\": [\"\u0000\"]}").status())
                    .isEqualTo(400);
            assertThat(apiAs(Role.MANAGER).get("/api/v1/two-factor/policy").status()).isEqualTo(403);

            Http browser = browser();
            assertThat(browser.login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/login/setup");
            assertThat(browser.get("/").location()).endsWith("/login");
            assertThat(browser.get("/login/code").location()).isEqualTo("/login?error=expired");
            Http.Response setup = browser.get("/login/setup");
            assertThat(setup.body()).contains("Your role requires a second factor").contains("data:image/svg+xml");
            String secret = secretOn(setup);
            assertThat(browser.postForm("/login/setup", Map.of("code", "000000")).body())
                    .contains("That code is not right");
            assertThat(browser.get("/").location()).endsWith("/login");
            Http.Response done = browser.postForm("/login/setup", Map.of("code", Totp.code(secret, Instant.now())));
            assertThat(done.location()).isEqualTo("/account/two-factor");
            assertThat(codesOn(browser.get("/account/two-factor"))).hasSize(10);
            assertThat(browser.get("/").status()).isEqualTo(200);
            // required: it cannot be turned off
            assertThat(browser.postForm("/account/two-factor/disable", Map.of("confirmation", TestUsers.PASSWORD))
                    .body()).contains("Your role requires two-factor sign-in");
            // a script of that role without it gets no token
            UserSummary other = testUsers.create(Role.READ_ONLY);
            assertThat(Http.on(port).postJson("/api/v1/auth/token", credentials(other, null)).status())
                    .isEqualTo(403);
        }
        finally {
            admin.putJson("/api/v1/two-factor/policy", "{\"requiredRoles\": []}");
        }
    }

    @Test
    void the_administrator_resets_a_lost_second_factor() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        enable(browser, secretOn(browser.get("/account/two-factor")), Instant.now());
        assertThat(browser().login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/login/code");

        Http admin = administrator();
        assertThat(admin.get("/admin/users/" + user.id()).body()).contains("Reset second factor");
        assertThat(admin.postForm("/admin/users/" + user.id() + "/two-factor/reset", Map.of()).location())
                .isEqualTo("/admin/users/" + user.id());
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'TWO_FACTOR_RESET' and entity_id = :id")
                .param("id", String.valueOf(user.id())).query(Long.class).single()).isEqualTo(1);
        assertThat(browser().login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/");
        assertThat(apiAs(Role.ADMIN).delete("/api/v1/users/987654321/two-factor").status()).isEqualTo(404);
        assertThat(apiAs(Role.SALES).delete("/api/v1/users/" + user.id() + "/two-factor").status()).isEqualTo(403);
    }

    @Test
    void the_administrator_chooses_the_roles_on_a_page_in_their_language() {
        Http admin = administrator();
        try {
            assertThat(admin.get("/admin/two-factor").body()).contains("Required for");
            admin.postForm("/admin/two-factor", Map.of("roles", "MANAGER"));
            assertThat(admin.get("/admin/two-factor").body()).containsPattern("value=\"MANAGER\" checked");
            assertThat(admin.postForm("/admin/two-factor", Map.of("roles", "MANAGER\u0000")).status()).isEqualTo(400);
            assertThat(admin.get("/admin/two-factor").body()).containsPattern("value=\"MANAGER\" checked");
            // a role that does not exist is refused, and the requirement stays as it was
            Http.Response unknown = admin.postForm("/admin/two-factor", Map.of("roles", "NOT_A_ROLE"));
            assertThat(admin.get(unknown.location()).body()).contains("There is no such role")
                    .containsPattern("value=\"MANAGER\" checked");
            UserSummary polish = testUsers.create(Role.SALES, "pl");
            Http browser = signedIn(polish);
            assertThat(browser.get("/account/two-factor").body()).contains("Logowanie dwuskładnikowe");
        }
        finally {
            admin.postForm("/admin/two-factor", Map.of());
        }
    }

    /** A browser that gave the right password and now sees the code form. */
    private Http halfway(UserSummary user) {
        Http browser = browser();
        assertThat(browser.login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/login/code");
        assertThat(browser.get("/login/code").status()).isEqualTo(200);
        return browser;
    }

    private List<String> enable(Http browser, String secret, Instant at) {
        Http.Response enabled = browser.postForm("/account/two-factor/enable", Map.of("code", Totp.code(secret, at)));
        assertThat(enabled.location()).isEqualTo("/account/two-factor");
        return codesOn(browser.get("/account/two-factor"));
    }

    private static String secretOn(Http.Response page) {
        Matcher m = SECRET.matcher(page.body());
        assertThat(m.find()).as("the secret on the page").isTrue();
        return m.group(1).replace(" ", "");
    }

    private static List<String> codesOn(Http.Response page) {
        List<String> codes = new ArrayList<>();
        Matcher m = RECOVERY.matcher(page.body());
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private static String credentials(UserSummary user, String code) {
        return "{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
    }

    private AuditAction lastAction(long userId) {
        return AuditAction.valueOf(jdbc.sql("select action from audit_events where entity_type = 'user' "
                + "and entity_id = :id order by id desc limit 1").param("id", String.valueOf(userId))
                .query(String.class).single());
    }
}
