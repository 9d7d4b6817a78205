package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ExportTests extends WebTest {

    @Test
    void the_filtered_list_exports_as_csv_with_custom_fields_as_columns() throws Exception {
        String key = "tier" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        apiAs(Role.ADMIN).postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "%s", "type": "TEXT", "labelEn": "Tier %s", "labelPl": "Poziom",
                 "labelCs": "Úroveň"}""".formatted(key, key));
        Http api = apiAs(Role.SALES);
        String tag = "export" + UUID.randomUUID().toString().substring(0, 6);
        api.postJson("/api/v1/companies", """
                {"name": "Łódzka Fabryka", "country": "PL", "taxId": "5260250995", "phones": ["601 234 567"],
                 "tags": ["%s"], "customFields": {"%s": "gold"}}""".formatted(tag, key));
        api.postJson("/api/v1/companies", """
                {"name": "=HYPERLINK(\\"http://evil\\")", "tags": ["%s"]}""".formatted(tag));
        api.postJson("/api/v1/companies", "{\"name\": \"Not exported\"}");

        Http.Response response = apiAs(Role.MANAGER).get("/api/v1/companies/export?tag=" + tag);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).contains("klient-companies-");
        String body = response.body();
        assertThat(body).startsWith("\uFEFF");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body.substring(1))).getRecords();
        assertThat(rows).hasSize(2);
        CSVRecord factory = rows.stream().filter(r -> r.get("Name").equals("Łódzka Fabryka")).findFirst().orElseThrow();
        assertThat(factory.get("Tax ID")).isEqualTo("5260250995");
        assertThat(factory.get("Phones")).isEqualTo("+48601234567");
        assertThat(factory.get("Tier " + key)).isEqualTo("gold");
        assertThat(rows).extracting(r -> r.get("Name")).contains("'=HYPERLINK(\"http://evil\")")
                .doesNotContain("Not exported");
    }

    @Test
    void a_manager_exports_contacts_from_the_page_in_their_language() {
        Http api = apiAs(Role.SALES);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/contacts", "{\"lastName\":\"Exportová " + unique + "\",\"emails\":[\"e@firma.cz\"]}");
        Http manager = signedInAs(Role.MANAGER);
        assertThat(manager.get("/contacts?lang=cs").body()).contains("/contacts/export.csv");
        Http.Response csv = manager.get("/contacts/export.csv?q=" + unique);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("Příjmení").contains("Exportová " + unique).contains("e@firma.cz");
        assertThat(manager.get("/contacts/export.csv?createdFrom=nonsense").status()).isEqualTo(400);
    }

    @Test
    void exporting_customers_is_refused_to_everyone_without_the_permission_and_the_button_is_hidden() {
        String unique = "Secret " + UUID.randomUUID().toString().substring(0, 8);
        apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"lastName\":\"" + unique + "\"}");
        for (Role role : new Role[] { Role.READ_ONLY, Role.SALES, Role.MARKETING, Role.SUPPORT }) {
            Http api = apiAs(role);
            for (String path : new String[] { "/api/v1/contacts/export", "/api/v1/companies/export" }) {
                Http.Response refused = api.get(path);
                assertThat(refused.status()).as(role + " " + path).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Content-Disposition")).isNull();
                assertThat(refused.body()).doesNotContain(unique);
            }
            Http browser = signedInAs(role);
            assertThat(browser.get("/contacts").body()).doesNotContain("/contacts/export.csv");
            assertThat(browser.get("/companies").body()).doesNotContain("/companies/export.csv");
            for (String path : new String[] { "/contacts/export.csv", "/companies/export.csv" }) {
                Http.Response refused = browser.get(path);
                assertThat(refused.status()).as(role + " " + path).isEqualTo(403);
                assertThat(refused.header("Content-Disposition")).isNull();
                assertThat(refused.body()).doesNotContain(unique);
            }
        }
    }

    @Test
    void every_export_is_in_the_audit_log_with_who_what_the_filter_and_the_row_count() {
        UserSummary manager = testUsers.create(Role.MANAGER);
        String tag = "audited" + UUID.randomUUID().toString().substring(0, 6);
        Http api = api(manager);
        api.postJson("/api/v1/companies", "{\"name\": \"One\", \"tags\": [\"%s\"]}".formatted(tag));
        api.postJson("/api/v1/companies", "{\"name\": \"Two\", \"tags\": [\"%s\"]}".formatted(tag));
        assertThat(api.get("/api/v1/companies/export?tag=" + tag).status()).isEqualTo(200);
        Http.Response page = signedIn(manager).get("/contacts/export.csv?q=nobody-" + tag);
        assertThat(page.status()).as(page.body()).isEqualTo(200);

        // the entry is written once the last row has gone out, which may be just after the client has read it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from audit_events where action = 'EXPORT' and actor_id = :actor")
                .param("actor", manager.id()).query(Long.class).single() == 2);
        var entries = jdbc.sql("""
                select entity_type, summary, changes::text as changes, occurred_at from audit_events
                where action = 'EXPORT' and actor_id = :actor order by id""").param("actor", manager.id())
                .query().listOfRows();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("entity_type")).isEqualTo("company");
        assertThat((String) entries.get(0).get("summary")).contains("2 rows").contains("tag=" + tag);
        assertThat((String) entries.get(0).get("changes")).contains("\"rows\"").contains("tag=" + tag);
        assertThat(entries.get(0).get("occurred_at")).isNotNull();
        assertThat(entries.get(1).get("entity_type")).isEqualTo("contact");
        assertThat((String) entries.get(1).get("summary")).contains("0 rows").contains("q=nobody-" + tag);
        assertThat(apiAs(Role.ADMIN).get("/api/v1/audit?action=EXPORT&actor=" + manager.email()).body())
                .contains("tag=" + tag);
    }
}
