package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** What a tester found on the campaign, report, keyword and consent pages, each kept fixed. */
class MarketingPagesFixTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    Consents consents;

    private final String s = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'news@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    private long newsletter() {
        return consents.purposeId("newsletter").orElseThrow();
    }

    private Http.Response createCampaign(Http api, String language, String subject, String body) {
        return api.postJson("/api/v1/marketing/campaigns", """
                {"name": "Fix %s", "purposeId": %d, "defaultLanguage": "%s",
                 "contents": [{"language": "%s", "subject": %s, "body": %s}]}""".formatted(s, newsletter(), language,
                language, quote(subject), quote(body)));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    @Test
    void an_image_or_link_without_an_absolute_address_is_dropped_and_no_placeholder_host_reaches_a_message() {
        Http api = apiAs(Role.MARKETING);
        Http.Response made = createCampaign(api, "en", "Hello", """
                <p>Hi <img src=x onerror="alert(1)"><img src="/logo.png"><img src="https://cdn.example.org/logo.png">
                <a href="/relative">relative link</a> <a href="javascript:alert(1)">script link</a>
                <a href="https://example.org/offer">offer</a></p>""");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String body = made.json().get("contents").get(0).get("body").asString();
        assertThat(body).doesNotContain("klient.invalid").doesNotContain("onerror").doesNotContain("javascript")
                .doesNotContain("logo.png\"><img").contains("<img src=\"https://cdn.example.org/logo.png\">")
                .contains("relative link").contains("script link").doesNotContain("href=\"/relative\"")
                .contains("href=\"https://example.org/offer\"");
        assertThat(body.split("<img", -1)).as("only the absolute image is left").hasSize(2);
        Http.Response preview = api.get("/api/v1/marketing/campaigns/" + made.json().get("id").asLong()
                + "/preview");
        assertThat(preview.body()).doesNotContain("klient.invalid");
    }

    @Test
    void a_space_in_a_link_is_encoded_so_the_tracked_link_stays_whole() {
        Http api = apiAs(Role.MARKETING);
        Http.Response made = createCampaign(api, "en", "Hello",
                "<p><a href=\"http://example.org/x y\">the offer</a> and <a href=\" https://example.org/a b?c={{ contact.firstName }} \">mine</a></p>");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String body = made.json().get("contents").get(0).get("body").asString();
        assertThat(body).contains("href=\"http://example.org/x%20y\"")
                .contains("https://example.org/a%20b?c={{ contact.firstName }}\"");
        Http.Response preview = api.get("/api/v1/marketing/campaigns/" + made.json().get("id").asLong()
                + "/preview");
        String text = preview.json().get("text").asString();
        assertThat(text).doesNotContain("x y").doesNotContain("/x)");
        assertThat(Campaigns.clean("<a href=\"http://example.org/x y\">x</a>"))
                .isEqualTo("<a href=\"http://example.org/x%20y\">x</a>");
    }

    @Test
    void an_unknown_custom_field_is_refused_on_save_naming_the_field() {
        Http api = apiAs(Role.MARKETING);
        Http.Response contact = createCampaign(api, "en", "Hi", "<p>{{contact.custom.nope}}</p>");
        assertThat(contact.status()).as(contact.body()).isEqualTo(400);
        assertThat(contact.body()).contains("contents[0].body").contains("contact.custom.nope");
        Http.Response company = createCampaign(api, "en", "Hi {{company.custom.nothing_" + s.replace("-", "") + "}}",
                "<p>Hello</p>");
        assertThat(company.status()).as(company.body()).isEqualTo(400);
        assertThat(company.body()).contains("contents[0].subject").contains("company.custom.nothing_");
    }

    @Test
    void a_sent_or_cancelled_campaign_opens_read_only_instead_of_in_the_editor() {
        Http api = apiAs(Role.MARKETING);
        long id = createCampaign(api, "en", "Hi", "<p>Hello</p>").json().get("id").asLong();
        Http marketer = signedInAs(Role.MARKETING);
        assertThat(marketer.get("/marketing/campaigns/" + id + "/edit").status()).as("a draft is edited")
                .isEqualTo(200);
        for (String state : new String[] { "SENT", "CANCELLED", "SENDING" }) {
            jdbc.sql("update campaigns set state = :s where id = :id").param("s", state).param("id", id).update();
            Http.Response edit = marketer.get("/marketing/campaigns/" + id + "/edit");
            assertThat(edit.status()).as(state).isIn(302, 303);
            assertThat(edit.location()).as(state).endsWith("/marketing/campaigns/" + id);
            String page = marketer.get(edit.location()).body();
            assertThat(page).contains("it can be read but no longer changed")
                    .doesNotContain("/marketing/campaigns/" + id + "/edit\"");
        }
    }

    @Test
    void a_contact_id_that_is_not_a_number_is_an_invalid_request_like_everywhere_else() {
        Http api = apiAs(Role.MARKETING);
        long id = createCampaign(api, "en", "Hi", "<p>Hello</p>").json().get("id").asLong();
        Http.Response page = signedInAs(Role.MARKETING).get("/marketing/campaigns/" + id + "?contactId=abc");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Invalid request").doesNotContain("Something went wrong");
    }

    @Test
    void a_report_before_its_cost_is_entered_says_not_entered_everywhere() {
        Http api = apiAs(Role.MARKETING);
        long id = createCampaign(api, "en", "Hi", "<p>Hello</p>").json().get("id").asLong();
        String report = signedInAs(Role.MARKETING).get("/marketing/campaigns/" + id + "/report").body();
        String money = report.substring(report.indexOf("id=\"money\""));
        assertThat(money).contains("not entered");
        assertThat(money.substring(money.indexOf("<table"), money.indexOf("</table>"))).as("no bar of 0 for a cost")
                .doesNotContain(">Cost<").contains(">Revenue<");
        String kpis = report.substring(report.indexOf("class=\"kpis\""), report.indexOf("id=\"money\""));
        assertThat(kpis).contains("not entered");
    }

    @Test
    void the_keyword_page_never_says_no_keyword_brought_a_lead_beside_a_keyword_with_a_lead() {
        Http sales = apiAs(Role.SALES);
        Http.Response lead = sales.postJson("/api/v1/leads", """
                {"lastName": "Lead %s", "email": "kw-%s@fix.test", "utmSource": "google", "utmMedium": "cpc",
                 "utmTerm": "crm system %s"}""".formatted(s, s, s));
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        String page = signedInAs(Role.MARKETING).get("/marketing/keywords").body();
        assertThat(page).contains("crm system " + s)
                .doesNotContain("No keyword brought a lead or cost anything in this period.");
    }

    @Test
    void marketing_writes_answer_403_to_a_role_that_may_not_make_them_whatever_the_body() {
        Http sales = apiAs(Role.SALES);
        for (String[] call : new String[][] { { "POST", "/api/v1/marketing/purposes", "{\"key\": 5, \"active\": \"maybe\"}" },
                { "POST", "/api/v1/marketing/purposes", "{" },
                { "PUT", "/api/v1/marketing/purposes/1", "{\"labelEn\": []}" },
                { "POST", "/api/v1/marketing/suppressions", "{\"address\": 1" },
                { "PUT", "/api/v1/marketing/campaigns/1/cost", "{\"cost\": \"abc\"}" },
                { "POST", "/api/v1/marketing/campaigns", "{\"contents\": \"x\"}" },
                { "PUT", "/api/v1/marketing/attribution/settings", "{\"windowDays\": -5}" } }) {
            Http.Response answer = "POST".equals(call[0]) ? sales.postJson(call[1], call[2])
                    : sales.putJson(call[1], call[2]);
            assertThat(answer.status()).as(call[0] + " " + call[1] + " " + call[2] + ": " + answer.body())
                    .isEqualTo(403);
        }
        Http marketer = apiAs(Role.MARKETING);
        assertThat(marketer.putJson("/api/v1/marketing/attribution/settings", "{\"windowDays\": -5}").status())
                .as("administrators only").isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/marketing/consents", "{\"contactId\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(marketer.postJson("/api/v1/marketing/purposes", "{\"key\": 5, \"active\": \"maybe\"}").status())
                .as("a marketer still hears what is wrong").isEqualTo(400);
    }

    @Test
    void consent_details_are_shown_in_the_readers_language_and_manual_wording_in_the_contacts() {
        long contact = jdbc.sql("""
                insert into contacts (first_name, last_name, emails, preferred_language, search_text)
                values ('Jana', 'Nováková', :e, 'cs', '') returning id""")
                .param("e", new String[] { "jana." + s + "@example.test" }).query(Long.class).single();
        consents.change(Consents.Change.of(contact, newsletter(), Consents.Channel.EMAIL, Consents.State.PENDING,
                Consents.Source.FORM).detail("web form #3, lead #41"));
        consents.change(Consents.Change.of(contact, newsletter(), Consents.Channel.EMAIL, Consents.State.GIVEN,
                Consents.Source.CONFIRMATION).detail("confirmation #7"));
        consents.withdraw(contact, newsletter(), Consents.Channel.EMAIL, Consents.Source.UNSUBSCRIBE,
                "campaign:1 page");
        Http marketer = signedInAs(Role.MARKETING);
        marketer.get("/contacts/" + contact + "?lang=pl");
        long offers = consents.purposeId("offers").orElseThrow();
        Http.Response recorded = marketer.postForm("/contacts/" + contact + "/consents", Map.of("purposeId",
                String.valueOf(offers), "channel", "PHONE", "state", "GIVEN", "detail", "telefon"));
        assertThat(recorded.status()).isIn(302, 303);
        String card = marketer.get("/contacts/" + contact + "?lang=pl").body();
        assertThat(card).contains("formularz #3, lead #41").contains("potwierdzenie #7")
                .contains("na stronie wypisania (kampania #1)").doesNotContain("web form #3")
                .doesNotContain("confirmation #7").doesNotContain("campaign:1 page").contains("telefon");
        assertThat(marketer.get("/contacts/" + contact + "?lang=cs").body()).contains("webový formulář #3, lead #41");
        Map<String, Object> manual = jdbc.sql("""
                select c.language, c.wording, p.wording_cs from consents c join consent_purposes p on p.id = c.purpose_id
                where c.contact_id = :c and c.source = 'MANUAL'""").param("c", contact).query().singleRow();
        assertThat(manual.get("language")).as("the contact's language, not the staff member's").isEqualTo("cs");
        assertThat(manual.get("wording")).isEqualTo(manual.get("wording_cs"));
        assertThat(jdbc.sql("select source_detail from consents where contact_id = :c and source = 'FORM'")
                .param("c", contact).query(String.class).single()).as("stored machine-readable")
                .isEqualTo("web form #3, lead #41");
    }

    @Test
    void the_polish_footer_speaks_to_everyone_alike() {
        Http api = apiAs(Role.MARKETING);
        long id = createCampaign(api, "pl", "Cześć", "<p>Dzień dobry</p>").json().get("id").asLong();
        Http.Response preview = api.get("/api/v1/marketing/campaigns/" + id + "/preview?language=pl");
        assertThat(preview.body()).contains("wyrażono zgodę").doesNotContain("wyraziłeś");
    }

    @Test
    void the_thank_you_page_says_a_confirmation_was_sent_when_a_consent_was_ticked() {
        Http admin = apiAs(Role.ADMIN);
        String key = "thanks-" + s;
        assertThat(admin.postJson("/api/v1/web-forms", "{\"key\": \"" + key + "\", \"name\": \"Thanks " + s
                + "\"}").status()).isIn(200, 201);
        Http visitor = browser().language("pl");
        visitor.get("/forms/" + key);
        String address = "ewa." + s + "@example.test";
        Http.Response ticked = visitor.postRaw("/forms/" + key, "application/x-www-form-urlencoded",
                "firstName=Ewa&lastName=Nowa&email=" + address + "&consent=newsletter");
        assertThat(ticked.status()).as(ticked.body()).isEqualTo(200);
        assertThat(ticked.body()).contains("Wysłaliśmy wiadomość z potwierdzeniem na adres " + address);
        Http other = browser().language("cs");
        other.get("/forms/" + key);
        Http.Response none = other.postRaw("/forms/" + key, "application/x-www-form-urlencoded",
                "firstName=Eva&lastName=Nová&email=eva." + s + "@example.test");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).doesNotContain("confirmation-sent");
    }
}
