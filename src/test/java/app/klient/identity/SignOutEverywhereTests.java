package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A password change or a deactivation ends what the old password opened: sessions elsewhere and API tokens. */
class SignOutEverywhereTests extends WebTest {

    @Autowired
    Users users;

    @Test
    void an_own_password_change_keeps_this_browser_under_a_new_session_and_ends_the_others_and_the_tokens() {
        UserSummary user = testUsers.create(Role.SALES);
        Http here = signedIn(user);
        Http elsewhere = signedIn(user);
        Http script = api(user);
        assertThat(elsewhere.get("/").status()).isEqualTo(200);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(200);
        here.get("/account");
        String before = sessionIds(user.email()).toString();

        Http.Response changed = here.postForm("/account/password", Map.of("current", TestUsers.PASSWORD,
                "replacement", "brand-new-password", "confirmation", "brand-new-password"));

        assertThat(changed.location()).isEqualTo("/account");
        assertThat(here.get("/account").status()).as("this browser stays signed in").isEqualTo(200);
        assertThat(elsewhere.get("/").location()).as("the other browser is signed out").endsWith("/login");
        assertThat(script.get("/api/v1/me").status()).as("the token is revoked").isEqualTo(401);
        assertThat(sessionIds(user.email())).hasSize(1).allSatisfy(id -> assertThat(before).doesNotContain(id));
    }

    @Test
    void a_password_set_by_the_administrator_ends_every_session_and_token_of_the_user() {
        UserSummary user = testUsers.create(Role.SALES);
        Http browser = signedIn(user);
        Http script = api(user);
        assertThat(browser.get("/").status()).isEqualTo(200);

        users.update(user.id(), new UserUpdate(user.email(), user.name(), user.role(), user.locale(),
                user.timeZone(), Set.of(), "set-by-the-admin-1", user.version()));

        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(script.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(sessionIds(user.email())).isEmpty();
        assertThat(Http.on(port).login(user.email(), "set-by-the-admin-1").location()).isEqualTo("/");
    }

    @Test
    void a_deactivated_users_tokens_stay_revoked_after_reactivation() {
        UserSummary user = testUsers.create(Role.SALES);
        Http script = api(user);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(200);
        long admin = users.findByEmail(TestUsers.ADMIN_EMAIL).orElseThrow().id();

        users.deactivate(user.id(), admin);
        users.activate(user.id());

        assertThat(script.get("/api/v1/me").status()).isEqualTo(401);
    }

    private java.util.List<String> sessionIds(String email) {
        return jdbc.sql("select session_id from spring_session where principal_name = :email")
                .param("email", email).query(String.class).list();
    }
}
