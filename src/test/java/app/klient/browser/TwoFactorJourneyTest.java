package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Instant;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.internal.Totp;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** A salesperson turns two-factor sign-in on with an authenticator app and signs in with its code the next day. */
class TwoFactorJourneyTest extends JourneyTest {

    @Test
    void a_user_turns_on_two_factor_sign_in_and_signs_in_with_a_code(Browser browser) {
        UserSummary user = testUsers.create(Role.SALES);
        String secret;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, user.email());
            assertThat(page.locator("h1")).containsText("Hello");
            page.navigate("http://localhost:" + port + "/account");
            assertThat(page.locator(".account-two-factor")).containsText("Off");
            page.locator(".account-two-factor a").click();
            assertThat(page.locator("h1")).hasText("Two-factor sign-in");
            assertThat(page.locator("img.qr")).isVisible();
            // what a person types into the app when the camera will not do: the key as shown, in groups
            secret = page.locator("#totp-secret").innerText().replace(" ", "");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("two-factor-setup.png"))
                    .setFullPage(true));
            page.locator("#setup-code").fill("000000");
            page.getByText("Turn on", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator(".flash.error")).containsText("That code is not right");
            page.locator("#setup-code").fill(Totp.code(secret, Instant.now()));
            page.getByText("Turn on", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator(".flash.ok")).hasText("Two-factor sign-in is on.");
            assertThat(page.locator("#recovery-codes li")).hasCount(10);
            assertThat(page.locator("#codes-left")).hasText("Recovery codes left: 10");
            page.setViewportSize(390, 844);
            page.waitForTimeout(400);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("two-factor-codes-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "the recovery codes");
        }
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, user.email());
            assertThat(page.locator("h1")).hasText("Sign-in code");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("two-factor-code-390.png")));
            PhoneWidth.fits(page, 390, "the sign-in code page");
            // halfway is nowhere: the start page sends the browser back to sign in
            page.navigate("http://localhost:" + port + "/account");
            assertThat(page.locator("h1")).containsText("Sign in");
            Chromium.signIn(page, port, user.email());
            assertThat(page.locator("h1")).hasText("Sign-in code");
            // the code of the step the setup used is spent: the app's next code
            page.locator("#code").fill(Totp.code(secret, Instant.now().plusSeconds(30)));
            page.locator("button[type=submit]").click();
            assertThat(page.locator("h1")).hasText("My account");
            assertThat(page.locator(".account-two-factor")).containsText("On");
        }
    }

    @Test
    void the_administrator_requires_it_for_a_role_whose_user_then_sets_it_up_on_a_phone(Browser browser) {
        UserSummary reader = testUsers.create(Role.READ_ONLY);
        try {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, testUsers.create(Role.ADMIN).email());
                page.navigate("http://localhost:" + port + "/admin/two-factor");
                assertThat(page.locator("h1")).hasText("Two-factor sign-in");
                page.locator("input[name=roles][value=READ_ONLY]").check();
                page.locator("form button[type=submit]").last().click();
                assertThat(page.locator(".flash.ok")).hasText("The two-factor requirement is saved.");
                assertThat(page.locator("input[name=roles][value=READ_ONLY]")).isChecked();
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("two-factor-policy-390.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 390, "the two-factor requirement");
                page.navigate("http://localhost:" + port + "/admin/users/" + reader.id());
                assertThat(page.locator(".two-factor-admin")).containsText("Must set it up at the next sign-in.");
                PhoneWidth.fits(page, 390, "a user's page with the second factor");
            }
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, reader.email());
                assertThat(page.locator("h1")).hasText("Set up two-factor sign-in");
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("two-factor-required-390.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 390, "setting two-factor up at sign-in");
                String secret = page.locator("#totp-secret").innerText().replace(" ", "");
                page.locator("#setup-code").fill(Totp.code(secret, Instant.now()));
                page.locator("form button[type=submit]").click();
                assertThat(page.locator("#recovery-codes li")).hasCount(10);
                assertThat(page.locator(".card").last()).not().containsText("Turn off two-factor sign-in");
            }
        }
        finally {
            jdbc.sql("delete from two_factor_required_roles").update();
        }
    }
}
