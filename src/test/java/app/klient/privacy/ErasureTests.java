package app.klient.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErasureTests extends WebTest {

    /** An issued invoice, with its lines, its e-invoice file and its submission, is what the law makes Klient keep. */
    private static final List<String> KEPT_BY_LAW = List.of("invoices", "invoice_lines", "invoice_files",
            "ksef_submissions", "payments");

    @Test
    void after_an_erasure_no_table_of_the_database_names_the_person() {
        Http admin = apiAs(Role.ADMIN);
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        PersonFixture bystander = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        Http.Response invoice = apiAs(Role.MANAGER).postJson("/api/v1/invoices", """
                {"contactId": %d, "lines": [{"description": "Shelves for %s", "quantity": 1, "unitPrice": 100,
                 "taxRate": 23}]}""".formatted(person.contactId, person.fullName()));
        assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);
        // the same person typed otherwise, merged into her record: only the log remembers that spelling
        String otherSpelling = "Prywat" + person.unique + "ovska";
        Http.Response typedAgain = apiAs(Role.MANAGER).postJson("/api/v1/contacts?force=true",
                "{\"firstName\": \"Zosia\", \"lastName\": \"" + otherSpelling + "\"}");
        Http.Response merged = apiAs(Role.MANAGER).postJson("/api/v1/duplicates/contacts/merge",
                "{\"survivorId\": %d, \"mergedIds\": [%d]}".formatted(person.contactId,
                        typedAgain.json().get("id").asLong()));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        // her name as Polish writes it after "for" and "to": in an e-mail to her and in a note on her company
        String inflected = "Zofii Prywat" + person.unique + "owskiej";
        Object smtp = jdbc.sql("select smtp_host from mail_settings where id = 1").query().singleRow().get("smtp_host");
        jdbc.sql("update mail_settings set smtp_host = coalesce(smtp_host, 'localhost') where id = 1").update();
        try {
            Http.Response mail = apiAs(Role.MANAGER).postJson("/api/v1/emails", """
                    {"contactId": %d, "subject": "Oferta dla %s", "body": "Dzień dobry, przesyłam ofertę."}"""
                    .formatted(person.contactId, inflected));
            assertThat(mail.status()).as(mail.body()).isEqualTo(201);
        }
        finally {
            jdbc.sql("update mail_settings set smtp_host = :host where id = 1").param("host", smtp).update();
        }
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/companies/" + person.companyId + "/notes",
                "{\"body\": \"Zadzwonić do " + inflected + " w piątek.\"}").status()).isBetween(200, 201);
        List<String> needles = List.of(person.fullName(), person.last, person.email, person.national, otherSpelling,
                "Prywat" + person.unique + "owskiej");
        assertThat(DatabaseScan.find(jdbc, needles)).as("the fixture reaches the tables it should")
                .anyMatch(hit -> hit.startsWith("contacts.")).anyMatch(hit -> hit.startsWith("leads."))
                .anyMatch(hit -> hit.startsWith("emails.")).anyMatch(hit -> hit.startsWith("email_attachments."))
                .anyMatch(hit -> hit.startsWith("timeline_entries.")).anyMatch(hit -> hit.startsWith("tickets."))
                .anyMatch(hit -> hit.startsWith("consents.")).anyMatch(hit -> hit.startsWith("audit_events."));
        // an export made before the erasure leaves a note in the register that names the person too
        admin.postJsonForBytes("/api/v1/privacy/exports", "{\"contactId\": %d, \"note\": \"asked by %s on the phone\"}"
                .formatted(person.contactId, person.fullName()));

        Http.Response erased = admin.postJson("/api/v1/privacy/erasures", """
                {"email": "%s", "reason": "CONSENT_WITHDRAWN", "requestedBy": "PERSON", "note": "letter from %s"}"""
                .formatted(person.email.toUpperCase(), person.fullName()));

        assertThat(erased.status()).as(erased.body()).isEqualTo(201);
        List<String> left = DatabaseScan.find(jdbc, needles);
        assertThat(left).as("the issued invoice is kept as issued").anyMatch(hit -> hit.startsWith("invoice_lines."));
        assertThat(left).as("nothing but the kept invoice names the person")
                .allMatch(hit -> KEPT_BY_LAW.contains(hit.substring(0, hit.indexOf('.'))));
        JsonNode request = erased.json();
        assertThat(request.get("kind").asString()).isEqualTo("ERASURE");
        assertThat(request.get("subjectKind").asString()).isEqualTo("EMAIL");
        assertThat(request.get("subjectHash").asString()).hasSize(64);
        assertThat(request.get("reason").asString()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(request.get("result").get("changed").get("contacts").asInt()).isPositive();
        assertThat(request.get("result").get("changed").get("leads").asInt()).isPositive();
        assertThat(request.get("result").get("kept").get("invoices").asInt()).isEqualTo(1);
        assertThat(request.get("doneById").isNull()).isFalse();
        // the records stay, without the person: deals and figures still count them
        assertThat(jdbc.sql("select last_name from contacts where id = ?").param(person.contactId)
                .query(String.class).single()).isEqualTo("[erased]");
        assertThat(count("leads where id = " + person.leadId)).isEqualTo(1);
        assertThat(jdbc.sql("select search_text from leads where id = ?").param(person.leadId).query(String.class)
                .single()).as("quick search finds the lead by what is left of it").startsWith("[erased] ");
        assertThat(count("email_attachments a join emails e on e.id = a.email_id where e.contact_id = "
                + person.contactId)).isZero();
        // the person next door keeps everything
        assertThat(DatabaseScan.find(jdbc, List.of(bystander.fullName(), bystander.email)))
                .anyMatch(hit -> hit.startsWith("contacts.emails: "))
                .anyMatch(hit -> hit.startsWith("emails.body: "))
                .anyMatch(hit -> hit.startsWith("timeline_entries.body: "));
    }

    @Test
    void an_erasure_needs_a_ground_and_exactly_one_person_and_changes_nothing_when_refused() {
        Http admin = apiAs(Role.ADMIN);
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        long register = count("privacy_requests");

        Http.Response noGround = admin.postJson("/api/v1/privacy/erasures", "{\"contactId\": " + person.contactId + "}");
        Http.Response twoPeople = admin.postJson("/api/v1/privacy/erasures", "{\"contactId\": " + person.contactId
                + ", \"email\": \"" + person.email + "\", \"reason\": \"OBJECTION\"}");
        Http.Response nobody = admin.postJson("/api/v1/privacy/erasures", "{\"reason\": \"OBJECTION\"}");
        Http.Response notAnAddress = admin.postJson("/api/v1/privacy/erasures",
                "{\"email\": \"not-an-address\", \"reason\": \"OBJECTION\"}");
        Http.Response missing = admin.postJson("/api/v1/privacy/erasures",
                "{\"contactId\": 999999999, \"reason\": \"OBJECTION\"}");
        Http.Response retentionByHand = admin.postJson("/api/v1/privacy/erasures",
                "{\"contactId\": " + person.contactId + ", \"reason\": \"RETENTION\"}");
        Http.Response badGround = admin.postJson("/api/v1/privacy/erasures",
                "{\"contactId\": " + person.contactId + ", \"reason\": \"BORED\"}");

        assertThat(noGround.status()).isEqualTo(400);
        assertThat(noGround.body()).contains("\"reason\"");
        assertThat(twoPeople.status()).isEqualTo(400);
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.body()).contains("\"email\"");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(retentionByHand.status()).isEqualTo(400);
        assertThat(badGround.status()).isEqualTo(400);
        assertThat(count("privacy_requests")).isEqualTo(register);
        assertThat(jdbc.sql("select last_name from contacts where id = ?").param(person.contactId)
                .query(String.class).single()).isEqualTo(person.last);
    }

    @Test
    void only_an_administrator_answers_privacy_requests() {
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        for (Role role : List.of(Role.MANAGER, Role.SALES, Role.MARKETING, Role.SUPPORT, Role.READ_ONLY)) {
            Http api = apiAs(role);
            assertThat(api.get("/api/v1/privacy/person?contactId=" + person.contactId).status()).as(role.name())
                    .isEqualTo(403);
            assertThat(api.postJson("/api/v1/privacy/erasures", "{\"contactId\": " + person.contactId
                    + ", \"reason\": \"OBJECTION\"}").status()).as(role.name()).isEqualTo(403);
        }
        assertThat(jdbc.sql("select last_name from contacts where id = ?").param(person.contactId)
                .query(String.class).single()).isEqualTo(person.last);
    }
}
