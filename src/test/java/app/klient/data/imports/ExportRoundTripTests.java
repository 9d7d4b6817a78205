package app.klient.data.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A Polish manager exports contacts and companies, reads them in Polish (yes and no, sources, stages and sizes by
 * their names, moments on the clock), and Klient's own import wizard takes the files back with the same values.
 */
class ExportRoundTripTests extends WebTest {

    @Autowired
    ImportRunner runner;

    @Test
    void contacts_and_companies_exported_in_polish_are_read_in_polish_and_import_back_as_they_were() throws Exception {
        Http api = api(testUsers.create(Role.MANAGER, "pl")).language("pl");
        String mark = "rt" + UUID.randomUUID().toString().substring(0, 8);
        long company = api.postJson("/api/v1/companies", """
                {"name": "Rondo %s", "country": "PL", "size": "SMALL", "lifecycleStage": "CUSTOMER",
                 "email": "biuro@%s.pl", "tags": ["%s"]}""".formatted(mark, mark, mark)).json().get("id").asLong();
        long contact = api.postJson("/api/v1/contacts", """
                {"firstName": "Łucja", "lastName": "Zwrotna %s", "emails": ["lucja@%s.pl"], "phones": ["601234567"],
                 "jobTitle": "Księgowa", "companyId": %d, "birthday": "1985-03-14", "preferredLanguage": "cs",
                 "tags": ["%s"]}""".formatted(mark, mark, company, mark)).json().get("id").asLong();

        String contacts = api.get("/api/v1/contacts/export?tag=" + mark).body();
        CSVRecord person = rows(contacts).get(0);
        assertThat(person.get("Zgoda marketingowa")).isEqualTo("Nie");
        assertThat(person.get("Utworzono")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        String companies = api.get("/api/v1/companies/export?tag=" + mark).body();
        CSVRecord firm = rows(companies).get(0);
        assertThat(firm.get("Wielkość")).isEqualTo("10–49 osób");
        assertThat(firm.get("Etap")).isEqualTo("Klient");

        JsonNode again = imported(api, "contacts", contacts).path("job");
        assertThat(again.path("skipped").asLong()).as("its own export read back: the person found by the e-mail, "
                + "not by Klient's id taken for another system's").isEqualTo(1);
        assertThat(again.path("created").asLong()).isZero();

        assertThat(api.delete("/api/v1/contacts/" + contact).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/companies/" + company).status()).isEqualTo(204);
        imported(api, "companies", companies);
        imported(api, "contacts", contacts);

        long firmId = api.get("/api/v1/companies?q=Rondo+" + mark).json().get("items").get(0).get("id").asLong();
        JsonNode firmBack = api.get("/api/v1/companies/" + firmId).json();
        assertThat(firmBack.get("size").asString()).isEqualTo("SMALL");
        assertThat(firmBack.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(firmBack.get("email").asString()).isEqualTo("biuro@" + mark + ".pl");
        JsonNode back = api.get("/api/v1/contacts?q=" + mark).json().get("items").get(0);
        JsonNode card = api.get("/api/v1/contacts/" + back.get("id").asLong()).json();
        assertThat(card.get("firstName").asString()).isEqualTo("Łucja");
        assertThat(card.get("lastName").asString()).isEqualTo("Zwrotna " + mark);
        assertThat(card.get("emails").get(0).asString()).isEqualTo("lucja@" + mark + ".pl");
        assertThat(card.get("phones").get(0).asString()).isEqualTo("+48601234567");
        assertThat(card.get("jobTitle").asString()).isEqualTo("Księgowa");
        assertThat(card.get("birthday").asString()).isEqualTo("1985-03-14");
        assertThat(card.get("preferredLanguage").asString()).isEqualTo("cs");
        assertThat(card.get("companyId").asLong()).isEqualTo(firmBack.get("id").asLong());
    }

    private JsonNode imported(Http api, String kind, String file) {
        Http.Response created = api.postRaw("/api/v1/imports?kind=" + kind + "&filename=" + kind + ".csv",
                "text/csv", file);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("job").path("id").asLong();
        JsonNode preview = api.get("/api/v1/imports/" + id + "/preview").json();
        assertThat(preview.findValues("problems").stream().flatMap(p -> p.valueStream()).toList()).as(kind)
                .isEmpty();
        assertThat(api.postJson("/api/v1/imports/" + id + "/start", "{}").status()).isEqualTo(202);
        while (runner.runNext()) {
            // the import, in the background as it would be
        }
        JsonNode done = api.get("/api/v1/imports/" + id).json();
        assertThat(done.path("job").path("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.path("done").asLong()).as(done.toString()).isEqualTo(1);
        return done;
    }

    private static List<CSVRecord> rows(String csv) throws Exception {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.substring(1))).getRecords();
    }
}
