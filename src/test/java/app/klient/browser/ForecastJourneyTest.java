package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A manager sets a salesperson's quota on the quota grid, then reads the forecasts page: the pipeline's table and
 * chart and the revenue forecast's chart, at a desktop's width and a phone's, where nothing scrolls sideways.
 */
class ForecastJourneyTest extends JourneyTest {

    @Test
    void a_manager_sets_a_quota_and_reads_the_forecasts_on_a_desktop_and_a_phone(Browser browser) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long team = jdbc.sql("insert into teams (name) values (:n) returning id").param("n", "Journey " + suffix)
                .query(Long.class).single();
        UserSummary manager = testUsers.create(Role.MANAGER, "Manager " + suffix, Set.of(team));
        UserSummary seller = testUsers.create(Role.SALES, "Seller " + suffix, Set.of(team));
        YearMonth month = YearMonth.now(ZoneId.of("Europe/Warsaw"));
        long stage = jdbc.sql("select id from stages where probability between 1 and 99 order by id limit 1")
                .query(Long.class).single();
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, expected_close_date)
                select :name, s.pipeline_id, s.id, :owner, 10000, 'PLN', :expected from stages s where s.id = :stage""")
                .param("name", "Journey deal " + suffix).param("owner", seller.id())
                .param("expected", month.plusMonths(1).atDay(10)).param("stage", stage).update();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/analytics/quotas?year=" + month.getYear());
            page.locator("input[name='q-u-" + seller.id() + "-" + month + "']").fill("25000");
            page.getByText("Save quotas").click();
            assertThat(page.locator(".flash.ok")).isVisible();
            org.assertj.core.api.Assertions.assertThat(jdbc.sql("select amount from sales_quotas where user_id = :u")
                    .param("u", seller.id()).query(BigDecimal.class).single()).isEqualByComparingTo("25000");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("forecast-quotas-1280.png"))
                    .setFullPage(true));

            page.navigate("http://localhost:" + port + "/analytics/forecasts?months=3");
            assertThat(page.locator("h1")).hasText("Forecasts");
            assertThat(page.locator(".forecast-table").first()).containsText("Seller " + suffix);
            assertThat(page.locator(".forecast-table").first()).containsText("of 25,000");
            assertThat(page.locator("#pipeline-chart canvas")).hasCount(1);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("forecast-1280.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("forecast-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "forecasts");
            page.navigate("http://localhost:" + port + "/analytics/quotas?year=" + month.getYear());
            PhoneWidth.fits(page, 390, "quotas");
        }
    }
}
