package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * An administrator reads a customer's year in the retention cohorts, the margins by product and the settings of
 * how customer figures count, at a desktop's width and a phone's: nothing scrolls sideways.
 */
class CustomerAnalyticsJourneyTest extends JourneyTest {

    @Test
    void an_administrator_reads_cohorts_margins_and_settings_on_a_desktop_and_a_phone(Browser browser) {
        UserSummary admin = testUsers.create(Role.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long product = jdbc.sql("insert into products (sku, name, unit_price, currency, tax_rate, cost_price)"
                + " values (:sku, :name, 100, 'PLN', 23, 64) returning id").param("sku", "CJ-" + suffix)
                .param("name", "Packaging film with a rather long name " + suffix).query(Long.class).single();
        for (int month = 1; month <= 6; month++) {
            long company = jdbc.sql("insert into companies (name, owner_id) values (:n, :o) returning id")
                    .param("n", "Cohort customer " + month + " " + suffix).param("o", admin.id())
                    .query(Long.class).single();
            for (int again = 0; again <= 6 - month; again += 2) {
                long invoice = jdbc.sql("""
                        insert into invoices (number, company_id, owner_id, language, currency, issue_date, sale_date,
                            due_date, payment_method, seller_name, buyer_name, net_total, tax_total, gross_total)
                        values (:number, :company, :owner, 'en', 'PLN', :day, :day, :day, 'TRANSFER', 'Seller',
                            'Buyer', 1000, 230, 1230) returning id""").param("number", "CJ/" + UUID.randomUUID())
                        .param("company", company).param("owner", admin.id())
                        .param("day", LocalDate.of(2021, month + again, 10)).query(Long.class).single();
                jdbc.sql("""
                        insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit,
                            unit_price, discount_percent, tax_rate, net_amount)
                        values (:invoice, 1, :product, 'film', 10, 'pcs', 100, 0, 23, 1000)""")
                        .param("invoice", invoice).param("product", product).update();
            }
        }
        String filter = "from=2021-01-01&to=2021-12-31&owner=" + admin.id();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            String[][] pages = { { "cohorts", "/analytics/cohorts?" + filter, "Retention cohorts" },
                { "margins", "/analytics/margins?by=PRODUCT&" + filter, "Margins" },
                { "churn", "/analytics/kpis/churn-rate?" + filter, "Churn rate" },
                { "settings", "/analytics/settings", "How customer figures count" } };
            for (String[] p : pages) {
                page.setViewportSize(1280, 900);
                page.navigate("http://localhost:" + port + p[1]);
                assertThat(page.locator("h1")).hasText(p[2]);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("kpi-customers-" + p[0]
                        + "-1280.png")).setFullPage(true));
                page.setViewportSize(390, 844);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("kpi-customers-" + p[0]
                        + "-390.png")).setFullPage(true));
                PhoneWidth.fits(page, 390, p[0]);
            }
            page.setViewportSize(1280, 900);
            page.navigate("http://localhost:" + port + "/analytics/cohorts?" + filter);
            assertThat(page.locator("table.cohorts tbody tr")).hasCount(6);
        }
    }
}
