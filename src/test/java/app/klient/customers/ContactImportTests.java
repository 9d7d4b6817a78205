package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ContactImportTests extends WebTest {

    @Test
    void good_rows_land_bad_ones_are_reported_by_line_and_duplicates_are_skipped() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        UserSummary owner = testUsers.create(Role.SALES);
        Http manager = apiAs(Role.MANAGER);
        long existingCompany = company(manager, "Stalmet " + s, "PL", null);
        manager.postJson("/api/v1/contacts", "{\"lastName\": \"Old\", \"emails\": [\"old." + s + "@firma.pl\"]}");
        String csv = """
                \uFEFFImię;Nazwisko;E-mail;Telefon;Firma;Miasto;Kraj;Tagi;Właściciel;Zgoda
                Anna;Kowalska;anna.%1$s@firma.pl;601 234 567;Stalmet %1$s;Łódź;PL;vip;%2$s;tak
                Jan;Nowak;JAN.%1$s@firma.pl;+420 601 123 456;Nová Firma %1$s;Brno;CZ;;;
                Piotr;;piotr.%1$s@firma.pl;;;;;;;
                Ewa;Zła;not-an-email;;;;;;;
                Karel;Dvořák;karel.%1$s@firma.cz;12;;;CZ;;;
                Anna;Duplikat;anna.%1$s@firma.pl;;;;;;;
                Stary;Kontakt;old.%1$s@firma.pl;;;;;;;
                Olga;Nieznana;olga.%1$s@firma.pl;;;;;;nobody@nowhere.test;
                "=HYPERLINK(""x"")";Formuła;formula.%1$s@firma.pl;;;;;;;
                """.formatted(s, owner.email());
        long contactsBefore = count("contacts");
        JsonNode result = manager.postRaw("/api/v1/contacts/import", "text/csv; charset=utf-8", csv).json();
        assertThat(result.get("rows").asLong()).isEqualTo(9);
        assertThat(result.get("imported").asLong()).isEqualTo(3);
        assertThat(result.get("invalid").asLong()).isEqualTo(4);
        assertThat(result.get("duplicatesInFile").asLong()).isEqualTo(1);
        assertThat(result.get("alreadyInKlient").asLong()).isEqualTo(1);
        assertThat(result.get("companiesCreated").asLong()).isEqualTo(1);
        List<String> problems = new java.util.ArrayList<>();
        result.get("problems").forEach(p -> problems.add(p.get("line").asLong() + " " + p.get("field").asString()
                + " " + p.get("messageKey").asString()));
        assertThat(problems).containsExactly("4 lastName contactImport.lastName", "5 email customer.email.invalid",
                "6 phone phone.invalid", "7 email contactImport.duplicateInFile", "8 email contactImport.exists",
                "9 owner contactImport.owner");
        assertThat(count("contacts")).isEqualTo(contactsBefore + 3);

        Map<String, Object> anna = jdbc.sql("select * from contacts where emails @> array['anna." + s
                + "@firma.pl']").query().singleRow();
        assertThat(anna.get("last_name")).isEqualTo("Kowalska");
        assertThat(anna.get("company_id")).isEqualTo(existingCompany);
        assertThat(anna.get("owner_id")).isEqualTo(owner.id());
        assertThat(anna.get("marketing_consent")).isEqualTo(true);
        assertThat(anna.get("source")).isEqualTo("IMPORT");
        assertThat(jdbc.sql("select phones[1] from contacts where emails @> array['anna." + s + "@firma.pl']")
                .query(String.class).single()).isEqualTo("+48601234567");
        assertThat(manager.get("/api/v1/contacts?q=anna." + s).json().toString()).contains("Kowalska");
        assertThat(manager.get("/api/v1/contacts?q=601234567").json().toString()).contains("anna." + s);
        Map<String, Object> jan = jdbc.sql("select c.phones[1] as phone, co.name as company from contacts c join "
                + "companies co on co.id = c.company_id where c.emails @> array['jan." + s + "@firma.pl']").query()
                .singleRow();
        assertThat(jan).containsEntry("phone", "+420601123456").containsEntry("company", "Nová Firma " + s);
        assertThat(jdbc.sql("select last_name from contacts where emails @> array['formula." + s + "@firma.pl']")
                .query(String.class).single()).as("stored as written; the export defuses it").isEqualTo("Formuła");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'IMPORT'").query(Long.class)
                .single()).isPositive();
    }

    @Test
    void a_check_only_run_and_refused_files_store_nothing() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        Http manager = apiAs(Role.MANAGER);
        long before = count("contacts");
        long companies = count("companies");
        JsonNode checked = manager.postRaw("/api/v1/contacts/import?checkOnly=true", "text/csv",
                "lastName,email,company\nNowak,n." + s + "@x.pl,Check Only " + s + "\n").json();
        assertThat(checked.get("checkOnly").asBoolean()).isTrue();
        assertThat(checked.get("imported").asLong()).isEqualTo(1);
        assertThat(count("contacts")).isEqualTo(before);
        assertThat(count("companies")).isEqualTo(companies);

        Http.Response noName = manager.postRaw("/api/v1/contacts/import", "text/csv", "firstName,email\nJan,j@x.pl\n");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("last name");
        assertThat(manager.postRaw("/api/v1/contacts/import", "text/csv", "lastName\n").status()).isEqualTo(400);
        Http.Response unclosed = manager.postRaw("/api/v1/contacts/import", "text/csv",
                "lastName,email\nKowalska,k@x.pl\nNowak,\"unclosed\nDvořák,d@x.cz\n");
        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(unclosed.json().get("detail").asString()).as("names the line").contains("Line 3");
        Http.Response tooLong = manager.postRaw("/api/v1/contacts/import", "text/csv",
                "lastName\n" + "x".repeat(5000) + "\n");
        assertThat(tooLong.json().get("problems").get(0).get("messageKey").asString())
                .isEqualTo("contactImport.tooLong");
        assertThat(apiAs(Role.SALES).postRaw("/api/v1/contacts/import", "text/csv", "lastName\nNowak\n").status())
                .isEqualTo(403);
        assertThat(signedInAs(Role.SALES).get("/contacts/import").status()).isEqualTo(403);
        assertThat(count("contacts")).isEqualTo(before);
    }

    @Test
    void the_import_page_uploads_a_file_and_shows_the_result() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        Http page = signedInAs(Role.MANAGER);
        assertThat(page.get("/contacts/import").body()).contains("Import contacts");
        String body = page.postMultipart("/contacts/import", Map.of(), "file", new Http.Part("kontakty.csv",
                "text/csv", ("Jméno;Příjmení;E-mail\nJiří;Novák;jiri." + s + "@firma.cz\nEva;;eva@x.cz\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).body();
        assertThat(body).contains("The import is done").contains("The last name is missing");
        assertThat(jdbc.sql("select first_name from contacts where emails @> array['jiri." + s + "@firma.cz']")
                .query(String.class).single()).isEqualTo("Jiří");
    }

    @Test
    void every_imported_row_opens_by_api_and_page_even_without_an_email_or_a_phone() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        Http manager = apiAs(Role.MANAGER);
        long company = company(manager, "Bez Kontaktu " + s, "PL", null);
        String csv = """
                lastName;firstName;email;phone;company
                Bezmailowa%1$s;Ala;;601 234 567;Bez Kontaktu %1$s
                Beztelefonu%1$s;Ola;ola.%1$s@firma.pl;;Bez Kontaktu %1$s
                Nic%1$s;Ela;;;Bez Kontaktu %1$s
                "Nowak" Jr%1$s;Jan;jan.%1$s@firma.pl;;
                """.formatted(s);
        JsonNode result = manager.postRaw("/api/v1/contacts/import", "text/csv", csv).json();
        assertThat(result.get("imported").asLong()).as(result.toString()).isEqualTo(4);
        List<Long> ids = jdbc.sql("select id from contacts where last_name like '%" + s + "' order by id")
                .query(Long.class).list();
        assertThat(ids).hasSize(4);
        assertThat(jdbc.sql("select count(*) from contacts where id in (:ids) and (array_position(emails, null) is "
                + "not null or array_position(phones, null) is not null)").param("ids", ids).query(Long.class)
                .single()).as("no list holds a NULL").isZero();
        Http page = signedInAs(Role.SALES);
        for (long id : ids) {
            assertThat(manager.get("/api/v1/contacts/" + id).status()).isEqualTo(200);
            assertThat(page.get("/contacts/" + id).status()).as("contact page " + id).isEqualTo(200);
            assertThat(manager.get("/api/v1/contacts/" + id + "/timeline").status()).isEqualTo(200);
        }
        assertThat(page.get("/companies/" + company).status()).isEqualTo(200);
        assertThat(manager.get("/api/v1/contacts?companyId=" + company).status()).isEqualTo(200);
        assertThat(page.get("/contacts?q=" + s).status()).isEqualTo(200);
        assertThat(jdbc.sql("select last_name from contacts where emails @> array['jan." + s + "@firma.pl']")
                .query(String.class).single()).as("text after a closing quote is kept").isEqualTo("Nowak Jr" + s);
    }

    @Test
    void problems_are_told_with_their_values_in_the_readers_language() {
        Http manager = apiAs(Role.MANAGER);
        JsonNode result = manager.language("pl").postRaw("/api/v1/contacts/import", "text/csv",
                "lastName;phone;tags\nNowak;12;\nKowalski;;#!\n").json();
        List<String> messages = new java.util.ArrayList<>();
        result.get("problems").forEach(p -> messages.add(p.get("message").asString()));
        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).doesNotContain("{0}").doesNotContain("."
                + "invalid"));
        assertThat(messages.get(0)).contains("12").contains("numer");
    }
}
