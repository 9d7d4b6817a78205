package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * The administrator makes a loyalty program with a rate on its page, grants the points due for a paid invoice, and
 * finds the balance, what expires when and the history on the customer's card and the account's page; a manager
 * adjusts points there. The pages fit a phone.
 */
class LoyaltyJourneyTest extends JourneyTest {

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void an_administrator_starts_a_program_and_the_card_shows_the_points(Browser browser) {
        UserSummary admin = testUsers.create(Role.ADMIN);
        Http api = Http.on(port).bearer(tokens.issue(admin));
        String name = "Klub " + UUID.randomUUID().toString().substring(0, 6);
        long company = api.postJson("/api/v1/companies", """
                {"name": "Kawiarnia %s", "country": "PL", "billingAddress": {"street": "ul. Piotrkowska 1",
                 "city": "Łódź", "postalCode": "90-001", "country": "PL"}}""".formatted(name)).json().get("id")
                .asLong();
        long invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "currency": "PLN", "lines": [{"description": "Espresso machine", "quantity": 1,
                 "unitPrice": 2400, "taxRate": 23}, {"description": "Coffee beans", "quantity": 10, "unitPrice": 60,
                 "taxRate": 23}]}""".formatted(company)).json().get("id").asLong();
        api.postJson("/api/v1/payments", "{\"invoiceId\": " + invoice + ", \"amount\": 3690}");

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/admin/loyalty");
            page.locator("#program-name").fill(name);
            page.locator("#program-expire").fill("12");
            button(page, "Create the program").click();
            assertThat(page.locator(".flash.ok")).containsText("The program is made");
            page.locator("#rule-points").fill("1");
            page.locator("#rule-per").fill("10");
            page.locator("#rule-currency").fill("PLN");
            button(page, "Add the rule").click();
            assertThat(page.locator(".loyalty-rules")).containsText("1 point per 10");
            button(page, "Grant what is due now").click();
            assertThat(page.locator(".flash.ok")).containsText("points granted");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-program-1440.png"))
                    .setFullPage(true));

            page.navigate("http://localhost:" + port + "/companies/" + company);
            assertThat(page.locator(".loyalty-card .loyalty-balance strong").first()).hasText("300");
            assertThat(page.locator(".loyalty-card")).containsText("Earned");
            page.locator(".loyalty-card").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("loyalty-card-1440.png")));
        }
        UserSummary manager = testUsers.create(Role.MANAGER);
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = phone.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/companies/" + company);
            page.locator(".loyalty-adjust summary").first().click();
            page.locator(".loyalty-adjust input[name=points]").first().fill("25");
            page.locator(".loyalty-adjust input[name=reason]").first().fill("Apology for the late delivery");
            page.locator(".loyalty-adjust button").first().click();
            assertThat(page.locator(".flash.ok")).containsText("adjusted");
            assertThat(page.locator(".loyalty-card .loyalty-balance strong").first()).hasText("325");
            PhoneWidth.fits(page, 390, "the customer card with loyalty");
            page.locator(".loyalty-card").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("loyalty-card-390.png")));
            page.getByText("Whole history").first().click();
            assertThat(page.locator("h1")).hasText(name);
            assertThat(page.locator(".loyalty-ledger")).containsText("Apology for the late delivery");
            PhoneWidth.fits(page, 390, "the loyalty account");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-account-390.png"))
                    .setFullPage(true));
        }
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = phone.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/admin/loyalty");
            PhoneWidth.fits(page, 390, "the loyalty programs");
            page.getByText(name).click();
            PhoneWidth.fits(page, 390, "a loyalty program");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-program-390.png"))
                    .setFullPage(true));
        }
    }
}
