package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.RawHttp;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The defects of issue 15's "Errors" list, one test each: every one answered with a clear, translated error. */
@ExtendWith(OutputCaptureExtension.class)
class ErrorAnswersTests extends WebTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void invalid_utf8_in_a_query_parameter_is_a_400_with_one_line_in_the_log(CapturedOutput log) {
        int before = log.getAll().length();
        Http.Response page = browser().language("pl").get("/login?error=%C3%28");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Adres lub formularz zawiera znaki, których nie można odczytać")
                .doesNotContain("Exception");
        Http.Response api = apiAs(Role.ADMIN).language("pl").get("/api/v1/companies?q=%C3%28");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.contentType()).startsWith(PROBLEM);
        assertThat(api.json().get("detail").asString()).contains("znaki, których nie można odczytać");
        String written = log.getAll().substring(before);
        assertThat(written).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(written.lines().filter(line -> line.contains("Refused a request")).count()).isEqualTo(2);
    }

    /**
     * The filter that refuses unreadable parameters runs before the security filters: it still answers in the
     * language of the signed-in user (over a session, whatever the browser asks for; over a token without
     * Accept-Language), as every later answer does.
     */
    @Test
    void an_unreadable_parameter_is_refused_in_the_signed_in_users_language() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        Http browser = signedIn(polish).language("en");
        Http.Response page = browser.get("/companies?q=%C3%28");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("znaki, których nie można odczytać");
        Http.Response nul = browser.get("/companies?q=a%00b");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).doesNotContain("Invalid request");

        RawHttp.Answer api = RawHttp.get(port, "/api/v1/marketing/consents?address=%E0%A4%A",
                "Authorization: Bearer " + tokens.issue(testUsers.create(Role.MARKETING, "cs")) + "\r\n");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.header("Content-Type")).startsWith(PROBLEM);
        assertThat(api.body()).contains("nelze přečíst");
    }

    @Test
    void malformed_percent_encoding_in_a_query_or_form_is_a_400() {
        RawHttp.Answer query = RawHttp.get(port, "/login?error=%ZZ", "Accept-Language: cs\r\n");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.body()).contains("nelze přečíst");
        Http admin = administrator();
        admin.get("/companies/new");
        Http.Response form = admin.postRaw("/companies", "application/x-www-form-urlencoded",
                "name=%C3%28&country=PL");
        assertThat(form.status()).isEqualTo(400);
    }

    @Test
    void a_nul_byte_in_a_json_string_is_a_400_naming_the_field() {
        long companies = count("companies");
        Http.Response response = apiAs(Role.ADMIN).language("pl").postJson("/api/v1/companies",
                "{\"name\": \"Nul\\u0000 sp. z o.o.\", \"country\": \"PL\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(response.json().get("errors").get(0).get("message").asString()).contains("NUL");
        assertThat(count("companies")).isEqualTo(companies);
    }

    @Test
    void half_a_character_in_a_json_string_is_a_400_not_a_question_mark() {
        long companies = count("companies");
        Http.Response response = apiAs(Role.ADMIN).postJson("/api/v1/companies",
                "{\"name\": \"Half \\uD800 s.r.o.\", \"country\": \"CZ\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(response.json().get("errors").get(0).get("message").asString()).contains("half of a character");
        assertThat(count("companies")).isEqualTo(companies);
        // a whole character outside the basic plane (two surrogates) is text and is kept as sent
        Http.Response emoji = apiAs(Role.ADMIN).postJson("/api/v1/companies",
                "{\"name\": \"Rocket \\uD83D\\uDE80 s.r.o.\", \"country\": \"CZ\"}");
        assertThat(emoji.status()).isEqualTo(201);
        assertThat(jdbc.sql("select name from companies where id = :id").param("id", emoji.json().get("id").asLong())
                .query(String.class).single()).isEqualTo("Rocket \uD83D\uDE80 s.r.o.");
    }

    @Test
    void a_nul_byte_in_a_form_field_is_a_400_page_naming_the_field() {
        long companies = count("companies");
        Http admin = administrator();
        admin.get("/companies/new");
        Http.Response response = admin.postForm("/companies", Map.of("name", "Nul\0 s.r.o.", "country", "CZ"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("name").contains("NUL").doesNotContain("Exception");
        assertThat(count("companies")).isEqualTo(companies);
    }

    @Test
    void an_unknown_team_on_a_deal_is_a_400_naming_the_field_not_a_conflict() {
        long deals = count("deals");
        Http.Response response = apiAs(Role.ADMIN).postJson("/api/v1/deals",
                "{\"name\": \"Unknown team\", \"teamId\": 999999999}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("teamId");
        assertThat(response.json().get("errors").get(0).get("message").asString()).contains("does not exist");
        assertThat(count("deals")).isEqualTo(deals);
    }

    @Test
    void a_page_without_its_required_parameter_is_a_400_page() {
        Http admin = administrator();
        Http.Response response = admin.get("/documents/new");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("recordType").doesNotContain("Exception");
    }

    @Test
    void a_null_stage_in_a_pipeline_is_a_400_naming_it() {
        long pipelines = count("pipelines");
        Http.Response response = apiAs(Role.ADMIN).postJson("/api/v1/pipelines",
                "{\"name\": \"Nulls\", \"stages\": [null]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("stages[0]");
        assertThat(count("pipelines")).isEqualTo(pipelines);
    }

    @Test
    void a_lead_csv_with_an_unclosed_quote_is_a_400() {
        Http api = apiAs(Role.SALES);
        long leads = count("leads");
        for (String csv : new String[] { "firstName,lastName\n\"Jan,Kowalski\n", "firstName,lastName\nJan,\"Kowalski",
                "firstName,lastName\nJan,Nowak\nEwa,\"Kowalska\n" }) {
            Http.Response response = api.postRaw("/api/v1/leads/import", "text/csv; charset=UTF-8", csv);
            assertThat(response.status()).as(csv).isEqualTo(400);
            assertThat(response.contentType()).startsWith(PROBLEM);
        }
        assertThat(count("leads")).isEqualTo(leads);
    }

    @Test
    void tomcats_own_refusals_are_short_and_carry_no_html_report() {
        for (String path : new String[] { "/%", "/a%00b", "/..;/", "/api/v1/%ZZ" }) {
            RawHttp.Answer answer = RawHttp.get(port, path, "Accept-Language: pl\r\n");
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.raw()).as(path).doesNotContain("HTTP Status").doesNotContain("Tomcat")
                    .contains("Nieprawidłowe żądanie");
        }
        RawHttp.Answer api = RawHttp.get(port, "/api/v1/%ZZ", "");
        assertThat(api.header("Content-Type")).startsWith(PROBLEM);
    }

    @Test
    void an_unmet_expectation_on_the_api_is_problem_json() {
        RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/v1/companies",
                "Expect: something-else\r\nContent-Type: application/json\r\nAccept-Language: pl\r\n",
                "{}".getBytes());
        assertThat(answer.status()).isEqualTo(417);
        assertThat(answer.header("Content-Type")).startsWith(PROBLEM);
        assertThat(answer.body()).doesNotContain("HTTP Status").contains("\"status\":417");
    }

    @Test
    void the_security_layers_refusals_speak_the_callers_language() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        Http.Response api = api(polish).get("/api/v1/users");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.json().get("detail").asString()).isEqualTo("Twoja rola na to nie pozwala.");
        assertThat(api.json().get("title").asString()).isEqualTo("Brak uprawnień");

        Http czech = signedIn(testUsers.create(Role.SALES, "cs"));
        Http.Response page = czech.get("/admin/users");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("lang=\"cs\"");
        Http.Response withoutToken = czech.postFormRaw("/companies", Map.of("name", "No token"));
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("lang=\"cs\"");
    }

    @Test
    void a_multipart_body_without_a_boundary_is_a_400() {
        Http.Response response = apiAs(Role.SUPPORT).language("pl").postRaw("/api/v1/tickets/1/replies",
                "multipart/form-data", "body=Hello");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM);
    }

    @Test
    void the_team_activity_summary_refuses_bad_days_in_problem_json() {
        Http.Response response = apiAs(Role.MANAGER).language("pl").get("/api/v1/activities/summary?from=x&to=y");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(PROBLEM);
    }

    @Test
    void list_indexes_a_form_cannot_hold_are_a_400_page() {
        long deals = count("deals");
        Http admin = signedIn(testUsers.create(Role.ADMIN, "pl"));
        admin.get("/deals/new");
        for (String index : new String[] { "[99999]", "[-1]", "[abc]", "[2147483648]" }) {
            Http.Response response = admin.postForm("/deals", Map.of("name", "Indexes", "lines" + index
                    + ".quantity", "1"));
            assertThat(response.status()).as(index).isEqualTo(400);
            assertThat(response.body()).contains("lang=\"pl\"").doesNotContain("Exception");
        }
        assertThat(count("deals")).isEqualTo(deals);
    }

    @Test
    void polling_a_mailbox_that_does_not_exist_is_a_404_page() {
        Http admin = signedIn(testUsers.create(Role.ADMIN));
        admin.get("/admin/mail");
        assertThat(admin.postForm("/admin/mail/mailboxes/999999999/poll", Map.of()).status()).isEqualTo(404);
    }
}
