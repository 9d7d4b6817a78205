package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.customers.ContactImport;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A salesperson's first customer: company, contact, a note, then the account goes to a colleague. */
class CustomerCardJourneyTest extends JourneyTest {

    @Autowired
    ContactImport contactImport;

    @Test
    void a_company_and_its_contact_share_one_history_and_an_owner_change_shows_in_it(Browser browser) {
        UserSummary manager = testUsers.create(Role.MANAGER);
        UserSummary colleague = testUsers.create(Role.SALES);
        String company = "Pekárna Dvořák " + UUID.randomUUID().toString().substring(0, 4);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());

            page.locator(".sidebar a[href='/companies']").click();
            page.getByText("New company").first().click();
            page.getByLabel("Name *").fill(company);
            page.locator("#country").selectOption("CZ");
            page.getByLabel("Tax ID (NIP, DIČ)").fill("CZ25596641");
            page.getByLabel("Register number (REGON, IČO)").fill("25596641");
            page.locator("#phone0").fill("602 123 456");
            page.locator("#billingAddress-city").fill("Brno");
            page.locator("button[type=submit].btn").click();
            assertThat(page.locator(".flash.ok")).hasText("The company was created.");
            assertThat(page.locator("h1")).hasText(company);

            page.getByText("Add contact").click();
            page.getByLabel("First name").fill("Jiří");
            page.getByLabel("Last name *").fill("Dvořák");
            page.locator("#email0").fill("jiri@pekarna-dvorak.cz");
            page.locator("button[type=submit].btn").click();
            assertThat(page.locator(".flash.ok")).hasText("The contact was created.");
            page.locator("#note-body").fill("Wants a quote for 200 rolls a day. @" + localPart(colleague.email()));
            page.getByText("Add note").click();
            assertThat(page.locator(".flash.ok")).hasText("The note was added.");
            assertThat(page.locator("ol.timeline")).containsText("Wants a quote for 200 rolls a day.");
            assertThat(page.locator("ol.timeline")).containsText(colleague.name());

            page.locator(".page-head a[href^='/companies/']").click();
            page.waitForLoadState(LoadState.LOAD);
            Locator timeline = page.locator("ol.timeline");
            assertThat(timeline).containsText("Wants a quote for 200 rolls a day.");
            assertThat(page.locator("aside")).containsText("Jiří Dvořák");
            assertThat(page.locator("aside")).containsText("602 123 456");

            page.locator("#ownerId").selectOption(String.valueOf(colleague.id()));
            page.getByText("Change owner").click();
            assertThat(page.locator(".flash.ok")).hasText("The owner was changed.");
            assertThat(timeline.locator("li.entry").first()).containsText("Owner");
            assertThat(timeline.locator("li.entry").first()).containsText(colleague.name());
            assertThat(timeline.locator("li.entry").first()).containsText(manager.name());
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("company-card.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void a_long_contact_list_pages_forward_and_back_by_cursor(Browser browser) {
        String city = "Pager" + UUID.randomUUID().toString().substring(0, 6);
        StringBuilder csv = new StringBuilder("firstName,lastName,city\n");
        for (int i = 0; i < 30; i++) {
            csv.append("Ewa,Strona").append(i < 10 ? "0" : "").append(i).append(',').append(city).append('\n');
        }
        contactImport.importTrusted(new java.io.BufferedReader(new java.io.StringReader(csv.toString())));
        UserSummary sales = testUsers.create(Role.SALES);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, sales.email());
            page.navigate("http://localhost:" + port + "/contacts?city=" + city);
            assertThat(page.locator(".pager")).containsText("Page 1 of 2");
            page.locator(".pager a", new Page.LocatorOptions().setHasText("Next")).click();
            assertThat(page.locator(".pager")).containsText("Page 2 of 2");
            assertThat(page.locator("table")).containsText("Strona29");
            assertThat(page.locator("table")).not().containsText("Strona24");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("contact-list-page-2.png")));
            page.locator(".pager a", new Page.LocatorOptions().setHasText("Previous")).click();
            assertThat(page.locator(".pager")).containsText("Page 1 of 2");
            assertThat(page.locator("table")).containsText("Strona00");
        }
    }

    private static String localPart(String email) {
        return email.substring(0, email.indexOf('@'));
    }
}
