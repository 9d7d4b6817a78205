package app.klient.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** E-mail against a real SMTP and IMAP server (GreenMail) in the test. */
class MailTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(java.util.Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(com.icegreen.greenmail.util.ServerSetup::dynamicPort).toArray(com.icegreen.greenmail.util.ServerSetup[]::new));

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'sales@klient.test',
                    from_name = 'Klient Sales' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    private long contact(Http api, String first, String last, String email, Long company) {
        return api.postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "%s", "emails": ["%s"]%s}""".formatted(first, last, email,
                company == null ? "" : ", \"companyId\": " + company)).json().get("id").asLong();
    }

    private long template(Http api, String language) {
        for (JsonNode t : api.get("/api/v1/email-templates").json()) {
            if (t.get("language").asString().equals(language)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no " + language + " template");
    }

    @Test
    void a_template_is_sent_with_the_contacts_values_and_kept_on_the_timeline() throws Exception {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Mail Co " + UUID.randomUUID(), "PL", null);
        String address = "jan.nowak." + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
        long jan = contact(api, "Jan", "Nowak", address, company);

        Http.Response sent = api.postJson("/api/v1/emails", "{\"contactId\": %d, \"templateId\": %d}"
                .formatted(jan, template(api, "pl")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        MimeMessage received = mail.getReceivedMessagesForDomain(address.substring(address.indexOf('@') + 1))[0];
        assertThat(received.getSubject()).isEqualTo("Dziękuję za spotkanie, Jan");
        String body = GreenMailUtil.getBody(received);
        assertThat(received.getContent().toString()).contains("Dzień dobry Jan Nowak").contains(seller.name())
                .doesNotContain("{{");
        assertThat(received.getMessageID()).isEqualTo(sent.json().get("messageId").asString());
        assertThat(body).isNotEmpty();
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").body()).contains("ACTIVITY_EMAIL")
                .contains("Dziękuję za spotkanie, Jan");

        long before = count("emails");
        for (String bad : new String[] { "{\"contactId\": 987654321, \"subject\": \"A\", \"body\": \"B\"}",
                "{\"contactId\": %d, \"templateId\": 987654321}".formatted(jan),
                "{\"contactId\": %d, \"subject\": \"Hi\", \"body\": \"Dear {{contact.nmae}}\"}".formatted(jan),
                "{\"contactId\": %d, \"subject\": \"\", \"body\": \"\"}".formatted(jan),
                "{\"contactId\": %d, \"subject\": \"%s\", \"body\": \"B\"}".formatted(jan, "x".repeat(301)) }) {
            assertThat(api.postJson("/api/v1/emails", bad).status()).as(bad).isEqualTo(400);
        }
        long nobody = contact(api, "No", "Address", "no-" + UUID.randomUUID() + "@example.test", null);
        jdbc.sql("update contacts set emails = '{}' where id = " + nobody).update();
        assertThat(api.postJson("/api/v1/emails", "{\"contactId\": %d, \"subject\": \"A\", \"body\": \"B\"}"
                .formatted(nobody)).status()).isEqualTo(400);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/emails", ("{\"contactId\": %d, \"subject\": \"A\", "
                + "\"body\": \"B\"}").formatted(jan)).status()).isEqualTo(403);

        assertThat(count("emails")).as("nothing half-written").isEqualTo(before);

        // a server that is down delays the message, like any mail client's outbox: it is kept and sent later
        jdbc.sql("update mail_settings set smtp_port = 1 where id = 1").update();
        Http.Response down = api.postJson("/api/v1/emails", ("{\"contactId\": %d, \"subject\": \"While down\", "
                + "\"body\": \"B\"}").formatted(jan));
        assertThat(down.status()).as(down.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/emails/" + down.json().get("id").asLong()).json().get("delivery").asString())
                .isEqualTo("PENDING");
        int delivered = mail.getReceivedMessages().length;
        smtp();
        Http admin = apiAs(Role.ADMIN);
        assertThat(admin.postJson("/api/v1/mail/outbox/retry", "").json().get("sent").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(mail.getReceivedMessages()).hasSizeGreaterThan(delivered)
                .anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("While down"));
        assertThat(api.get("/api/v1/emails/" + down.json().get("id").asLong()).json().get("delivery").asString())
                .isEqualTo("SENT");
        assertThat(apiAs(Role.MANAGER).get("/api/v1/mail/outbox").status()).isEqualTo(403);
    }

    @Test
    void polled_mail_lands_on_its_contacts_once_even_when_the_poll_is_repeated() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        String box = "crm-" + UUID.randomUUID().toString().substring(0, 6) + "@klient.test";
        mail.setUser(box, box, "mailbox-secret");
        long mailbox = admin.postJson("/api/v1/mailboxes", """
                {"name": "Sales inbox", "host": "localhost", "port": %d, "username": "%s", "password": "mailbox-secret",
                 "security": "NONE"}""".formatted(mail.getImap().getPort(), box)).json().get("id").asLong();
        assertThat(admin.get("/api/v1/mailboxes").body()).doesNotContain("mailbox-secret");

        Http api = apiAs(Role.SALES);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String evaAddress = "eva." + suffix + "@customer.test";
        long eva = contact(api, "Eva", "Svobodová", evaAddress, null);
        long petr = contact(api, "Petr", "Novák", "petr." + suffix + "@customer.test", null);
        JsonNode sent = api.postJson("/api/v1/emails", ("{\"contactId\": %d, \"subject\": \"Offer\", \"body\": "
                + "\"Here it is.\"}").formatted(petr)).json();

        GreenMailUtil.sendTextEmail(box, evaAddress, "Question about delivery", "When do you deliver?",
                mail.getSmtp().getServerSetup());
        GreenMailUtil.sendAttachmentEmail(box, evaAddress.toUpperCase(), "Signed order", "Attached.",
                "%PDF-1.4 signed".getBytes(), "application/pdf", "order.pdf", "the order",
                mail.getSmtp().getServerSetup());
        // Petr answers from another address, but as a reply to what Klient sent him
        MimeMessage reply = GreenMailUtil.createTextEmail(box, "petr.private." + suffix + "@elsewhere.test",
                "Re: Offer", "Looks good.", mail.getSmtp().getServerSetup());
        reply.setHeader("In-Reply-To", sent.get("messageId").asString());
        GreenMailUtil.sendMimeMessage(reply);
        GreenMailUtil.sendTextEmail(box, "stranger." + suffix + "@unknown.test", "Hello", "Who are you?",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 5);

        assertThat(admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "").json().get("stored").asInt())
                .isEqualTo(4);
        JsonNode evas = api.get("/api/v1/emails?contactId=" + eva).json();
        assertThat(evas.findValuesAsString("subject")).containsExactlyInAnyOrder("Question about delivery",
                "Signed order");
        // Eva wrote them: the administrator who polled did not "log an e-mail"; they belong to Eva's owner
        assertThat(jdbc.sql("select author_id from timeline_entries where contact_id = :c and kind = 'ACTIVITY_EMAIL'")
                .param("c", eva).query((rs, n) -> rs.getObject(1)).list()).hasSize(2).containsOnlyNulls();
        assertThat(jdbc.sql("select distinct owner_id from activities where contact_id = :c").param("c", eva)
                .query(Long.class).list()).containsExactly(jdbc.sql("select owner_id from contacts where id = :c")
                        .param("c", eva).query(Long.class).single());
        List<JsonNode> files = new ArrayList<>();
        evas.findValues("attachments").forEach(a -> a.forEach(files::add));
        assertThat(files).singleElement().satisfies(f -> assertThat(f.get("filename").asString()).isEqualTo("order.pdf"));
        Http.Response download = api.get("/api/v1/" + files.get(0).get("path").asString());
        assertThat(download.body()).isEqualTo("%PDF-1.4 signed");
        assertThat(download.header("Content-Disposition")).startsWith("attachment").contains("order.pdf");
        assertThat(api.get("/api/v1/emails/" + sent.get("id").asLong() + "/attachments/" + files.get(0).get("id").asLong()).status())
                .as("a file is found only through its own message").isEqualTo(404);
        JsonNode petrs = api.get("/api/v1/emails?contactId=" + petr).json();
        assertThat(petrs.findValuesAsString("subject")).containsExactlyInAnyOrder("Offer", "Re: Offer");
        assertThat(petrs.findValues("threadId").stream().map(JsonNode::asLong).distinct().count())
                .as("the reply joins the thread").isEqualTo(1);
        JsonNode waiting = api.get("/api/v1/emails?unassigned=true").json();
        assertThat(waiting.findValuesAsString("subject")).contains("Hello");

        // the poll dies before it saves where it got to, and runs again from the start
        jdbc.sql("update mailboxes set last_uid = 0 where id = " + mailbox).update();
        assertThat(admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "").json().get("stored").asInt())
                .isZero();
        assertThat(api.get("/api/v1/emails?contactId=" + eva).json().size()).as("still exactly the same").isEqualTo(2);
        assertThat(api.get("/api/v1/emails?contactId=" + petr).json().size()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from emails where mailbox_id = " + mailbox).query(Long.class).single())
                .isEqualTo(4);

        long stranger = waiting.findValues("id").stream().map(JsonNode::asLong).filter(id ->
                api.get("/api/v1/emails/" + id).json().get("subject").asString().equals("Hello")).findFirst()
                .orElseThrow();
        assertThat(api.postJson("/api/v1/emails/" + stranger + "/assign", "{\"contactId\": 987654321}").status())
                .isEqualTo(400);
        assertThat(api.postJson("/api/v1/emails/" + stranger + "/assign", "{\"contactId\": " + petr + "}").json()
                .get("status").asString()).isEqualTo("RECEIVED");
        assertThat(api.postJson("/api/v1/emails/" + stranger + "/assign", "{\"contactId\": " + eva + "}").status())
                .isEqualTo(409);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/mailboxes/" + mailbox + "/poll", "").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/emails").status()).isEqualTo(400);

    }

    @Test
    void the_pages_set_up_mail_write_from_the_card_and_show_the_inbox() throws Exception {
        Http admin = administrator();
        String setup = admin.get("/admin/mail").body();
        assertThat(setup).contains("Outgoing mail (SMTP)").doesNotContain("mailbox-secret");
        String version = setup.replaceAll("(?s).*name=\"version\" value=\"(\\d+)\".*", "$1");
        Http.Response bad = admin.postForm("/admin/mail", java.util.Map.of("smtpHost", "localhost", "smtpPort", "99999",
                "smtpSecurity", "NONE", "fromAddress", "not an address", "version", version));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("field-error");
        assertThat(admin.postForm("/admin/mail", java.util.Map.of("smtpHost", "localhost", "smtpPort",
                String.valueOf(mail.getSmtp().getPort()), "smtpSecurity", "NONE", "fromAddress", "office@klient.test",
                "fromName", "Office", "version", version)).location()).isEqualTo("/admin/mail");
        assertThat(admin.get("/admin/mail").body()).contains("The e-mail settings were saved");
        admin.postForm("/admin/mail/templates", java.util.Map.of("name", "Broken", "language", "en", "subject", "Hi",
                "body", "Dear {{contact.nmae}}"));
        assertThat(admin.get("/admin/mail").body()).contains("contact.nmae");

        UserSummary seller = testUsers.create(Role.SALES);
        String address = "card." + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
        long contact = contact(api(seller), "Karel", "Dvořák", address, null);
        Http browser = signedIn(seller);
        assertThat(browser.get("/contacts/" + contact).body()).contains("Write an e-mail");
        Http.Response sent = browser.postForm("/contacts/" + contact + "/emails", java.util.Map.of("subject",
                "Prices for 2027", "body", "Dear Karel, <b>here</b> they are."));
        assertThat(sent.location()).isEqualTo("/contacts/" + contact);
        assertThat(browser.get(sent.location()).body()).contains("The e-mail was sent").contains("Prices for 2027");
        MimeMessage received = mail.getReceivedMessagesForDomain("example.test")[mail.getReceivedMessagesForDomain(
                "example.test").length - 1];
        assertThat(received.getFrom()[0].toString()).contains("office@klient.test");
        assertThat(browser.get("/inbox").status()).isEqualTo(200);
        assertThat(signedInAs(Role.SALES).get("/admin/mail").status()).isEqualTo(403);
    }

    @Test
    void a_meeting_goes_to_the_customer_as_an_invitation_calendar_programs_read() throws Exception {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String address = "guest." + suffix + "@invite-" + suffix + ".test";
        String other = "second." + suffix + "@invite-" + suffix + ".test";
        long guest = contact(api, "Hana", "Malá", address, null);
        long second = contact(api, "Ota", "Veliký", other, null);
        long meeting = api.postJson("/api/v1/activities", """
                {"type": "MEETING", "subject": "Demo of the line", "occurredAt": "2027-01-12T10:00:00+01:00",
                 "durationMinutes": 60, "location": "Brno", "contactId": %d, "participantContactIds": [%d],
                 "body": "%s"}""".formatted(guest, second, "We will walk through the whole packaging line. ".repeat(4)))
                .json().get("id").asLong();
        assertThat(api.postJson("/api/v1/activities/" + meeting + "/invitation", "").json().get("recipients").asInt())
                .isEqualTo(2);
        MimeMessage[] received = mail.getReceivedMessagesForDomain("invite-" + suffix + ".test");
        assertThat(received).as("one message each: no guest sees the other's address").hasSize(2);
        for (MimeMessage each : received) {
            assertThat(each.getAllRecipients()).hasSize(1);
            assertThat(each.getReplyTo()[0].toString()).isEqualTo(seller.email());
        }
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) received[0].getContent();
        String ics = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/calendar")) {
                ics = new String(parts.getBodyPart(i).getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        assertThat(ics).isNotNull();
        assertThat(ics.lines()).allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .as("folded at 75 octets: " + line).hasSizeLessThanOrEqualTo(75));
        net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new java.io.StringReader(ics));
        assertThat(calendar.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("REQUEST");
        assertThat(calendar.getComponents("VEVENT")).hasSize(1);
        net.fortuna.ical4j.model.Component event = calendar.getComponents("VEVENT").get(0);
        assertThat(event.getProperties("DTSTAMP")).hasSize(1);
        assertThat(event.getProperty("ORGANIZER").orElseThrow().getValue()).isEqualTo("mailto:" + seller.email());
        assertThat(event.getProperties("ATTENDEE")).extracting(p -> ((net.fortuna.ical4j.model.Property) p).getValue())
                .containsExactlyInAnyOrder("mailto:" + address, "mailto:" + other);
        assertThat(event.getProperty("SEQUENCE")).isPresent();
        long note = api.postJson("/api/v1/activities", "{\"type\": \"NOTE\", \"subject\": \"N\", \"contactId\": "
                + guest + "}").json().get("id").asLong();
        assertThat(api.postJson("/api/v1/activities/" + note + "/invitation", "").status()).isEqualTo(400);
    }
}
