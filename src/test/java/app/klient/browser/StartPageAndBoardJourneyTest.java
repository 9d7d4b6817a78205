package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.Test;

/**
 * A salesperson opens Klient on a 1440 px screen: the start page shows their deals by stage as bars and the leads to
 * call; from a stage they reach the board, whose five columns are all in sight, and a long column loads its next cards.
 * On a phone, list filters wait behind a button and document lines stack.
 */
class StartPageAndBoardJourneyTest extends JourneyTest {

    /** The cards a column shows at first (Deals.COLUMN_PAGE). */
    static final int PAGE = 25;

    @Test
    void a_salesperson_goes_from_the_start_page_to_the_board_and_loads_more_cards(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = Http.on(port).bearer(tokens.issue(seller));
        int deals = PAGE + 7;
        for (int i = 0; i < deals; i++) {
            api.postJson("/api/v1/deals", """
                    {"name": "Oven %02d", "amount": 1000, "currency": "PLN", "ownerId": %d, "expectedCloseDate": "%s"}"""
                    .formatted(i, seller.id(), LocalDate.now().plusDays(i)));
        }
        api.postJson("/api/v1/leads", "{\"firstName\": \"Hanna\", \"lastName\": \"Piekarz\", \"ownerId\": "
                + seller.id() + "}");

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());
            page.navigate("http://localhost:" + port + "/");
            assertThat(page.locator("h2", new Page.LocatorOptions().setHasText("My open deals by stage"))).isVisible();
            Locator firstStage = page.locator("table.bars").first().locator("tr").first();
            assertThat(firstStage).containsText("Qualification");
            assertThat(firstStage).containsText("32,000 PLN");
            assertThat(firstStage.locator("svg.bar rect.fill")).hasAttribute("width", "100");
            assertThat(page.getByText("Hanna Piekarz")).isVisible();
            assertThat(page.locator("body")).not().containsText("administrator enables them");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("start-page-sales-1440.png"))
                    .setFullPage(true));

            firstStage.locator("a").first().click();
            page.waitForURL("**/deals/board?**");
            Locator columns = page.locator(".board-column");
            assertThat(columns).hasCount(5);
            BoundingBox fifth = columns.nth(4).boundingBox();
            assertThat(fifth.x + fifth.width).as("the fifth column ends inside the window").isLessThanOrEqualTo(1440);
            assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                    .as("the page itself does not scroll sideways").isLessThanOrEqualTo(1440);

            Locator first = columns.nth(0);
            assertThat(first.locator(".count")).hasText(deals + " deals");
            assertThat(first.locator(".deal-card")).hasCount(PAGE);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("board-1440.png")));
            first.locator("li.load-more a").click();
            assertThat(first.locator(".deal-card")).hasCount(deals);
            assertThat(first.locator("li.load-more")).hasCount(0);
            assertThat(first.locator(".deal-card").last()).containsText("Oven " + (deals - 1));
            assertThat(first.locator(".count")).hasText(deals + " deals");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("board-1440-more.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void on_a_phone_list_filters_wait_behind_a_button_and_document_lines_stack(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        Http.on(port).bearer(tokens.issue(seller)).postJson("/api/v1/companies",
                "{\"name\": \"Phone Bakery\", \"country\": \"PL\"}");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());
            page.navigate("http://localhost:" + port + "/companies");
            Locator filters = page.locator("details.filter-box");
            assertThat(filters.locator(":scope > summary")).isVisible();
            assertThat(filters.locator(":scope > form.filters")).isHidden();
            BoundingBox row = page.locator("#results tbody tr").first().boundingBox();
            assertThat(row.y).as("the first result is on the first screen").isLessThan(844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("companies-390.png")));
            filters.locator(":scope > summary").click();
            assertThat(filters.locator(":scope > form.filters")).isVisible();

            page.navigate("http://localhost:" + port + "/quotes/new");
            Locator line = page.locator("table.line-items tbody tr").first();
            assertThat(line.locator("td").nth(1)).hasAttribute("data-label", java.util.regex.Pattern.compile("\\S+"));
            assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                    .as("no sideways scrolling: every price is in sight").isLessThanOrEqualTo(390);
            BoundingBox price = line.locator("input[name$='.unitPrice']").boundingBox();
            assertThat(price.x + price.width).isLessThanOrEqualTo(390);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("quote-form-390.png"))
                    .setFullPage(true));
        }
    }
}
