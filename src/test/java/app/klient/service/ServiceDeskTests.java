package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ServiceDeskTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(java.util.Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(ServerSetup::dynamicPort).toArray(ServerSetup[]::new));

    @Autowired
    SupportCalendar calendar;

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'support@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
    }

    private MimeMessage last(String domain) {
        MimeMessage[] all = mail.getReceivedMessagesForDomain(domain);
        assertThat(all).isNotEmpty();
        return all[all.length - 1];
    }

    @Test
    void mail_to_support_opens_a_ticket_acknowledges_it_and_a_reply_joins_it_once() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        String box = "support-" + UUID.randomUUID().toString().substring(0, 6) + "@klient.test";
        mail.setUser(box, box, "support-secret");
        long mailbox = admin.postJson("/api/v1/mailboxes", """
                {"name": "Support", "host": "localhost", "port": %d, "username": "%s", "password": "support-secret",
                 "security": "NONE", "purpose": "SUPPORT"}""".formatted(mail.getImap().getPort(), box)).json()
                .get("id").asLong();
        String customer = "angry." + UUID.randomUUID().toString().substring(0, 6) + "@customer-" + UUID.randomUUID()
                .toString().substring(0, 4) + ".test";
        String domain = customer.substring(customer.indexOf('@') + 1);
        long before = count("tickets");
        GreenMailUtil.sendAttachmentEmail(box, customer, "The packaging machine stopped", "It shows error E42.",
                "PNG-bytes-of-the-display".getBytes(), "image/png", "display.png", "the display",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 1);
        admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "");
        // the ticket is made by an event listener after the message is stored: it may take a moment
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> count("tickets") == before + 1 && mail.getReceivedMessagesForDomain(domain).length == 1);
        long id = jdbc.sql("select id from tickets where requester_email = :e").param("e", customer).query(Long.class)
                .single();
        Http agent = apiAs(Role.SUPPORT);
        JsonNode ticket = agent.get("/api/v1/tickets/" + id).json();
        assertThat(ticket.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(ticket.get("messages").get(0).get("body").asString()).contains("E42");
        JsonNode photo = ticket.get("messages").get(0).get("files").get(0);
        assertThat(photo.get("filename").asString()).isEqualTo("display.png");
        assertThat(agent.get("/api/v1/" + photo.get("path").asString()).body()).as("the customer's file, kept once "
                + "on the e-mail").isEqualTo("PNG-bytes-of-the-display");
        String number = ticket.get("number").asString();
        MimeMessage ack = last(domain);
        assertThat(ack.getSubject()).isEqualTo("[" + number + "] The packaging machine stopped");
        assertThat(ack.getContent().toString()).contains(number);

        MimeMessage reply = GreenMailUtil.createTextEmail(box, customer, "Re: [" + number + "] The packaging machine "
                + "stopped", "Also error E43 now.", mail.getSmtp().getServerSetup());
        reply.setHeader("In-Reply-To", ack.getMessageID());
        GreenMailUtil.sendMimeMessage(reply);
        mail.waitForIncomingEmail(5000, 3);
        admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from ticket_messages where ticket_id = " + id).query(Long.class).single() == 2);
        jdbc.sql("update mailboxes set last_uid = 0 where id = " + mailbox).update();
        admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "");
        assertThat(count("tickets")).as("the reply and the repeated poll open nothing new").isEqualTo(before + 1);
        assertThat(agent.get("/api/v1/tickets/" + id).json().get("messages").findValuesAsString("body"))
                .containsExactly("It shows error E42.", "Also error E43 now.");
    }

    @Test
    void an_agent_answers_resolves_and_the_customers_one_click_survey_lands_on_the_ticket_once() throws Exception {
        String address = "cust." + UUID.randomUUID().toString().substring(0, 6) + "@survey.test";
        Http api = apiAs(Role.SALES);
        long contact = api.postJson("/api/v1/contacts", """
                {"firstName": "Ola", "lastName": "Zadowolona", "emails": ["%s"], "preferredLanguage": "en"}"""
                .formatted(address)).json()
                .get("id").asLong();
        UserSummary agentUser = testUsers.create(Role.SUPPORT);
        Http agent = api(agentUser);
        JsonNode ticket = agent.postJson("/api/v1/tickets", """
                {"subject": "Invoice is wrong", "description": "Wrong VAT", "contactId": %d, "priority": "URGENT",
                 "assigneeId": %d}""".formatted(contact, agentUser.id())).json();
        long id = ticket.get("id").asLong();
        java.time.Instant created = java.time.Instant.parse(ticket.get("createdAt").asString());
        assertThat(java.time.Instant.parse(ticket.get("firstResponseDueAt").asString()))
                .isEqualTo(calendar.hours().plus(created, 60).truncatedTo(java.time.temporal.ChronoUnit.MICROS));

        Http.Response forbidden = apiAs(Role.SALES).postJson("/api/v1/tickets/" + id + "/replies",
                "{\"body\": \"Hi\", \"version\": 0}");
        assertThat(forbidden.status()).as("sales read, do not answer").isEqualTo(403);
        assertThat(apiAs(Role.SALES).get("/api/v1/tickets/" + id).status()).isEqualTo(200);
        JsonNode replied = agent.postJson("/api/v1/tickets/" + id + "/replies",
                "{\"body\": \"We are correcting it.\", \"version\": 0}").json();
        assertThat(replied.get("firstRespondedAt")).isNotNull();
        assertThat(last("survey.test").getSubject()).isEqualTo("[" + ticket.get("number").asString()
                + "] Invoice is wrong");
        agent.postJson("/api/v1/tickets/" + id + "/replies", "{\"body\": \"Checked with accounting\", \"internal\": "
                + "true, \"version\": 1}");
        assertThat(mail.getReceivedMessagesForDomain("survey.test")).as("an internal note is not sent").hasSize(1);

        // a corrected invoice goes to the customer as a file with the reply
        Http.Part pdf = new Http.Part("FV-2026-11-0007 correction.pdf", "application/pdf",
                "%PDF-1.7 correction".getBytes());
        JsonNode withFile = agent.postMultipart("/api/v1/tickets/" + id + "/replies", Map.of("body",
                "The correction is attached.", "version", "2"), "files", pdf).json();
        JsonNode file = withFile.get("messages").get(withFile.get("messages").size() - 1).get("files").get(0);
        assertThat(file.get("filename").asString()).isEqualTo("FV-2026-11-0007 correction.pdf");
        Http.Response download = apiAs(Role.SALES).get("/api/v1/" + file.get("path").asString());
        assertThat(download.body()).isEqualTo("%PDF-1.7 correction");
        assertThat(download.header("Content-Disposition")).startsWith("attachment");
        MimeMessage sent = last("survey.test");
        assertThat(GreenMailUtil.getBody(sent)).contains("correction.pdf").contains("The correction is attached.");
        Http.Part[] six = java.util.Collections.nCopies(6, pdf).toArray(Http.Part[]::new);
        Http.Response tooMany = agent.postMultipart("/api/v1/tickets/" + id + "/replies", Map.of("body", "Six",
                "version", "3"), "files", six);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most 5 files");
        assertThat(agent.get("/api/v1/tickets/" + (id + 100000) + "/attachments/" + file.get("id").asLong()).status())
                .as("a file only through its own ticket").isEqualTo(404);

        JsonNode resolved = agent.postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"RESOLVED\", \"version\": 3}").json();
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.get("firstContactResolution").asBoolean()).as("two public replies").isFalse();
        String survey = last("survey.test").getContent().toString();
        Matcher link = Pattern.compile("/forms/survey/([A-Za-z0-9_-]+)").matcher(survey);
        assertThat(link.find()).isTrue();
        assertThat(survey).as("an absolute link this server answers (no KLIENT_BASE_URL in tests)")
                .contains("http://localhost:" + port + "/forms/survey/");
        String token = link.group(1);
        assertThat(token).as("256 random bits").hasSize(43);

        Http customer = Http.on(port);
        assertThat(customer.get("/forms/survey/" + token).body()).contains("Invoice is wrong");
        assertThat(customer.postFormRaw("/forms/survey/" + token, Map.of("csat", "9")).body())
                .contains("from 1 to 5");
        assertThat(customer.postFormRaw("/forms/survey/" + token, Map.of("csat", "5", "ces", "6", "comment",
                "Quick <b>and</b> kind")).body()).contains("Thank you");
        assertThat(customer.postFormRaw("/forms/survey/" + token, Map.of("csat", "1")).body())
                .as("a token works once").contains("You have answered already");
        assertThat(customer.get("/forms/survey/" + "x".repeat(43)).body()).contains("This link does not work");
        JsonNode answered = agent.get("/api/v1/tickets/" + id).json();
        assertThat(answered.get("csat").asInt()).isEqualTo(5);
        assertThat(answered.get("ces").asInt()).isEqualTo(6);

        assertThat(jdbc.sql("select token_hash from survey_invitations where cause_kind = 'TICKET' and cause_id = "
                + id).query(String.class).single()).as("only the token's hash is kept")
                .isEqualTo(app.klient.surveys.internal.Invitations.hash(token));
        assertThat(signedIn(agentUser).get("/tickets/" + id).body()).contains("5 / 5").contains("Quick &lt;b&gt;and");
    }

    @Test
    void waiting_for_the_customer_stops_the_clock_and_only_agents_change_tickets() {
        UserSummary agentUser = testUsers.create(Role.SUPPORT);
        Http agent = api(agentUser);
        JsonNode ticket = agent.postJson("/api/v1/tickets", "{\"subject\": \"Slow app\", \"priority\": \"LOW\"}")
                .json();
        long id = ticket.get("id").asLong();
        java.time.Instant due = java.time.Instant.parse(ticket.get("resolutionDueAt").asString());
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"WAITING\", \"version\": 0}");
        jdbc.sql("update tickets set paused_at = paused_at - interval '3 days' where id = " + id).update();
        JsonNode resumed = agent.postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"OPEN\", \"version\": 1}").json();
        assertThat(java.time.Instant.parse(resumed.get("resolutionDueAt").asString())).as("the time left starts now")
                .isAfterOrEqualTo(due.minusSeconds(1));
        for (String bad : new String[] { "{\"subject\": \"\"}", "{\"subject\": \"A\", \"priority\": \"NOW\"}",
                "{\"subject\": \"A\", \"contactId\": 987654321}", "{\"subject\": \"" + "x".repeat(301) + "\"}" }) {
            assertThat(agent.postJson("/api/v1/tickets", bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(apiAs(Role.SALES).postJson("/api/v1/tickets", "{\"subject\": \"Mine\"}").status()).isEqualTo(403);
        assertThat(apiAs(Role.MARKETING).postJson("/api/v1/tickets/" + id + "/status",
                "{\"status\": \"CLOSED\", \"version\": 2}").status()).isEqualTo(403);
        assertThat(agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"CLOSED\", \"version\": 9}")
                .status()).isEqualTo(409);
        Http page = signedIn(agentUser);
        // the open queue holds every other test's tickets before this low-priority one; its own page is the check
        assertThat(page.get("/tickets/" + id).body()).contains("Slow app");
    }
}
