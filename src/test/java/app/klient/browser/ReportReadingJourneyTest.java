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
 * A Polish manager reads a report by month in Polish (the chart's months, axis figures and tooltips too), picks a
 * status from a translated list, and reads a pinned report with long names and large amounts on the dashboard at a
 * desktop's width and a phone's.
 */
class ReportReadingJourneyTest extends JourneyTest {

    @Test
    void a_polish_manager_reads_a_report_and_its_tile_in_polish(Browser browser) {
        UserSummary manager = testUsers.create(Role.MANAGER, "pl");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        for (String[] deal : new String[][] {
                { "Modernizacja kotłowni i sieci ciepłowniczej w hali produkcyjnej numer trzy", "1234567.8" },
                { "Serwis", "950" }, { "Dostawa sprężarek i osuszaczy dla zakładu w Gliwicach", "48200" },
                { "Przegląd", "227800" } }) {
            jdbc.sql("""
                    insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status, created_at,
                                       closed_at)
                    select :name, p.id, (select s.id from stages s where s.pipeline_id = p.id order by s.position
                           limit 1), :owner, cast(:amount as numeric), 'PLN', 'WON', timestamptz '2024-01-10 12:00+01',
                           timestamptz '2024-01-20 12:00+01'
                    from pipelines p where p.is_default""").param("name", deal[0] + " " + suffix)
                    .param("owner", manager.id()).param("amount", deal[1]).update();
        }
        String name = "Największe szanse " + suffix;
        long report = jdbc.sql("""
                insert into analytics_reports (name, owner_id, definition)
                values (:name, :owner, cast(:definition as jsonb)) returning id""").param("name", name)
                .param("owner", manager.id()).param("definition", """
                        {"subject": "deals", "filters": [{"field": "name", "op": "CONTAINS", "value": "%s"}],
                         "groupBy": [{"field": "name"}], "measures": [{"fn": "SUM", "field": "amount"}],
                         "chart": "BAR"}""".formatted(suffix))
                .query(Long.class).single();
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate(base + "/analytics/reports/new?subject=deals&filterField=name&filterOp=CONTAINS&filterValue="
                    + suffix + "&group=closedAt&grain=MONTH&fn=SUM&measureField=amount&chart=BAR");
            page.waitForFunction("() => window.echarts && document.getElementById('report-chart')"
                    + " && echarts.getInstanceByDom(document.getElementById('report-chart'))");
            String chart = "echarts.getInstanceByDom(document.getElementById('report-chart')).getOption()";
            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => " + chart + ".xAxis[0].data[0]"))
                    .as("the month as a Pole names it").isEqualTo("sty 2024");
            org.assertj.core.api.Assertions.assertThat(String.valueOf(page.evaluate("() => " + chart
                    + ".yAxis[0].axisLabel.formatter(1283717.8)")).replace('\u00a0', ' '))
                    .as("an axis figure shortened in Polish").isEqualTo("1,3 mln");
            org.assertj.core.api.Assertions.assertThat(String.valueOf(page.evaluate("() => " + chart
                    + ".series[0].tooltip.valueFormatter(1283717.8)")).replace('\u00a0', ' '))
                    .as("an amount whole in the tooltip, with its two decimals").isEqualTo("1 283 717,80");
            org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate("() => " + chart
                    + ".xAxis[0].axisLabel.fontSize")).intValue()).isGreaterThanOrEqualTo(11);
            assertThat(page.locator("table.report-table tbody td").first()).hasText("sty 2024");

            // a status is picked from its values, named in Polish; the code goes into the definition
            page.locator("select[name=filterField]").nth(1).selectOption("status");
            assertThat(page.locator("select[name=filterValue]").first().locator("option[value=WON]"))
                    .hasText("Wygrana");
            page.locator("select[name=filterValue]").first().selectOption("WON");
            page.click(".report-form button[type=submit]");
            assertThat(page.locator(".report-filter-summary")).containsText("Status jest Wygrana");
            page.waitForTimeout(1500);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("report-pl-1280.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("report-pl-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "a report in Polish");

            page.setViewportSize(1280, 900);
            page.navigate(base + "/analytics/reports/" + report);
            page.click("form[action$='/pin'] button");
            page.navigate(base + "/analytics");
            var tile = page.locator(".report-tile").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText(name));
            assertThat(tile.locator("tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("Modernizacja")).locator("abbr")).hasText("1,2\u00a0mln");
            tile.scrollIntoViewIfNeeded();
            double fontSize = ((Number) tile.locator(".report-tile-bars th").first().evaluate(
                    "e => parseFloat(getComputedStyle(e).fontSize)")).doubleValue();
            org.assertj.core.api.Assertions.assertThat(fontSize).as("the names readable").isGreaterThanOrEqualTo(11);
            boolean cut = (Boolean) tile.locator(".report-tile-bars th").first().evaluate(
                    "e => e.scrollHeight > e.clientHeight + 1");
            org.assertj.core.api.Assertions.assertThat(cut).as("a long name is cut after two lines").isTrue();
            wholeFigures(tile);
            tile.screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("report-tile-pl-1280.png")));
            page.setViewportSize(390, 844);
            tile.scrollIntoViewIfNeeded();
            tile.screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("report-tile-pl-390.png")));
            wholeFigures(tile);
            PhoneWidth.fits(page, 390, "a dashboard with a pinned report in Polish");
        }
    }

    /** Every figure of a tile's bars shows whole ("227,8 tys.", never "227,8 …"), and its name is given room. */
    private static void wholeFigures(com.microsoft.playwright.Locator tile) {
        assertThat(tile.locator("tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText("Przegląd")).locator("abbr")).hasText("227,8\u00a0tys.");
        Object clipped = tile.locator(".report-tile-bars").evaluate("""
                t => [...t.querySelectorAll('td.num')].filter(c => {
                    const a = c.querySelector('abbr').getBoundingClientRect(), r = c.getBoundingClientRect(),
                          tile = t.getBoundingClientRect();
                    return c.scrollWidth > c.clientWidth || a.right > r.right + 1 || a.right > tile.right + 1;
                }).map(c => c.textContent)""");
        org.assertj.core.api.Assertions.assertThat((java.util.List<?>) clipped).as("figures cut off").isEmpty();
        double share = ((Number) tile.locator(".report-tile-bars").evaluate("""
                t => t.querySelector('th').getBoundingClientRect().width / t.getBoundingClientRect().width"""))
                .doubleValue();
        org.assertj.core.api.Assertions.assertThat(share).as("the name's share of the tile's width")
                .isGreaterThan(0.6);
    }
}
