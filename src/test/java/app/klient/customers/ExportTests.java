package app.klient.customers;

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

        Http.Response response = api.get("/api/v1/companies/export?tag=" + tag);
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
    void a_read_only_user_exports_contacts_from_the_page_in_their_language() {
        Http api = apiAs(Role.SALES);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        api.postJson("/api/v1/contacts", "{\"lastName\":\"Exportová " + unique + "\",\"emails\":[\"e@firma.cz\"]}");
        Http reader = signedInAs(Role.READ_ONLY);
        reader.get("/contacts?lang=cs");
        Http.Response csv = reader.get("/contacts/export.csv?q=" + unique);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("Příjmení").contains("Exportová " + unique).contains("e@firma.cz");
        assertThat(reader.get("/contacts/export.csv?createdFrom=nonsense").status()).isEqualTo(400);
    }
}
