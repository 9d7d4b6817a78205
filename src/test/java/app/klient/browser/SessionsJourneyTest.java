package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A person signed in on a Windows computer and a phone sees both on their account page, in plain words, and ends
 * the computer's session from the phone with their password; the computer is back at the sign-in page.
 */
class SessionsJourneyTest extends JourneyTest {

    @Test
    void a_person_ends_the_session_of_another_browser_from_their_phone(Browser browser) {
        UserSummary user = testUsers.create(Role.SALES);
        // no service worker: Playwright does not give a worker's own requests the context's user agent, so the
        // session list would show a headless Linux browser for them (a real browser's worker sends its own)
        try (BrowserContext computer = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK)
                .setUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/131.0.0.0 Safari/537.36"));
                BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                        .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK)
                        .setUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/131.0.0.0 Mobile Safari/537.36"))) {
            Page desk = computer.newPage();
            Chromium.signIn(desk, port, user.email());
            desk.navigate("http://localhost:" + port + "/account");
            Page mobile = phone.newPage();
            Chromium.signIn(mobile, port, user.email());
            mobile.onDialog(dialog -> dialog.accept());

            mobile.navigate("http://localhost:" + port + "/account?lang=pl");
            assertThat(mobile.locator("#sessions tr.current-session")).containsText("Chrome w systemie Android");
            assertThat(mobile.locator("#sessions tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("Chrome w systemie Windows"))).hasCount(1);
            PhoneWidth.fits(mobile, 390, "the account page with its sessions");
            mobile.locator("#session-password").fill(app.klient.support.TestUsers.PASSWORD);
            mobile.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("sessions-phone.png"))
                    .setFullPage(true));
            mobile.locator("#sessions tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("Windows")).locator("button[name=session]").click();

            assertThat(mobile.locator(".flash.ok")).containsText("Sesja została zakończona");
            assertThat(mobile.locator("#sessions tbody tr")).hasCount(1);
            desk.reload();
            assertThat(desk).hasURL(java.util.regex.Pattern.compile(".*/login.*"));
        }
    }
}
