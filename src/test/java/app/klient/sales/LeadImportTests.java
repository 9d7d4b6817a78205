package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LeadImportTests extends WebTest {

    @Test
    void a_good_file_imports_every_row_with_a_score() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String csv = "\uFEFFfirst name;Last Name;E-mail;Company;NIP;utm_campaign\n"
                + "Łukasz;Wójcik;lukasz@wojcik-" + tag + ".pl;Wójcik i Syn;5260250995;import-" + tag + "\n"
                + "Věra;Černá;vera@cerna-" + tag + ".cz;Černá a.s.;;import-" + tag + "\n"
                + ";Bez Imienia;;Firma " + tag + ";;import-" + tag + "\n";
        Http.Response response = send(apiAs(Role.SALES), csv);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("imported").asInt()).isEqualTo(3);
        JsonNode leads = apiAs(Role.SALES).get("/api/v1/leads?campaign=import-" + tag).json();
        assertThat(leads.get("total").asInt()).isEqualTo(3);
        assertThat(leads.get("items").findValuesAsString("source")).containsOnly("IMPORT");
        assertThat(leads.get("items").findValuesAsString("lastName")).contains("Wójcik", "Černá");
    }

    @Test
    void one_bad_row_refuses_the_whole_file_and_names_every_problem() throws Exception {
        long before = count("leads");
        String csv = "firstName,lastName,email,phone\n"
                + "Anna,Good,anna@good.pl,\n"
                + "Bad,Mail,not-an-email,\n"
                + "Long," + "L".repeat(150) + ",x@y.pl,\n"
                + "Phone,Bad,p@y.pl,call me\n";
        Http.Response response = send(apiAs(Role.SALES), csv);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .contains("row 3: email", "row 4: lastName", "row 5: phone");
        assertThat(count("leads")).as("the good row is not kept either").isEqualTo(before);

        assertThat(send(apiAs(Role.SALES), "name,shoe size\nJan,44\n").json().get("errors")
                .findValuesAsString("message")).anyMatch(m -> m.contains("shoe size"));
        assertThat(send(apiAs(Role.SALES), "firstName,lastName\n").status()).isEqualTo(400);
        assertThat(send(apiAs(Role.SALES), "\"unclosed,quote\nx,y\n").status()).isEqualTo(400);
        assertThat(send(apiAs(Role.READ_ONLY), "lastName\nX\n").status()).isEqualTo(403);
        assertThat(count("leads")).isEqualTo(before);
    }

    @Test
    void the_page_imports_an_uploaded_file() throws Exception {
        Http browser = signedInAs(Role.SALES);
        String page = browser.get("/leads/import").body();
        String csrf = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String boundary = "----klient" + tag;
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nlastName,email\nUpload " + tag + ",u" + tag + "@firma.pl\r\n"
                + "--" + boundary + "--\r\n";
        Http.Response response = browser.postRaw("/leads/import", "multipart/form-data; boundary=" + boundary, body);
        assertThat(response.status()).as(response.body()).isEqualTo(302);
        assertThat(browser.get(response.location()).body()).contains("Imported one lead from leads.csv")
                .contains("Upload " + tag);
    }

    private Http.Response send(Http api, String csv) {
        return api.postRaw("/api/v1/leads/import", "text/csv; charset=UTF-8", csv);
    }
}
