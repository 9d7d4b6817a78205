package app.klient.customers.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DuplicateWarningTests extends WebTest {

    @Autowired
    DuplicateFinder finder;

    private final String marker = "Dw" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void warn() {
        finder.checkOnCreate(true);
    }

    /** The rest of the suite creates look-alike records on purpose: it meets no warning. */
    @AfterEach
    void quiet() {
        finder.checkOnCreate(false);
    }

    @Test
    void a_company_like_an_existing_one_answers_409_with_the_candidates_unless_forced() {
        Http api = api(testUsers.create(Role.SALES, "pl"));
        String nip = DuplicateFinderTests.nip();
        long existing = api.postJson("/api/v1/companies?force=true", "{\"name\": \"" + marker
                + " Żabka Polska Sp. z o.o.\", \"country\": \"PL\", \"taxId\": \"" + nip + "\"}").json().get("id")
                .asLong();
        long before = count();
        Http.Response refused = api.postJson("/api/v1/companies", "{\"name\": \"" + marker + " Zabka Polska SA\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("force=true").contains("istniej");
        JsonNode candidate = refused.json().get("candidates").get(0);
        assertThat(candidate.get("id").asLong()).isEqualTo(existing);
        assertThat(candidate.get("reasons").toString()).contains("NAME");
        assertThat(candidate.get("href").asString()).isEqualTo("/api/v1/companies/" + existing);
        assertThat(count()).isEqualTo(before);

        Http.Response byTaxId = api.postJson("/api/v1/companies", "{\"name\": \"Inna nazwa " + marker
                + "\", \"country\": \"PL\", \"taxId\": \"" + nip.substring(0, 3) + "-" + nip.substring(3) + "\"}");
        assertThat(byTaxId.status()).isEqualTo(409);
        assertThat(byTaxId.json().get("candidates").get(0).get("score").asInt()).isEqualTo(100);

        Http.Response forced = api.postJson("/api/v1/companies?force=true", "{\"name\": \"" + marker
                + " Zabka Polska SA\"}");
        assertThat(forced.status()).isEqualTo(201);
        // a company like no other is created at once
        assertThat(api.postJson("/api/v1/companies", "{\"name\": \"" + UUID.randomUUID() + "\"}").status())
                .isEqualTo(201);
    }

    @Test
    void a_contact_with_a_known_e_mail_is_refused_over_the_api() {
        Http api = api(testUsers.create(Role.SALES));
        long existing = api.postJson("/api/v1/contacts?force=true", "{\"lastName\": \"" + marker
                + "\", \"emails\": [\"anna@" + marker + ".pl\"]}").json().get("id").asLong();
        Http.Response refused = api.postJson("/api/v1/contacts", "{\"firstName\": \"Anna\", \"lastName\": \"Inna "
                + marker + "\", \"emails\": [\"ANNA@" + marker + ".pl\"]}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("candidates").get(0).get("id").asLong()).isEqualTo(existing);
        assertThat(refused.json().get("candidates").get(0).get("reasons").toString()).contains("EMAIL");
    }

    @Test
    void the_warning_names_only_people_as_alike_as_the_review_queue_counts() {
        Http api = api(testUsers.create(Role.SALES));
        String town = marker.toLowerCase().replaceAll("[^a-z]", "");
        long same = api.postJson("/api/v1/contacts?force=true", "{\"firstName\": \"Łukasz\", \"lastName\": \"Żółtowski "
                + town + "\"}").json().get("id").asLong();
        long other = api.postJson("/api/v1/contacts?force=true", "{\"firstName\": \"Łukasz\", \"lastName\": \"Łapiński "
                + town + "\"}").json().get("id").asLong();

        Http.Response refused = api.postJson("/api/v1/contacts", "{\"firstName\": \"Lukasz\", \"lastName\": \"Zoltowski "
                + town + "\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("candidates").valueStream().map(c -> c.get("id").asLong()))
                .contains(same).doesNotContain(other);
        assertThat(refused.json().get("candidates").valueStream().map(c -> c.get("score").asInt()))
                .allMatch(score -> score >= 58);
    }

    @Test
    void the_form_warns_with_a_link_and_creates_when_told_to_create_anyway() {
        Http browser = signedInAs(Role.SALES);
        Http api = api(testUsers.create(Role.SALES));
        long existing = api.postJson("/api/v1/companies?force=true", "{\"name\": \"" + marker + " Kovo s.r.o.\"}")
                .json().get("id").asLong();
        Map<String, String> form = new java.util.HashMap<>(Map.of("name", marker + " KOVO a.s.", "country", "CZ",
                "lifecycleStage", "LEAD"));
        assertThat(browser.get("/companies/new").status()).isEqualTo(200);
        Http.Response warned = browser.postForm("/companies", form);
        assertThat(warned.status()).isEqualTo(200);
        assertThat(warned.body()).contains("duplicate-warning").contains("/companies/" + existing)
                .contains("name=\"force\"");
        form.put("force", "true");
        Http.Response created = browser.postForm("/companies", form);
        assertThat(created.status()).isEqualTo(302);
        assertThat(created.location()).matches(".*/companies/\\d+");
    }

    private long count() {
        return jdbc.sql("select count(*) from companies").query(Long.class).single();
    }
}
