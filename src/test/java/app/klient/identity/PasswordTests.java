package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Long passwords in any script work; the commonest ones are refused wherever a password is set, saying why. */
class PasswordTests extends WebTest {

    /** 40 characters, 80 bytes in UTF-8: bcrypt would read only the first 72. */
    private static final String UMLAUTS = "Äöüß".repeat(10);

    @Autowired
    Users users;

    @Test
    void a_password_of_more_than_72_bytes_is_kept_whole_and_signs_in() {
        String email = "umlaut-" + UUID.randomUUID().toString().substring(0, 8) + "@klient.test";
        Http.Response created = apiAs(Role.ADMIN).postJson("/api/v1/users", """
                {"email": "%s", "name": "Ärger", "role": "SALES", "password": "%s"}""".formatted(email, UMLAUTS));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Http.on(port).login(email, UMLAUTS).location()).isEqualTo("/");
        assertThat(Http.on(port).login(email, UMLAUTS.substring(0, 39) + "s").location()).as("the 80th byte counts")
                .isEqualTo("/login?error=bad");
        Http.Response single = apiAs(Role.ADMIN).postJson("/api/v1/users", """
                {"email": "x%s", "name": "Ärger", "role": "SALES", "password": "%s"}""".formatted(email,
                "Ä".repeat(40)));
        assertThat(single.status()).as("one letter forty times is refused, not a 500").isEqualTo(400);

        UserSummary user = testUsers.create(Role.SUPPORT);
        Http browser = signedIn(user);
        browser.get("/account");
        String polish = "żółć".repeat(20);
        assertThat(browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", polish, "confirmation", polish)).location()).isEqualTo("/account");
        assertThat(Http.on(port).login(user.email(), polish).location()).isEqualTo("/");
    }

    @Test
    void a_password_needs_twelve_characters() {
        String email = "twelve-" + UUID.randomUUID().toString().substring(0, 8) + "@klient.test";
        Http.Response eleven = apiAs(Role.ADMIN).postJson("/api/v1/users", """
                {"email": "%s", "name": "Eleven", "role": "SALES", "password": "Tq7-vbn-Lk2"}""".formatted(email));
        assertThat(eleven.status()).isEqualTo(400);
        assertThat(eleven.body()).contains("12 to 128 characters");
        assertThat(users.findByEmail(email)).isEmpty();
        Http.Response twelve = apiAs(Role.ADMIN).postJson("/api/v1/users", """
                {"email": "%s", "name": "Twelve", "role": "SALES", "password": "Tq7-vbn-Lk2x"}""".formatted(email));
        assertThat(twelve.status()).as(twelve.body()).isEqualTo(201);

        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        assertThat(browser.get("/account").body()).contains("The password must have 12 to 128 characters.");
        assertThat(browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "Tq7-vbn-Lk2", "confirmation", "Tq7-vbn-Lk2")).body())
                .contains("The password must have 12 to 128 characters.");
        assertThat(Http.on(port).login(user.email(), "Tq7-vbn-Lk2").location()).isEqualTo("/login?error=bad");
    }

    @ParameterizedTest
    @ValueSource(strings = { "password1234", "PASSWORD1234", "Qwertyuiop12", "monkey2026!!", "aaaaaaaaaaaa",
            "121212121212" })
    void a_common_password_is_refused_over_the_api_with_the_reason(String common) {
        String email = "common-" + UUID.randomUUID().toString().substring(0, 8) + "@klient.test";
        Http.Response refused = apiAs(Role.ADMIN).postJson("/api/v1/users", """
                {"email": "%s", "name": "Common", "role": "SALES", "password": "%s"}""".formatted(email, common));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("among the commonest");
        assertThat(users.findByEmail(email)).isEmpty();
    }

    @Test
    void a_common_password_is_refused_on_the_administrators_form_and_on_ones_own_account_in_the_users_language() {
        UserSummary user = testUsers.create(Role.SALES, "pl");
        Http admin = administrator();
        admin.get("/admin/users/" + user.id());
        Map<String, String> form = new java.util.HashMap<>(Map.of("email", user.email(), "name", user.name(),
                "role", "SALES", "locale", "pl", "timeZone", "Europe/Warsaw", "password", "password1234",
                "version", String.valueOf(user.version())));
        Http.Response page = admin.postForm("/admin/users/" + user.id(), form);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("among the commonest");

        Http browser = signedIn(user);
        browser.get("/account");
        Http.Response own = browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "password1234", "confirmation", "password1234"));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("najczęściej używanych");
        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).as("unchanged").isEqualTo("/");
    }

    @Test
    void a_password_over_the_maximum_is_a_form_error_not_a_server_error() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        browser.get("/account");
        String huge = "Ä".repeat(129);
        Http.Response page = browser.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", huge, "confirmation", huge));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("The password must have 12 to 128 characters.");
        Http.Response api = apiAs(Role.ADMIN).putJson("/api/v1/users/" + user.id(), """
                {"email": "%s", "name": "x", "role": "SALES", "password": "%s", "version": %d}"""
                .formatted(user.email(), huge, users.get(user.id()).version()));
        assertThat(api.status()).isEqualTo(400);
        assertThat(Http.on(port).login(user.email(), huge).location()).isEqualTo("/login?error=bad");
    }

    @Test
    void a_bcrypt_hash_from_before_still_signs_in_and_is_replaced_by_argon2() {
        UserSummary user = testUsers.create(Role.SALES);
        String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder().encode(TestUsers.PASSWORD);
        jdbc.sql("update users set password_hash = :hash where id = :id").param("hash", bcrypt)
                .param("id", user.id()).update();
        assertThat(Http.on(port).login(user.email(), UMLAUTS).location()).as("too long for bcrypt: no match, no 500")
                .isEqualTo("/login?error=bad");

        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/");

        String hash = jdbc.sql("select password_hash from users where id = :id").param("id", user.id())
                .query(String.class).single();
        assertThat(hash).startsWith("{argon2}$argon2id$");
        assertThat(users.get(user.id()).version()).as("not a change of the user").isEqualTo(user.version());
        assertThat(Http.on(port).login(user.email(), TestUsers.PASSWORD).location()).isEqualTo("/");
    }

    @Test
    void new_hashes_are_argon2id() {
        UserSummary user = testUsers.create(Role.SALES, "Argon", Set.of());
        assertThat(jdbc.sql("select password_hash from users where id = :id").param("id", user.id())
                .query(String.class).single()).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    }
}
