package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A marketer writes a campaign in two languages, is told about a misspelt merge field, previews it as a Polish
 * contact, sends a test and schedules it — in Polish.
 */
class CampaignJourneyTest extends JourneyTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void a_marketer_writes_previews_tests_and_schedules_a_campaign(Browser browser) throws Exception {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'news@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        String unique = UUID.randomUUID().toString().substring(0, 6);
        jdbc.sql("insert into segments (name, kind) values (:n, 'STATIC')").param("n", "Czytelnicy " + unique).update();
        long contact = jdbc.sql("""
                insert into contacts (first_name, last_name, emails, preferred_language)
                values ('Zofia', 'Wiśniewska', array['zofia@journey.test'], 'pl') returning id""").query(Long.class)
                .single();
        UserSummary marketer = testUsers.create(Role.MARKETING);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/marketing/campaigns?lang=pl");
            page.locator("a[href$='/marketing/campaigns/new']").click();
            page.locator("#name").fill("Wiosna " + unique);
            page.locator("#segmentId").selectOption(new com.microsoft.playwright.options.SelectOption()
                    .setLabel("Czytelnicy " + unique));
            page.locator("#subjectEn").fill("Spring offers for {{contact.frstName}}");
            page.locator("#bodyEn").fill("<p>Hello</p>");
            page.locator("#subjectPl").fill("Wiosenne oferty dla {{contact.firstName | \"Ciebie\"}}");
            page.locator("#bodyPl").fill("<p>Dzień dobry {{contact.firstName}},</p><p><a href=\"https://sklep.example/wiosna\">Zobacz oferty</a></p>");
            page.locator("form.form-wide button[type=submit]").click();
            assertThat(page.locator(".field-error").first()).containsText("contact.frstName");
            page.locator("#subjectEn").fill("Spring offers for {{contact.firstName | \"you\"}}");
            page.locator("form.form-wide button[type=submit]").click();
            assertThat(page.locator(".flash")).containsText("Kampania została zapisana");
            page.locator("#contactId").fill(String.valueOf(contact));
            page.locator("form.inline-form button").click();
            assertThat(page.locator(".card p strong").first()).hasText("Wiosenne oferty dla Zofia");
            page.locator("#address").fill("marketer@journey.test");
            page.locator("form[action$='/test'] button").click();
            assertThat(page.locator(".flash")).containsText("Wiadomość testowa jest w drodze");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("campaign.png")).setFullPage(true));
            page.locator("form[action$='/schedule'] button[name=now]").click();
            assertThat(page.locator("h1 .badge")).hasText("zaplanowana");
            // a recipient with a long address, as a sent campaign has: its table scrolls in its frame, not the page
            jdbc.sql("""
                    insert into campaign_recipients (campaign_id, contact_id, address, language, state)
                    select id, :c, 'zofia.wisniewska-kowalska.dluga@journey-long-domain.test', 'pl', 'SENT'
                    from campaigns where name = :n""").param("c", contact).param("n", "Wiosna " + unique).update();
            page.reload();
            page.setViewportSize(390, 844);
            PhoneWidth.fits(page, 390, "the campaign page");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("campaign-phone.png")).setFullPage(true));
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (mail.getReceivedMessagesForDomain("journey.test").length == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(mail.getReceivedMessagesForDomain("journey.test")).hasSize(1);
        assertThat(mail.getReceivedMessagesForDomain("journey.test")[0].getSubject())
                .isEqualTo("[Test] Wiosenne oferty dla Zofia");
    }
}
