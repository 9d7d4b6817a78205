package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import app.klient.analytics.KeptFigures;
import app.klient.analytics.Kpis;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A salesperson opens their dashboard twice: the second time its tiles are the kept figures, each saying when it was
 * computed with a "Refresh now" that computes it again; at a desktop's width and a phone's, in Polish too.
 */
class KeptFiguresJourneyTest extends JourneyTest {

    @Autowired
    Kpis kpis;

    @Test
    void the_dashboard_says_how_old_its_kept_figures_are_and_refreshes_one(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        KeptFigures.whileRunning(kpis, () -> {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(1280, 900))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, seller.email());
                page.navigate("http://localhost:" + port + "/analytics");
                assertThat(page.locator(".kpi-asof")).hasCount(0);
                page.navigate("http://localhost:" + port + "/analytics");
                assertThat(page.locator(".kpi-asof").first()).containsText("as of");
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("kept-figures-1280.png"))
                        .setFullPage(true));
                page.setViewportSize(390, 844);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("kept-figures-390.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 390, "a dashboard of kept figures");

                int kept = page.locator(".kpi-asof").count();
                page.locator(".kpi-asof button").first().click();
                assertThat(page.locator(".flash.ok")).containsText("computed again");
                // computed again: the same tiles, the refreshed one as of now
                assertThat(page.locator(".kpi-asof")).hasCount(kept);
            }
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844))) {
                Page page = context.newPage();
                Chromium.signIn(page, port, polish.email());
                page.navigate("http://localhost:" + port + "/analytics");
                page.navigate("http://localhost:" + port + "/analytics/kpis/revenue");
                page.navigate("http://localhost:" + port + "/analytics/kpis/revenue");
                assertThat(page.locator(".kpi-asof").first()).containsText("stan na");
                assertThat(page.locator(".kpi-asof button").first()).hasText("Odśwież teraz");
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("kept-figure-pl-390.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 390, "a kept KPI's page");
            }
        });
    }
}
