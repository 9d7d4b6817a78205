package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

class LeadCapturePagesTests extends WebTest {

    @Test
    void an_administrator_adds_scoring_rules_and_web_forms_on_the_page() {
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/admin/lead-capture");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin.postForm("/admin/lead-capture/rules", Map.of("name", "Director " + tag, "kind", "FIELD",
                "field", "JOB_TITLE", "operator", "CONTAINS", "value", "director", "points", "15")).location())
                .isEqualTo("/admin/lead-capture");
        String page = admin.get("/admin/lead-capture").body();
        assertThat(page).contains("Director " + tag).contains("The rule was added");
        admin.postForm("/admin/lead-capture/rules", Map.of("name", "Bad", "kind", "FIELD", "points", "lots"));
        assertThat(admin.get("/admin/lead-capture").body()).contains("points from -1000 to 1000");

        String key = "page-" + tag;
        admin.postForm("/admin/lead-capture/forms", Map.of("key", key, "name", "Page form " + tag));
        assertThat(admin.get("/admin/lead-capture").body()).contains("/forms/" + key).contains("iframe");
        admin.postForm("/admin/lead-capture/forms", Map.of("key", "Bad Key!", "name", "x"));
        assertThat(admin.get("/admin/lead-capture").body()).contains("A form needs a key");
        assertThat(browser().get("/forms/" + key).status()).isEqualTo(200);
        assertThat(signedInAs(Role.MANAGER).get("/admin/lead-capture").status()).isEqualTo(403);
    }

    @Test
    void a_made_up_forwarded_for_does_not_escape_the_web_form_limit() {
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/admin/lead-capture");
        String key = "spam-" + UUID.randomUUID().toString().substring(0, 6);
        admin.postForm("/admin/lead-capture/forms", Map.of("key", key, "name", "Spam target"));
        Http robot = browser();
        for (int i = 0; i < 5; i++) {
            // the honeypot field keeps these from making leads; each post still counts against the address
            robot.forwardedFor("198.51.100." + (i + 1)).postFormRaw("/forms/" + key,
                    Map.of("email", "robot@spam.test", "website", "http://spam.test"));
        }
        assertThat(robot.forwardedFor("203.0.113.99").postFormRaw("/forms/" + key,
                Map.of("email", "robot@spam.test", "website", "")).status()).isEqualTo(429);
    }
}
