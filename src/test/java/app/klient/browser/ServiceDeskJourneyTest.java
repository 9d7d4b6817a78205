package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent takes a ticket from the queue, answers and resolves it; the customer's survey answer shows on it. */
class ServiceDeskJourneyTest extends JourneyTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void an_agent_answers_and_resolves_a_ticket_and_sees_the_customers_rating(Browser browser) throws Exception {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'support@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        UserSummary agent = testUsers.create(Role.SUPPORT);
        Http api = Http.on(port).bearer(tokens.issue(agent));
        String customer = "jana." + UUID.randomUUID().toString().substring(0, 6) + "@journey.test";
        long contact = api.postJson("/api/v1/contacts", """
                {"firstName": "Jana", "lastName": "Králová", "emails": ["%s"], "preferredLanguage": "en"}"""
                .formatted(customer)).json()
                .get("id").asLong();
        api.postJson("/api/v1/tickets", """
                {"subject": "Label printer jams", "description": "Every tenth label.", "contactId": %d,
                 "priority": "HIGH", "assigneeId": %d}""".formatted(contact, agent.id()));

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, agent.email());
            page.navigate("http://localhost:" + port + "/tickets");
            page.getByText("Label printer jams").locator("xpath=..").locator("a").first().click();
            assertThat(page.locator("h1")).containsText("Label printer jams");
            page.locator("textarea[name=body]").fill("Please clean the roller; a new one is on its way.");
            page.locator("input[type=file]").setInputFiles(new com.microsoft.playwright.options.FilePayload(
                    "cleaning-guide.txt", "text/plain", "1. Open the cover.".getBytes()));
            page.getByText("Send", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator(".flash")).containsText("The reply was sent to the customer");
            assertThat(page.locator("ul.files")).containsText("cleaning-guide.txt");
            page.locator("form:has(input[value=RESOLVED]) button").click();
            assertThat(page.locator(".badge").first()).hasText("Resolved");

            MimeMessage[] received = mail.getReceivedMessagesForDomain("journey.test");
            assertThat(received).hasSize(2);
            assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(received[0])).contains("cleaning-guide.txt")
                    .contains("Open the cover");
            Matcher link = Pattern.compile("(/forms/survey/[A-Za-z0-9_-]{43})").matcher(received[1].getContent()
                    .toString());
            assertThat(link.find()).isTrue();
            Page survey = context.newPage();
            survey.navigate("http://localhost:" + port + link.group(1));
            survey.locator("input[name=csat][value='5']").check();
            survey.locator("input[name=ces][value='6']").check();
            survey.locator("textarea[name=comment]").fill("Fast and friendly.");
            survey.locator("button[type=submit]").click();
            assertThat(survey.locator("h1")).hasText("Thank you!");

            page.reload();
            assertThat(page.locator(".facts")).containsText("5 / 5");
            assertThat(page.locator(".facts")).containsText("Fast and friendly.");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("service-desk.png")).setFullPage(true));
        }
        // the administrator's side: working time, targets, categories, ready answers, alert rules
        UserSummary admin = testUsers.create(Role.ADMIN);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/admin/service");
            page.locator("input[name=first_STANDARD_URGENT]").fill("0,5");
            page.locator("form[action$='/targets'] button[type=submit]").click();
            assertThat(page.locator(".flash")).containsText("The service targets were saved");
            assertThat(page.locator("input[name=first_STANDARD_URGENT]")).hasValue("0.5");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("service-settings.png")).setFullPage(true));
        }
        finally {
            // other tests count on the installed targets
            jdbc.sql("update sla_policies set first_response_minutes = 60 where priority = 'URGENT' and tier = "
                    + "'STANDARD'").update();
        }
    }
}
