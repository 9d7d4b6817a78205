package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
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

    @Autowired
    org.springframework.context.MessageSource words;

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

    // ---- fix18: what a tester of the marketing module found as a new user

    @Test
    void a_test_send_comes_from_the_campaigns_sender_with_a_message_id_of_its_domain() throws Exception {
        Http api = apiAs(Role.MARKETING);
        String domain = "shop-" + s + ".test";
        long id = api.postJson("/api/v1/marketing/campaigns", """
                {"name": "Sender %s", "purposeId": %d, "fromName": "Sklep Żółw", "fromAddress": "news@%s",
                 "contents": [{"language": "en", "subject": "Hi", "body": "<p>Hello</p>"}]}"""
                .formatted(s, newsletter(), domain)).json().get("id").asLong();
        assertThat(api.postJson("/api/v1/marketing/campaigns/" + id + "/test", "{\"address\": \"tester@" + domain
                + "\"}").status()).isEqualTo(200);
        MimeMessage received = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            MimeMessage[] got = mail.getReceivedMessagesForDomain(domain);
            return got.length == 0 ? null : got[0];
        }, m -> m != null);
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Sklep Żółw");
        assertThat(from.getAddress()).isEqualTo("news@" + domain);
        assertThat(received.getMessageID()).startsWith("<campaign-test-" + id + "-").endsWith("@" + domain + ">");
        assertThat(received.getSubject()).startsWith("[Test]");
    }

    @Test
    void a_line_break_in_a_sender_name_or_address_is_refused_naming_the_field_in_the_readers_language() {
        Http api = apiAs(Role.MARKETING).language("pl");
        long before = count("campaigns");
        for (String field : new String[] { "fromName", "replyTo", "fromAddress" }) {
            String value = field.equals("fromName") ? "Shop\\r\\nBcc: x@y.z" : "a@b.cz\\r\\nBcc: x@y.z";
            Http.Response refused = api.postJson("/api/v1/marketing/campaigns", """
                    {"name": "Header %s", "purposeId": %d, "%s": "%s",
                     "contents": [{"language": "en", "subject": "Hi", "body": "<p>Hello</p>"}]}"""
                    .formatted(s, newsletter(), field, value));
            assertThat(refused.status()).as(field).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).as(field).containsExactly(field);
            assertThat(refused.body()).as(field).contains("znaków sterujących");
        }
        assertThat(count("campaigns")).isEqualTo(before);
    }

    @Test
    void bad_filters_and_unknown_members_are_refused_not_ignored() {
        Http api = apiAs(Role.MARKETING).language("cs");
        long id = createCampaign(api, "en", "Hi", "<p>Hello</p>").json().get("id").asLong();
        Http.Response state = api.get("/api/v1/marketing/campaigns/" + id + "/recipients?state=bogus");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.contentType()).startsWith("application/problem+json");
        assertThat(state.body()).contains("\"state\"").contains("Neznámý stav");
        assertThat(api.get("/api/v1/marketing/campaigns/" + id + "/recipients?state=SENT").status()).isEqualTo(200);
        Http.Response language = api.get("/api/v1/marketing/campaigns/" + id + "/preview?language=de");
        assertThat(language.status()).isEqualTo(400);
        assertThat(language.body()).contains("\"language\"");

        long list = api.postJson("/api/v1/marketing/segments", "{\"name\": \"Fix list " + s
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Member " + s + "\"}").json().get("id")
                .asLong();
        Http.Response unknown = api.postJson("/api/v1/marketing/segments/" + list + "/members",
                "{\"contactIds\": [-1, 0, 99999999, " + contact + "]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("-1, 0, 99999999").doesNotContain(", " + contact);
        assertThat(jdbc.sql("select count(*) from segment_members where segment_id = :l").param("l", list)
                .query(Long.class).single()).as("all or nothing").isZero();
        assertThat(api.postJson("/api/v1/marketing/segments/" + list + "/members", "{\"contactIds\": [" + contact
                + "]}").json().get("added").asInt()).isEqualTo(1);
        Http.Response notMember = api.delete("/api/v1/marketing/segments/" + list + "/members/99999999");
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(notMember.contentType()).startsWith("application/problem+json");
        assertThat(api.delete("/api/v1/marketing/segments/" + list + "/members/" + contact).status())
                .isEqualTo(204);
        Http.Response snapshot = api.postJson("/api/v1/marketing/segments/" + list + "/snapshot", "{}");
        assertThat(snapshot.status()).isEqualTo(409);
        assertThat(snapshot.body()).contains("dynamický");
    }

    @Test
    void the_two_opened_criteria_read_differently_in_every_language() {
        for (String language : new String[] { "en", "pl", "cs" }) {
            java.util.Locale locale = java.util.Locale.forLanguageTag(language);
            assertThat(words.getMessage("segment.criterion.marketing.opened", null, locale)).as(language)
                    .isNotEqualTo(words.getMessage("segment.criterion.marketing.openedCampaign", null, locale));
        }
    }

    @Test
    void those_who_may_not_change_a_segment_read_its_filter_without_inputs() {
        Http api = apiAs(Role.MARKETING);
        long id = api.postJson("/api/v1/marketing/segments", """
                {"name": "Openers %s", "kind": "DYNAMIC", "filter": {"match": "ALL", "groups": [{"match": "ANY",
                 "rules": [{"criterion": "marketing.opened", "operator": "YES", "days": 30}]}]}}""".formatted(s))
                .json().get("id").asLong();
        for (Role role : new Role[] { Role.READ_ONLY, Role.SALES }) {
            String page = signedInAs(role).get("/marketing/segments/" + id + "?lang=en").body();
            assertThat(page).as(role.name()).contains("Openers " + s).contains("Opened any campaign")
                    .contains("in the last 30 days").doesNotContain("<select").doesNotContain("name=\"action\"")
                    .doesNotContain("id=\"segment-form\"");
        }
        assertThat(signedInAs(Role.MARKETING).get("/marketing/segments/" + id).body()).contains("id=\"segment-form\"")
                .contains("<select");
    }

    @Test
    void the_recipient_table_wraps_and_the_days_field_holds_its_placeholder() {
        Http api = apiAs(Role.MARKETING);
        long id = createCampaign(api, "en", "Hi", "<p>Hello</p>").json().get("id").asLong();
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Wrap " + s + "\"}").json().get("id")
                .asLong();
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, language, state)
                values (:id, :c, 'a.very.long.address.that.needs.to.wrap@example-with-a-long-domain.test', 'en',
                        'NO_CONSENT')""").param("id", id).param("c", contact).update();
        String page = signedInAs(Role.MARKETING).get("/marketing/campaigns/" + id).body();
        assertThat(page).contains("class=\"campaign-recipients\"").contains("class=\"campaign-recipient-at\"");
        String css = browser().get("/css/klient.css").body();
        assertThat(css).contains(".campaign-recipients td { overflow-wrap: anywhere; }")
                .contains(".segment-rule input.small-input[name$=\".days\"] { width: 7.5rem; }");
    }
}
