package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The old single "agrees to marketing" flag of the contact form and the contacts API is a shortcut into the consent
 * history, and is read back from it; web forms posted over the API carry consents into the same double opt-in.
 */
class LegacyConsentTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern CONFIRM = Pattern.compile("/t/confirm/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)");

    @Autowired
    Consents consents;

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'news@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    private List<Map<String, Object>> history(long contactId) {
        return jdbc.sql("""
                select p.key, c.channel, c.state, c.source, c.source_detail, c.by_user_id, c.wording
                from consents c join consent_purposes p on p.id = c.purpose_id
                where c.contact_id = :c order by c.id""").param("c", contactId).query().listOfRows();
    }

    @Test
    void a_consent_ticked_on_the_contact_form_is_in_the_consent_history_and_on_the_card() {
        var seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/contacts/new");
        String s = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> contact = new HashMap<>();
        contact.put("firstName", "Jiří");
        contact.put("lastName", "Souhlas-" + s);
        contact.put("emails", "jiri." + s + "@firma.cz");
        contact.put("marketingConsent", "true");
        contact.put("consentMethod", "PAPER");
        contact.put("consentNote", "signed at the fair");
        Http.Response created = browser.postForm("/contacts", contact);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        long id = Long.parseLong(created.location().substring(created.location().lastIndexOf('/') + 1));

        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(h -> h.get("key")).containsExactlyInAnyOrder("newsletter", "offers");
        assertThat(history).allSatisfy(h -> {
            assertThat(h).containsEntry("channel", "EMAIL").containsEntry("state", "GIVEN")
                    .containsEntry("source", "MANUAL").containsEntry("by_user_id", seller.id());
            assertThat((String) h.get("source_detail")).contains("PAPER").contains("signed at the fair");
            assertThat((String) h.get("wording")).isNotBlank();
        });
        String card = browser.get("/contacts/" + id).body();
        assertThat(card).contains("id=\"consents\"").contains("recorded by hand").contains("signed at the fair");
        Http api = api(seller);
        assertThat(api.get("/api/v1/contacts/" + id).json().get("marketingConsent").asBoolean()).isTrue();

        // the edit form no longer holds the flag: saving it changes no consent, and points to the card instead
        String edit = browser.get("/contacts/" + id + "/edit").body();
        assertThat(edit).doesNotContain("name=\"marketingConsent\"").contains("/contacts/" + id + "#consents");
        contact.remove("marketingConsent");
        contact.remove("consentMethod");
        contact.remove("consentNote");
        contact.put("version", "0");
        Http.Response saved = browser.postForm("/contacts/" + id, contact);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(history(id)).hasSize(2);
        assertThat(api.get("/api/v1/contacts/" + id).json().get("marketingConsent").asBoolean()).isTrue();
    }

    @Test
    void an_unsubscribe_turns_the_contacts_marketing_consent_off_in_the_view_and_the_export() {
        Http api = apiAs(Role.MANAGER);
        String s = UUID.randomUUID().toString().substring(0, 8);
        Http.Response created = api.postJson("/api/v1/contacts", """
                {"firstName": "Ola", "lastName": "Odhlášená-%s", "emails": ["ola.%s@example.test"],
                 "marketingConsent": true, "consentMethod": "EMAIL", "consentNote": "asked by mail"}"""
                .formatted(s, s));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("marketingConsent").asBoolean()).isTrue();
        assertThat(history(id)).extracting(h -> h.get("source")).containsOnly("API");

        // what the unsubscribe link does: tracking calls Consents.withdraw for the campaign's purpose
        for (String purpose : List.of("newsletter", "offers")) {
            assertThat(consents.withdraw(id, consents.purposeId(purpose).orElseThrow(), Consents.Channel.EMAIL,
                    Consents.Source.UNSUBSCRIBE, "campaign #1")).isTrue();
        }

        var view = api.get("/api/v1/contacts/" + id).json();
        assertThat(view.get("marketingConsent").asBoolean()).isFalse();
        assertThat(view.get("consentMethod").isNull()).isTrue();
        String csv = api.get("/api/v1/contacts/export?q=" + s).body();
        String row = csv.lines().filter(l -> l.contains("Odhlášená-" + s)).findFirst().orElseThrow();
        assertThat(row).as("marketing consent, in the reader's words").contains(",No,").doesNotContain(",Yes,");
        assertThat(signedInAs(Role.MANAGER).get("/contacts/" + id).body()).contains("badge off");

        // a client that reads the contact and sends it back unchanged records nothing
        Http.Response same = api.putJson("/api/v1/contacts/" + id, view.toString());
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(history(id)).hasSize(4);

        // ticked again over the API: given again; unticked: withdrawn again (source API)
        Http.Response again = api.putJson("/api/v1/contacts/" + id, """
                {"lastName": "Odhlášená-%s", "emails": ["ola.%s@example.test"], "marketingConsent": true,
                 "consentMethod": "PHONE", "version": %d}""".formatted(s, s, same.json().get("version").asInt()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("marketingConsent").asBoolean()).isTrue();
        Http.Response off = api.putJson("/api/v1/contacts/" + id, """
                {"lastName": "Odhlášená-%s", "emails": ["ola.%s@example.test"], "marketingConsent": false,
                 "version": %d}""".formatted(s, s, again.json().get("version").asInt()));
        assertThat(off.json().get("marketingConsent").asBoolean()).isFalse();
        List<Map<String, Object>> history = history(id);
        assertThat(history.subList(4, 6)).extracting(h -> h.get("state") + " " + h.get("source"))
                .containsExactly("GIVEN API", "GIVEN API");
        // unticked means no marketing by e-mail at all: every purpose is withdrawn, the two given among them
        assertThat(history.subList(6, history.size())).allSatisfy(h -> assertThat(h)
                .containsEntry("state", "WITHDRAWN").containsEntry("source", "API"))
                .extracting(h -> h.get("key")).contains("newsletter", "offers");
    }

    @Test
    void a_web_form_posted_over_the_api_with_a_consent_sends_the_confirmation_email() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        Http admin = apiAs(Role.ADMIN);
        String key = "api-optin-" + s;
        assertThat(admin.postJson("/api/v1/web-forms", "{\"key\": \"" + key + "\", \"name\": \"Site " + s + "\"}")
                .status()).isEqualTo(201);
        String address = "eva." + s + "@example.test";

        Http.Response refused = admin.postJson("/api/v1/web-forms/" + key + "/submissions", """
                {"lastName": "Nová", "email": "%s", "consents": ["made-up"], "language": "cs"}""".formatted(address));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("consents");

        Http.Response posted = admin.postJson("/api/v1/web-forms/" + key + "/submissions", """
                {"firstName": "Eva", "lastName": "Nová", "email": "%s", "consents": ["newsletter"], "language": "cs",
                 "ipAddress": "203.0.113.7"}""".formatted(address));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        long lead = posted.json().get("leadId").asLong();
        assertThat(posted.json().get("consentsAsked").get(0).asString()).isEqualTo("newsletter");

        MimeMessage message = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Arrays
                .stream(mail.getReceivedMessages()).filter(m -> to(m, address)).findFirst().orElse(null),
                m -> m != null);
        String body = GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = CONFIRM.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        List<Map<String, Object>> pending = jdbc.sql("""
                select state, source, language, ip_address from consents where lead_id = :l""")
                .param("l", lead).query().listOfRows();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0)).containsEntry("state", "PENDING").containsEntry("source", "FORM")
                .containsEntry("language", "cs").containsEntry("ip_address", "203.0.113.7");

        assertThat(browser().postFormRaw("/t/confirm/" + link.group(1), Map.of()).status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from consents where lead_id = :l and state = 'GIVEN'").param("l", lead)
                .query(Long.class).single()).isEqualTo(1);
    }

    private static boolean to(MimeMessage m, String address) {
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString()
                    .contains(address));
        }
        catch (Exception e) {
            return false;
        }
    }
}
