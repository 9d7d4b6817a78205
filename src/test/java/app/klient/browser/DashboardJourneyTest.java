package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A manager reads the dashboard at a desktop's width and a phone's: the tiles' trend labels are at least 11 px high,
 * and a period typed backwards keeps the dashboard with the error beside the last day.
 */
class DashboardJourneyTest extends JourneyTest {

    /** The smallest height of a tile trend's period label, as drawn. */
    private static final String SMALLEST_LABEL = "() => Math.min(...[...document.querySelectorAll("
            + "'.kpi-spark svg.trend .periods text')].map(t => t.getBoundingClientRect().height))";

    @Test
    void a_manager_reads_the_tiles_trends_and_a_wrong_period_on_a_desktop_and_a_phone(Browser browser) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long team = jdbc.sql("insert into teams (name) values (:n) returning id").param("n", "Tiles " + suffix)
                .query(Long.class).single();
        UserSummary manager = testUsers.create(Role.MANAGER, "Manager " + suffix, Set.of(team));
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/analytics?preset=LAST_12_MONTHS");
            assertThat(page.locator(".kpi-spark").first()).isVisible();
            org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate(SMALLEST_LABEL)).doubleValue())
                    .isGreaterThanOrEqualTo(11);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-1280.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate(SMALLEST_LABEL)).doubleValue())
                    .isGreaterThanOrEqualTo(11);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-390.png"))
                    .setFullPage(true));

            page.navigate("http://localhost:" + port + "/analytics?from=2026-03-31&to=2026-03-01");
            assertThat(page.locator("#to + .field-error")).hasText("The last day of the period is before its first.");
            assertThat(page.locator(".kpi-tiles")).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-period-390.png"))
                    .setFullPage(true));
            page.setViewportSize(1280, 900);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-period-1280.png"))
                    .setFullPage(true));
        }
    }
}
