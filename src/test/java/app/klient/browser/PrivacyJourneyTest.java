package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.privacy.PersonFixture;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;

/**
 * An administrator answers a person's request: from the contact's card to what Klient holds about her, erases her
 * on her ground, reads what was changed and kept, and looks at a retention rule's preview; on a desktop and a phone.
 */
class PrivacyJourneyTest extends JourneyTest {

    @Test
    void an_administrator_erases_a_person_from_the_card_and_previews_a_retention_rule(Browser browser) {
        UserSummary admin = testUsers.create(Role.ADMIN);
        PersonFixture person = new PersonFixture().create(apiAs(Role.MANAGER), jdbc);
        String base = "http://localhost:" + port;
        for (int width : new int[] { 1280, 390 }) {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(width, 900))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, admin.email());
                page.navigate(base + "/admin/privacy/retention?preview=1");
                assertThat(page.locator("#preview")).isVisible();
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("privacy-retention-" + width
                        + ".png")).setFullPage(true));
                if (width == 390) {
                    page.navigate(base + "/admin/privacy/person?contactId=" + person.contactId);
                    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("privacy-person-390.png"))
                            .setFullPage(true));
                    continue;
                }
                page.navigate(base + "/contacts/" + person.contactId);
                page.getByText("Personal data (GDPR)").click();
                assertThat(page.locator("h1")).hasText("Personal data");
                assertThat(page.locator(".privacy-person")).containsText(person.email);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("privacy-person-1280.png"))
                        .setFullPage(true));
                page.locator("#reason").selectOption(new SelectOption().setValue("CONSENT_WITHDRAWN"));
                page.locator(".privacy-erase input[name=confirmed]").check();
                page.locator(".privacy-erase button[type=submit]").click();
                assertThat(page.locator(".flash")).containsText("The person was erased.");
                assertThat(page.locator("main")).not().containsText(person.last);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("privacy-request-1280.png"))
                        .setFullPage(true));
                page.navigate(base + "/admin/privacy");
                assertThat(page.locator("table")).containsText("Contact " + person.contactId);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("privacy-register-1280.png"))
                        .setFullPage(true));
            }
        }
    }
}
