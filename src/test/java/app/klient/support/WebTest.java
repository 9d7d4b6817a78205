package app.klient.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a test over HTTP needs: the running application's port, users made through the real service, and clients
 * that are signed in the way a person (session) or a script (bearer token) is.
 */
@KlientTest
public abstract class WebTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestUsers testUsers;

    @Autowired
    protected ApiTokensForTests tokens;

    @Autowired
    protected JdbcClient jdbc;

    /** A browser with nobody signed in, from an address of its own. */
    protected Http browser() {
        return Http.on(port);
    }

    protected Http signedIn(UserSummary user) {
        Http browser = Http.on(port);
        browser.login(user.email(), TestUsers.PASSWORD);
        return browser;
    }

    protected Http signedInAs(Role role) {
        return signedIn(testUsers.create(role));
    }

    /** The administrator created on the first start, signed in through the login form. */
    protected Http administrator() {
        Http browser = Http.on(port);
        browser.login(TestUsers.ADMIN_EMAIL, TestUsers.ADMIN_PASSWORD);
        return browser;
    }

    protected Http api(UserSummary user) {
        return Http.on(port).bearer(tokens.issue(user));
    }

    protected Http apiAs(Role role) {
        return api(testUsers.create(role));
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** A company in {@code country} with a Łódź billing address, made over the API; its id. */
    protected static long company(Http api, String name, String country, String vatId) {
        return api.postJson("/api/v1/companies", """
                {"name": "%s", "country": "%s", %s "billingAddress": {"street": "ul. Piotrkowska 1",
                 "city": "Łódź", "postalCode": "90-001", "country": "%s"}}"""
                .formatted(name, country, vatId == null ? "" : "\"vatId\": \"" + vatId + "\",", country))
                .json().get("id").asLong();
    }

    /**
     * Changes fields of the seller profile through the API, as the administrator; answers what they were, so a test
     * puts them back in a {@code finally} (other tests share the profile).
     */
    protected Map<String, String> seller(Map<String, String> changes) {
        Http admin = apiAs(Role.ADMIN);
        ObjectNode profile = (ObjectNode) admin
                .get("/api/v1/seller").json();
        Map<String, String> before = new HashMap<>();
        changes.forEach((field, value) -> {
            JsonNode old = profile.get(field);
            before.put(field, old == null || old.isNull() ? "" : old.asString());
            profile.put(field, value);
        });
        Http.Response saved = admin.putJson("/api/v1/seller", profile.toString());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return before;
    }
}
