package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

class PrivacyPagesTests extends WebTest {

    @Test
    void an_administrator_finds_a_person_from_their_card_exports_and_erases_them_on_the_pages() {
        // an id of five digits, which the register must not write as "12,345"
        jdbc.sql("select setval(pg_get_serial_sequence('contacts', 'id'), greatest(12345,"
                + " nextval(pg_get_serial_sequence('contacts', 'id'))))").query().singleValue();
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        Http admin = signedInAs(Role.ADMIN);

        assertThat(admin.get("/contacts/" + person.contactId).body())
                .contains("/admin/privacy/person?contactId=" + person.contactId);
        assertThat(signedInAs(Role.MANAGER).get("/contacts/" + person.contactId).body())
                .doesNotContain("/admin/privacy/person");
        String page = admin.get("/admin/privacy/person?contactId=" + person.contactId).body();
        assertThat(page).contains(person.fullName(), person.email, "E-mails", "Erase this person");

        Http.Response export = admin.postForm("/admin/privacy/export", Map.of("contactId",
                String.valueOf(person.contactId), "requestedBy", "PERSON", "receivedOn", "2026-12-01"));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains(".zip");

        Http.Response unconfirmed = admin.postForm("/admin/privacy/erase", Map.of("contactId",
                String.valueOf(person.contactId), "reason", "OBJECTION"));
        assertThat(admin.get(unconfirmed.location()).body()).contains("Tick the box to confirm the erasure.");
        Http.Response noGround = admin.postForm("/admin/privacy/erase", Map.of("contactId",
                String.valueOf(person.contactId), "confirmed", "true"));
        assertThat(admin.get(noGround.location()).body()).contains("Choose the ground for the erasure.");
        assertThat(jdbc.sql("select last_name from contacts where id = ?").param(person.contactId)
                .query(String.class).single()).isEqualTo(person.last);

        Http.Response erased = admin.postForm("/admin/privacy/erase", Map.of("contactId",
                String.valueOf(person.contactId), "reason", "OBJECTION", "requestedBy", "AUTHORITY",
                "receivedOn", "2026-12-02", "note", "Decision of the office", "confirmed", "true"));
        assertThat(erased.location()).startsWith("/admin/privacy/requests/");
        String result = admin.get(erased.location()).body();
        assertThat(result).contains("The person was erased.", "Objection", "An authority", "contacts")
                .doesNotContain(person.last);
        assertThat(admin.get("/admin/privacy").body()).contains("Erasure", "Access (export)",
                "Contact " + person.contactId);
        assertThat(admin.get("/admin/privacy/person?contactId=999999999").status()).isEqualTo(404);
    }

    @Test
    void merges_and_erasures_read_in_the_reader_s_language() {
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        Http manager = apiAs(Role.MANAGER);
        long typedAgain = manager.postJson("/api/v1/contacts?force=true", "{\"firstName\": \"Zosia\", \"lastName\": "
                + "\"Prywat" + person.unique + "ovska\"}").json().get("id").asLong();
        assertThat(manager.postJson("/api/v1/duplicates/contacts/merge", "{\"survivorId\": %d, \"mergedIds\": [%d]}"
                .formatted(person.contactId, typedAgain)).status()).isEqualTo(200);
        Http reader = signedInAs(Role.ADMIN);

        assertThat(reader.get("/contacts/" + person.contactId + "?lang=pl").body())
                .contains("Dołączono do tego rekordu: #" + typedAgain, "Połączone rekordy")
                .doesNotContain("merged contact", "mergedIds");
        Http.Response erased = apiAs(Role.ADMIN).postJson("/api/v1/privacy/erasures",
                "{\"contactId\": " + person.contactId + ", \"reason\": \"OBJECTION\"}");
        assertThat(erased.status()).isEqualTo(201);

        // what a form sends back keeps the marker: saving a note does not turn it into words
        assertThat(reader.get("/contacts/" + person.contactId).body().replaceAll("(?s)<textarea.*?</textarea>", ""))
                .contains("[usunięto]").doesNotContain("[erased]");
        assertThat(reader.get("/admin/privacy/requests/" + erased.json().get("id").asLong()).body())
                .contains("Rekordy kontaktów", "Wpisy dziennika zmian", "Wpisy na osi czasu")
                .doesNotContain(">contacts<", ">audit_events<", ">timeline_entries<");
    }

    @Test
    void the_retention_page_shows_every_rule_and_a_preview_in_the_reader_s_language() {
        Http admin = signedInAs(Role.ADMIN);
        long leads = jdbc.sql("select id from retention_rules where kind = 'LEADS_NOT_CONVERTED'")
                .query(Long.class).single();

        String page = admin.get("/admin/privacy/retention?lang=pl&preview=" + leads).body();

        assertThat(page).contains("Leady nigdy nieprzekształcone", "Kontakty bez aktywności", "Stare e-maile",
                "Podgląd", "rekordów sprzed");
        assertThat(signedInAs(Role.MANAGER).get("/admin/privacy/retention").status()).isEqualTo(403);
        Http.Response bad = admin.postForm("/admin/privacy/retention/" + leads, Map.of("months", "0",
                "action", "ANONYMIZE", "version", "0"));
        assertThat(admin.get(bad.location()).body()).contains("Podaj liczbę miesięcy od 1 do 1200.");
    }
}
