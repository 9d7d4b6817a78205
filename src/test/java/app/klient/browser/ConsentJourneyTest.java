package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** A marketer records a consent taken on the phone on a contact's card and keeps the suppression list. */
class ConsentJourneyTest extends JourneyTest {

    @Test
    void a_consent_taken_on_the_phone_shows_on_the_card_and_an_address_is_suppressed(Browser browser) {
        UserSummary marketer = testUsers.create(Role.MARKETING);
        String s = UUID.randomUUID().toString().substring(0, 6);
        long contact = jdbc.sql("""
                insert into contacts (first_name, last_name, emails, search_text) values ('Věra', 'Souhlasná', :e, '')
                returning id""").param("e", new String[] { "vera." + s + "@example.test" }).query(Long.class).single();
        for (int width : new int[] { 1366, 390 }) {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(width, 900))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, marketer.email());
                page.navigate("http://localhost:" + port + "/contacts/" + contact);
                if (width > 1000) {
                    page.locator("#consents summary").first().click();
                    page.locator("#consents select[name=channel]").selectOption("PHONE");
                    page.locator("#consents input[name=detail]").fill("Agreed on the phone " + s);
                    page.locator("#consents button[type=submit]").click();
                    assertThat(page.locator(".flash.ok")).hasText("The consent is recorded.");
                }
                assertThat(page.locator("#consents")).containsText("Agreed on the phone " + s);
                assertThat(page.locator("#consents")).containsText("recorded by hand");
                page.locator("#consents").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                        .setPath(SCREENSHOTS.resolve("consent-card-" + width + ".png")));
                if (width < 1000) {
                    PhoneWidth.fits(page, 390, "the contact card");
                }

                page.navigate("http://localhost:" + port + "/marketing/consent");
                if (width > 1000) {
                    page.locator("#suppressions input[name=address][type=email]").fill("gone." + s + "@example.test");
                    page.locator("#suppressions input[name=detail]").fill("Asked never to be written to");
                    page.locator("#suppressions form[method=post] button.btn").last().click();
                    assertThat(page.locator(".flash.ok")).hasText("The address is on the suppression list.");
                }
                assertThat(page.locator("#suppressions")).containsText("gone." + s + "@example.test");
                if (width < 1000) {
                    PhoneWidth.fits(page, 390, "the consent page");
                }
                page.screenshot(new Page.ScreenshotOptions().setFullPage(width < 1000)
                        .setPath(SCREENSHOTS.resolve("consent-page-" + width + ".png")));
            }
        }
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            for (String language : new String[] { "pl", "cs" }) {
                page.navigate("http://localhost:" + port + "/contacts/" + contact + "?lang=" + language);
                Number overflow = (Number) page.evaluate("""
                        () => { const box = document.querySelector('#consents');
                                let worst = 0;
                                for (const e of box.querySelectorAll('table, th, td')) {
                                    worst = Math.max(worst, e.getBoundingClientRect().right
                                            - box.getBoundingClientRect().right);
                                    worst = Math.max(worst, e.scrollWidth - e.clientWidth);
                                }
                                for (const w of box.querySelectorAll('.table-wrap')) {
                                    worst = Math.max(worst, w.scrollWidth - w.clientWidth);
                                }
                                return worst; }""");
                page.locator("#consents").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                        .setPath(SCREENSHOTS.resolve("consent-card-1280-" + language + ".png")));
                assertThat(overflow.intValue()).as("the consents table is whole in " + language)
                        .isLessThanOrEqualTo(0);
            }
        }
    }
}
