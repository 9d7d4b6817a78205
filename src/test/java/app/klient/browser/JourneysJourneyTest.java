package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A marketer opens the journeys, words the thank-you after the first purchase in Czech, switches it on and sees it
 * on; a wording with a field that does not exist is refused with its name. On a phone the page stacks.
 */
class JourneysJourneyTest extends JourneyTest {

    @Test
    void a_marketer_words_a_journey_in_czech_and_switches_it_on(Browser browser) {
        UserSummary marketer = testUsers.create(Role.MARKETING);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/marketing/journeys");
            assertThat(page.locator("h1")).hasText("Journeys");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("journeys-1440.png")));
            // the built-in journey's name (the link) reads as its kind (the column beside it) until renamed
            page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Thank you for the first purchase")).click();
            page.locator("#subject_cs").fill("Díky za první nákup, {{contact.firstName | \"zákazníku\"}}");
            page.locator("#body_cs").fill("Dobrý den, {{contact.nickname}}");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".flash.error")).containsText("contact.nickname");
            assertThat(page.locator("#subject_cs"))
                    .hasValue("Díky za první nákup, {{contact.firstName | \"zákazníku\"}}");

            page.locator("#body_cs").fill("Děkujeme, že jste si nás vybral.");
            page.locator("input[name=enabled]").check();
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".flash.ok")).containsText("The journey is saved");
            assertThat(page.locator("h1 .badge")).hasText("On");
            assertThat(page.locator("#subject_cs")).hasValue("Díky za první nákup, {{contact.firstName | \"zákazníku\"}}");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("journey-1440.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("journey-390.png"))
                    .setFullPage(true));
        }
        finally {
            jdbc.sql("update journeys set enabled = false where kind = 'FIRST_PURCHASE_THANKS'").update();
        }
    }
}
