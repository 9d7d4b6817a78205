package app.klient.billing.ksef;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The administrator's KSeF settings: the token goes in and never comes out, switching on needs a token and the
 * seller's NIP, every change is audited without the token, and nobody but an administrator sees them.
 */
class KsefSettingsTests extends WebTest {

    private static final String TOKEN = "20251010-EC-1A2B3C4D5E-F6A7B8C9D0-AB|nip-5261040828|0123456789abcdef";

    @Autowired
    KsefAccount account;

    @Autowired
    app.klient.platform.Secrets secrets;

    @Autowired
    PlatformTransactionManager transactions;

    private Map<String, String> sellerBefore;

    @BeforeEach
    void off_without_a_token() {
        jdbc.sql("update ksef_settings set enabled = false, token = null, enabled_at = null").update();
        sellerBefore = seller(Map.of("country", "PL", "taxId", "526-104-08-28"));
    }

    @AfterEach
    void put_back() {
        jdbc.sql("update ksef_settings set enabled = false, token = null, enabled_at = null, environment = 'TEST'")
                .update();
        seller(sellerBefore);
    }

    @Test
    void the_token_is_stored_kept_when_left_out_and_never_shown_or_audited() {
        Http admin = apiAs(Role.ADMIN);
        JsonNode read = admin.get("/api/v1/ksef/settings").json();
        assertThat(read.get("tokenSet").asBoolean()).isFalse();
        assertThat(read.get("apiUrl").asString()).isEqualTo("https://api-test.ksef.mf.gov.pl/v2");

        Http.Response saved = admin.putJson("/api/v1/ksef/settings", """
                {"enabled": false, "environment": "DEMO", "token": "%s", "version": %d}"""
                .formatted(TOKEN, read.get("version").asInt()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain("nip-5261040828");
        assertThat(saved.json().get("tokenSet").asBoolean()).isTrue();
        assertThat(saved.json().get("qrUrl").asString()).isEqualTo("https://qr-demo.ksef.mf.gov.pl");
        assertThat(storedToken()).isEqualTo(TOKEN);

        // sent back as read: no token in it, and the stored one stays
        Http.Response again = admin.putJson("/api/v1/ksef/settings", admin.get("/api/v1/ksef/settings").body());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(storedToken()).isEqualTo(TOKEN);
        assertThat(admin.get("/api/v1/ksef/settings").body()).doesNotContain("nip-5261040828");
        assertThat(signedInAs(Role.ADMIN).get("/admin/ksef").body()).doesNotContain("nip-5261040828")
                .contains("https://api-demo.ksef.mf.gov.pl/v2").contains("https://qr.ksef.mf.gov.pl");

        String audited = jdbc.sql("select string_agg(changes::text, ' ') from audit_events where entity_type = "
                + "'ksefSettings'").query(String.class).single();
        assertThat(audited).contains("token").contains("DEMO").doesNotContain("nip-5261040828");
    }

    @Test
    void switching_on_needs_a_token_and_the_seller_nip_and_says_so_in_the_readers_language() {
        Http admin = apiAs(Role.ADMIN).language("pl");
        Http.Response noToken = admin.putJson("/api/v1/ksef/settings",
                "{\"enabled\": true, \"environment\": \"TEST\", \"version\": " + version() + "}");
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.body()).contains("\"token\"").contains("Bez tokena KSeF nie można włączyć KSeF");

        seller(Map.of("taxId", ""));
        Http.Response noNip = admin.putJson("/api/v1/ksef/settings", """
                {"enabled": true, "environment": "TEST", "token": "%s", "version": %d}""".formatted(TOKEN, version()));
        assertThat(noNip.status()).isEqualTo(400);
        assertThat(noNip.body()).contains("\"enabled\"").contains("polskiego NIP");
        assertThat(storedToken()).as("nothing of a refused change is kept").isNull();

        seller(Map.of("taxId", "PL 5261040828"));
        Http.Response on = admin.putJson("/api/v1/ksef/settings", """
                {"enabled": true, "environment": "TEST", "token": "%s", "version": %d}""".formatted(TOKEN, version()));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().get("enabled").asBoolean()).isTrue();
        assertThat(on.json().get("enabledAt").isNull()).isFalse();

        Http.Response stale = admin.putJson("/api/v1/ksef/settings",
                "{\"enabled\": false, \"environment\": \"TEST\", \"version\": " + (version() - 1) + "}");
        assertThat(stale.status()).isEqualTo(409);
    }

    @Test
    void hostile_tokens_are_refused_with_a_translated_reason() {
        Http admin = apiAs(Role.ADMIN).language("cs");
        for (String token : new String[] { "abc\\u0000defghij", "x".repeat(10_000), "two words here" }) {
            Http.Response refused = admin.putJson("/api/v1/ksef/settings", """
                    {"enabled": false, "environment": "TEST", "token": "%s", "version": %d}"""
                    .formatted(token, version()));
            assertThat(refused.status()).as(token.length() + " characters").isEqualTo(400);
            // a NUL is refused for every field before the token is looked at, in the same language
            assertThat(refused.body()).contains("\"token\"")
                    .containsAnyOf("Toto není token KSeF", "znak NUL, který není povolen");
        }
        Http.Response unknown = admin.putJson("/api/v1/ksef/settings",
                "{\"enabled\": false, \"environment\": \"MARS\", \"version\": " + version() + "}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(storedToken()).isNull();

        Http page = signedInAs(Role.ADMIN);
        page.get("/admin/ksef");
        Http.Response huge = page.postForm("/admin/ksef", Map.of("environment", "TEST", "token", "x".repeat(10_000),
                "version", String.valueOf(version())));
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.body()).contains("This is not a KSeF token").doesNotContain("x".repeat(100));
        // a NUL anywhere in a form is refused before the form is read, as a translated page
        assertThat(page.postForm("/admin/ksef", Map.of("environment", "TEST", "token", "a\u0000b".repeat(3000),
                "version", String.valueOf(version()))).status()).isEqualTo(400);
        assertThat(storedToken()).isNull();
    }

    @Test
    void the_settings_are_the_administrators_alone() {
        for (Role role : new Role[] { Role.READ_ONLY, Role.SALES, Role.MANAGER }) {
            Http api = apiAs(role).language("pl");
            Http.Response read = api.get("/api/v1/ksef/settings");
            assertThat(read.status()).as(role + " reads").isEqualTo(403);
            assertThat(read.body()).contains("Ustawienia KSeF widzą i zmieniają tylko administratorzy");
            assertThat(api.putJson("/api/v1/ksef/settings", "{\"enabled\": false, \"environment\": \"TEST\", "
                    + "\"token\": \"" + TOKEN + "\", \"version\": " + version() + "}").status()).as(role + " writes")
                    .isEqualTo(403);
            assertThat(signedInAs(role).get("/admin/ksef").status()).as(role + " opens the page").isEqualTo(403);
        }
        assertThat(storedToken()).isNull();
    }

    @Test
    void the_page_explains_what_switching_on_means_and_saves_the_switch() {
        Http page = signedInAs(Role.ADMIN).language("en");
        String body = page.get("/admin/ksef").body();
        assertThat(body).contains("KSeF is switched off").contains("with the right to issue invoices")
                .contains("a PDF is only its picture").contains("goes to KSeF automatically");
        Http.Response saved = page.postForm("/admin/ksef", Map.of("enabled", "true", "environment", "PRODUCTION",
                "token", TOKEN, "version", String.valueOf(version())));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(page.get("/admin/ksef").body()).contains("KSeF is switched on").doesNotContain(TOKEN);
        assertThat(jdbc.sql("select environment from ksef_settings").query(String.class).single())
                .isEqualTo("PRODUCTION");
        assertThat(signedInAs(Role.ADMIN).get("/admin/seller").body()).contains("href=\"/admin/ksef\"");
    }

    @Test
    void the_last_problem_the_job_recorded_is_shown_in_the_readers_language_and_over_the_api() {
        // what the KSeF job writes when KSeF refuses the token, tried in a transaction that is rolled back
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.sql("update ksef_settings set last_problem = 'ksef.problem.tokenRefused', "
                    + "last_problem_at = '2026-12-01T10:15:00Z', last_contact_at = '2026-12-01T10:15:00Z'").update();
            KsefAccount.LastContact last = account.lastContact();
            assertThat(last.problem()).isEqualTo("ksef.problem.tokenRefused");
            assertThat(last.at()).isEqualTo(java.time.Instant.parse("2026-12-01T10:15:00Z"));
            tx.setRollbackOnly();
        });
        jdbc.sql("update ksef_settings set last_problem = 'ksef.problem.tokenRefused', last_problem_at = now(), "
                + "enabled = true").update();
        try {
            assertThat(signedInAs(Role.ADMIN).get("/admin/ksef?lang=pl").body()).contains("KSeF odrzucił token");
            assertThat(apiAs(Role.ADMIN).get("/api/v1/ksef/settings").json().path("lastProblem").asString())
                    .isEqualTo("ksef.problem.tokenRefused");
        }
        finally {
            jdbc.sql("update ksef_settings set last_problem = null, last_problem_at = null").update();
        }
    }

    @Test
    void with_ksef_switched_off_an_outage_met_before_is_not_shown_as_now() {
        jdbc.sql("update ksef_settings set last_problem = 'ksef.problem.unavailable', last_problem_at = now(), "
                + "unavailable_since = now(), last_contact_at = now() - interval '1 hour'").update();
        try {
            String page = signedInAs(Role.ADMIN).language("en").get("/admin/ksef").body();
            assertThat(page).contains("KSeF is switched off").doesNotContain("KSeF is unavailable")
                    .doesNotContain("KSeF has not answered since");
            jdbc.sql("update ksef_settings set enabled = true").update();
            assertThat(signedInAs(Role.ADMIN).language("en").get("/admin/ksef").body())
                    .contains("KSeF is unavailable").contains("KSeF has not answered since");
        }
        finally {
            jdbc.sql("update ksef_settings set last_problem = null, last_problem_at = null, unavailable_since = null, "
                    + "last_contact_at = null").update();
        }
    }

    @Test
    void an_unknown_environment_is_refused_in_the_words_the_page_uses_naming_the_field() {
        Http admin = apiAs(Role.ADMIN).language("en");
        int version = admin.get("/api/v1/ksef/settings").json().get("version").asInt();
        Http.Response mars = admin.putJson("/api/v1/ksef/settings", """
                {"enabled": false, "environment": "MARS", "version": %d}""".formatted(version));
        assertThat(mars.status()).isEqualTo(400);
        assertThat(mars.body()).contains("Choose the KSeF environment: test, demo or production")
                .contains("environment").doesNotContain("invalid type or format");
    }

    @Test
    void a_read_only_user_meets_one_refusal_for_reading_and_changing_the_settings() {
        Http reader = apiAs(Role.READ_ONLY).language("en");
        Http.Response read = reader.get("/api/v1/ksef/settings");
        Http.Response change = reader.putJson("/api/v1/ksef/settings", """
                {"enabled": false, "environment": "TEST", "version": 0}""");
        assertThat(read.status()).isEqualTo(403);
        assertThat(change.status()).isEqualTo(403);
        assertThat(change.json().path("detail").asString()).isEqualTo(read.json().path("detail").asString())
                .contains("Only administrators");
    }

    /** The token as Klient reads it; in the database it is only ever sealed. */
    private String storedToken() {
        String raw = jdbc.sql("select token from ksef_settings").query(String.class).optional().orElse(null);
        if (raw != null) {
            assertThat(raw).as("sealed in the database").startsWith("v1:").doesNotContain(TOKEN);
        }
        return secrets.open(raw);
    }

    private int version() {
        return jdbc.sql("select version from ksef_settings").query(Integer.class).single();
    }
}
