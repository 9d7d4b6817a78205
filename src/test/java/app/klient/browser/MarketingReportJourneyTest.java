package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;

/**
 * A marketer imports the ad platform's costs, reads the keyword report, then opens a campaign's report, enters what
 * it cost and sees the ROI; on a desktop and on a phone.
 */
class MarketingReportJourneyTest extends JourneyTest {

    @Test
    void a_marketer_imports_ad_costs_reads_the_keywords_and_prices_a_campaign(Browser browser) {
        String s = UUID.randomUUID().toString().substring(0, 6);
        LocalDate today = LocalDate.now();
        String csv = "Day,Keyword,Campaign,Cost,Clicks\n" + today.minusDays(3) + ",crm software " + s
                + ",Search,120.00,30\n" + today.minusDays(2) + ",crm for small business " + s + ",Search,80.00,12\n"
                + today.minusDays(1) + ",crm software " + s + ",Search,95.50,28\n";
        long campaign = jdbc.sql("""
                insert into campaigns (name, purpose_id, utm_campaign, state, started_at)
                values (:name, (select id from consent_purposes where key = 'newsletter'), :utm, 'SENT', now() - interval '2 days')
                returning id""").param("name", "Winter offer " + s).param("utm", "winter-" + s).query(Long.class)
                .single();
        long link = jdbc.sql("insert into campaign_links (campaign_id, url) values (:c, 'https://shop.example/winter?utm_source=klient&utm_medium=email&utm_campaign=winter-offer-long-name') "
                + "returning id").param("c", campaign).query(Long.class).single();
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, state, opened_at, clicked_at)
                select :c, id, 'r' || id || '@example.test', 'SENT', case when id % 2 = 0 then now() end,
                       case when id % 4 = 0 then now() end
                from contacts order by id limit 40""").param("c", campaign).update();
        jdbc.sql("""
                insert into marketing_events (campaign_id, contact_id, kind, link_id)
                select campaign_id, contact_id, 'CLICK', :l from campaign_recipients
                where campaign_id = :c and clicked_at is not null""").param("c", campaign).param("l", link).update();

        UserSummary marketer = testUsers.create(Role.MARKETING);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/marketing/keywords");
            page.locator("input[type=file]").setInputFiles(new FilePayload("google-ads.csv", "text/csv",
                    csv.getBytes(StandardCharsets.UTF_8)));
            page.locator("form[action$='/marketing/keywords/import'] button[type=submit]").click();
            assertThat(page.locator(".flash.ok")).containsText("3 costs imported");
            assertThat(page.locator(".table-wrap table")).containsText("crm software " + s);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("marketing-keywords.png"))
                    .setFullPage(true));

            page.navigate("http://localhost:" + port + "/marketing/campaigns/" + campaign + "/report");
            assertThat(page.locator("h1")).containsText("Winter offer " + s);
            page.locator("#cost").fill("250");
            page.locator("form[action$='/report/cost'] button[type=submit]").click();
            assertThat(page.locator(".flash.ok")).containsText("The cost is saved");
            assertThat(page.locator(".kpis")).containsText("-100");
            assertThat(page.locator("#links")).containsText("shop.example/winter");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("marketing-campaign-report.png"))
                    .setFullPage(true));
        }
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = phone.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/marketing/campaigns/" + campaign + "/report");
            assertThat(page.locator("h1")).containsText("Winter offer " + s);
            PhoneWidth.fits(page, 390, "the campaign report");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(
                    "marketing-campaign-report-phone.png")).setFullPage(true));
            page.navigate("http://localhost:" + port + "/marketing/keywords");
            PhoneWidth.fits(page, 390, "the keyword page");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("marketing-keywords-phone.png"))
                    .setFullPage(true));
        }
    }
}
