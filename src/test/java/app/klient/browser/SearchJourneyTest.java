package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** A salesperson presses / on the start page, types a fragment and goes from the dropdown to the search page. */
class SearchJourneyTest extends JourneyTest {

    @Test
    void slash_focuses_the_box_the_dropdown_groups_by_kind_and_enter_opens_the_search_page(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        String mark = "Jz" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        var api = api(seller);
        long company = company(api, "Zakłady Mięsne " + mark, "PL", null);
        api.postJson("/api/v1/contacts", """
                {"firstName": "Jadwiga", "lastName": "Wróbel-%s", "emails": ["jadwiga@%s.pl"], "companyId": %d}"""
                .formatted(mark, mark.toLowerCase(), company));
        api.postJson("/api/v1/deals", "{\"name\": \"Chłodnie %s\", \"companyId\": %d}".formatted(mark, company));
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());
            page.navigate("http://localhost:" + port + "/");
            page.keyboard().press("/");
            assertThat(page.locator("#global-q")).isFocused();
            page.keyboard().type(mark.toLowerCase());
            assertThat(page.locator("#search-quick .search-quick-kind")).hasText(new String[] { "Companies",
                "Contacts", "Deals" });
            assertThat(page.locator("#search-quick")).containsText("Zakłady Mięsne " + mark);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search-quick.png")));
            // the arrows walk the dropdown; Esc closes it
            page.keyboard().press("ArrowDown");
            assertThat(page.locator("#search-quick a").first()).isFocused();
            page.keyboard().press("Escape");
            assertThat(page.locator("#search-quick")).isEmpty();

            page.locator("#global-q").press("Enter");
            page.waitForURL("**/search?q=*");
            assertThat(page.locator("h1")).hasText("Search");
            assertThat(page.locator("#found-contact")).containsText("Jadwiga Wróbel-" + mark);
            assertThat(page.locator("#found-deal")).containsText("Chłodnie " + mark);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            // the sidebar slides away when the window narrows
            page.waitForTimeout(600);
            PhoneWidth.fits(page, 390, "the search page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("search-390.png"))
                    .setFullPage(true));

            page.locator(".search-group a", new Page.LocatorOptions().setHasText("Zakłady Mięsne " + mark)).click();
            page.waitForURL("**/companies/" + company);
        }
    }
}
