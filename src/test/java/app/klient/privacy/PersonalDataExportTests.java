package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PersonalDataExportTests extends WebTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_person_asked_about_by_address_gets_every_module_s_rows_and_the_files_in_one_zip() throws IOException {
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        Http admin = apiAs(Role.ADMIN);
        long register = count("privacy_requests where kind = 'ACCESS'");

        JsonNode summary = admin.get("/api/v1/privacy/person?email=" + person.email).json();
        Map<String, byte[]> zip = unzip(admin.postJsonForBytes("/api/v1/privacy/exports",
                "{\"email\": \"%s\", \"requestedBy\": \"REPRESENTATIVE\", \"receivedOn\": \"2026-11-30\"}"
                        .formatted(person.email)));

        assertThat(summary.get("contactIds").get(0).asLong()).isEqualTo(person.contactId);
        assertThat(summary.get("leadIds").get(0).asLong()).isEqualTo(person.leadId);
        assertThat(summary.get("names").get(0).asString()).isEqualTo(person.fullName());
        assertThat(summary.get("rows").get("mail/emails").asInt()).isEqualTo(1);
        assertThat(zip).containsKeys("person.json", "customers/contacts.json", "customers/timeline.json",
                "sales/leads.json", "activities/activities.json", "activities/tasks.json", "mail/emails.json",
                "mail/outbox.json", "service/tickets.json", "marketing/consents.json");
        JsonNode contact = JSON.readTree(zip.get("customers/contacts.json")).get(0);
        assertThat(contact.get("last_name").asString()).isEqualTo(person.last);
        assertThat(contact.get("emails").get(0).asString()).isEqualTo(person.email);
        assertThat(contact.has("search_text")).isFalse();
        assertThat(JSON.readTree(zip.get("person.json")).get("phones").get(0).asString()).isEqualTo(person.phone);
        assertThat(zip.keySet()).anyMatch(name -> name.startsWith("mail/files/") && name.endsWith("order.txt"));
        assertThat(zip.entrySet().stream().filter(e -> e.getKey().startsWith("mail/files/")).findFirst().orElseThrow()
                .getValue()).asString(StandardCharsets.UTF_8).isEqualTo("Order by " + person.fullName());
        assertThat(count("privacy_requests where kind = 'ACCESS'")).isEqualTo(register + 1);
        JsonNode line = admin.get("/api/v1/privacy/requests?kind=ACCESS&size=1").json().get("items").get(0);
        assertThat(line.get("subjectKind").asString()).isEqualTo("EMAIL");
        assertThat(line.get("requestedBy").asString()).isEqualTo("REPRESENTATIVE");
        assertThat(line.get("receivedOn").asString()).isEqualTo("2026-11-30");
        assertThat(line.get("result").get("files").asInt()).isEqualTo(1);
    }

    @Test
    void the_export_tells_the_marketing_consent_the_card_shows_also_after_a_merge() throws IOException {
        Http manager = apiAs(Role.MANAGER);
        String last = "Zgodna" + java.util.UUID.randomUUID().toString().substring(0, 8);
        long survivor = manager.postJson("/api/v1/contacts", "{\"firstName\": \"Ola\", \"lastName\": \"" + last
                + "\"}").json().get("id").asLong();
        long agreeing = manager.postJson("/api/v1/contacts", "{\"firstName\": \"Ola\", \"lastName\": \"" + last
                + "\", \"marketingConsent\": true, \"consentMethod\": \"PAPER\"}").json().get("id").asLong();
        Http.Response merged = manager.postJson("/api/v1/duplicates/contacts/merge",
                "{\"survivorId\": %d, \"mergedIds\": [%d]}".formatted(survivor, agreeing));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);

        Map<String, byte[]> zip = unzip(apiAs(Role.ADMIN).postJsonForBytes("/api/v1/privacy/exports",
                "{\"contactId\": " + survivor + "}"));

        assertThat(manager.get("/api/v1/contacts/" + survivor).json().get("marketingConsent").asBoolean()).isTrue();
        JsonNode contact = JSON.readTree(zip.get("customers/contacts.json")).get(0);
        assertThat(contact.get("marketing_consent").asBoolean()).isTrue();
        assertThat(contact.get("consent_at").isNull()).isFalse();
    }

    @Test
    void an_export_names_exactly_one_person_that_exists() {
        Http admin = apiAs(Role.ADMIN);
        long register = count("privacy_requests");

        assertThat(admin.postJson("/api/v1/privacy/exports", "{}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/privacy/exports", "{\"contactId\": 999999999}").status()).isEqualTo(404);
        assertThat(admin.postJson("/api/v1/privacy/exports", "{\"leadId\": 999999999}").status()).isEqualTo(404);
        assertThat(admin.postJson("/api/v1/privacy/exports", "{\"contactId\": 1, \"leadId\": 1}").status())
                .isEqualTo(400);
        assertThat(admin.postJson("/api/v1/privacy/exports", "{\"email\": \"x@y.z\", \"receivedOn\": \"2999-01-01\"}")
                .status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/privacy/person").status()).isEqualTo(400);
        assertThat(count("privacy_requests")).isEqualTo(register);
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }
}
