package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A manager reads a report that counts deals and sums their amounts (two y-axes, since a count and an amount are not
 * of one kind), has it mailed every Monday, pins it to the dashboard and finds it there, at a desktop's width and a
 * phone's.
 */
class ReportScheduleJourneyTest extends JourneyTest {

    @Test
    void a_manager_schedules_a_report_and_pins_it_to_the_dashboard(Browser browser) {
        UserSummary manager = testUsers.create(Role.MANAGER);
        String name = "Deals by stage " + UUID.randomUUID().toString().substring(0, 6);
        long report = jdbc.sql("""
                insert into analytics_reports (name, owner_id, definition)
                values (:name, :owner, cast(:definition as jsonb)) returning id""").param("name", name)
                .param("owner", manager.id()).param("definition", """
                        {"subject": "deals", "groupBy": [{"field": "stage"}],
                         "measures": [{"fn": "COUNT"}, {"fn": "SUM", "field": "amount"}], "chart": "BAR"}""")
                .query(Long.class).single();
        // a deal to count and sum: the chart is drawn only for a report with rows
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status)
                select 'Boiler room', p.id, (select s.id from stages s where s.pipeline_id = p.id order by s.position
                       limit 1), :owner, 12500, 'PLN', 'OPEN'
                from pipelines p where p.is_default""").param("owner", manager.id()).update();
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate(base + "/analytics/reports/" + report);
            page.waitForFunction("() => window.echarts && document.getElementById('report-chart')"
                    + " && echarts.getInstanceByDom(document.getElementById('report-chart'))");
            Object axes = page.evaluate("() => echarts.getInstanceByDom(document.getElementById('report-chart'))"
                    + ".getOption().yAxis.length");
            org.assertj.core.api.Assertions.assertThat(((Number) axes).intValue())
                    .as("the count and the sum each on an axis of its own").isEqualTo(2);
            page.navigate(base + "/analytics/reports/new?subject=deals&group=stage&grain=MONTH&fn=COUNT&measureField="
                    + "&fn=COUNT_DISTINCT&measureField=owner&chart=BAR");
            page.waitForFunction("() => window.echarts && document.getElementById('report-chart')"
                    + " && echarts.getInstanceByDom(document.getElementById('report-chart'))");
            org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate("() => echarts.getInstanceByDom("
                    + "document.getElementById('report-chart')).getOption().yAxis.length")).intValue())
                    .as("two counts share one axis").isEqualTo(1);
            page.navigate(base + "/analytics/reports/new?subject=deals&group=stage&fn=COUNT&measureField=&chart=FUNNEL");
            page.waitForFunction("() => window.echarts && document.getElementById('report-chart')"
                    + " && echarts.getInstanceByDom(document.getElementById('report-chart'))");
            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => echarts.getInstanceByDom("
                    + "document.getElementById('report-chart')).getOption().series[0].sort"))
                    .as("a funnel drawn in the stages' order").isEqualTo("none");
            page.navigate(base + "/analytics/reports/" + report);

            page.selectOption("#schedule-frequency", "WEEKLY");
            page.selectOption("#schedule-weekday", "1");
            page.selectOption("#schedule-hour", "7");
            page.click(".report-schedule-form button[type=submit]");
            assertThat(page.locator(".report-schedule-state .badge.ok")).containsText("Next:");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("schedule-report-1280.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("schedule-report-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "report with its schedule");

            page.setViewportSize(1280, 900);
            page.click("form[action$='/pin'] button");
            page.navigate(base + "/analytics");
            assertThat(page.locator(".report-tile h2")).containsText(name);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("schedule-dashboard-1280.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("schedule-dashboard-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "dashboard with a pinned report");
        }
    }
}
