package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

/**
 * A salesperson takes a customer from a quote to an order, an invoice and a correction (a return and a lower price),
 * then records the payment, reading the invoice page after each step.
 */
class BillingJourneyTest extends JourneyTest {

    @Test
    void quote_order_invoice_correction_and_payment_end_to_end(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        long product = apiAs(Role.MANAGER).postJson("/api/v1/products", """
                {"sku": "%s", "name": "Consulting hour %s", "unit": "h", "category": "Services", "unitPrice": 150,
                 "currency": "PLN", "taxRate": 8}""".formatted("J-" + UUID.randomUUID(), UUID.randomUUID()))
                .json().get("id").asLong();
        Http api = api(seller);
        // a long name without a break in it: the buyer's card wraps it at phone width instead of widening the page
        long company = company(api, "Journey " + UUID.randomUUID() + " Przedsiebiorstwohandlowousługowoprodukcyjne"
                + "Eksportowoimportowe", "PL", null);
        String base = "http://localhost:" + port;
        String number;

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());

            // the quote: a catalog product and, on a row added with "Add line", a free-text item
            page.navigate(base + "/quotes/new?companyId=" + company);
            page.locator("select[name='lines[0].productId']").selectOption(String.valueOf(product));
            page.locator("input[name='lines[0].quantity']").fill("2");
            assertThat(page.locator("[data-line-row]")).hasCount(3);
            page.locator("[data-add-line]").click();
            assertThat(page.locator("[data-line-row]")).hasCount(4);
            page.locator("input[name='lines[3].description']").fill("Assembly");
            page.locator("input[name='lines[3].unitPrice']").fill("100");
            page.locator("select[name='lines[3].taxRate']").selectOption("23");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make quote")).click();
            assertThat(page.locator("h1")).containsText("/");
            assertThat(page.locator("body")).containsText("447.00");

            // accepted: the order, then its invoice
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accepted")).click();
            assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/orders/\\d+$"));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Issue invoice")).click();
            assertThat(page.locator("input[name='lines[1].description']")).hasValue("Assembly");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue invoice")).click();
            assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/invoices/\\d+$"));
            String invoiceUrl = page.url();
            number = page.locator("h1").textContent().replaceAll(".*(FV/\\S+).*", "$1").strip();
            org.assertj.core.api.Assertions.assertThat(number).startsWith("FV/");
            assertThat(page.locator(".line-items").first()).containsText("8 %");
            assertThat(page.locator(".line-items").first()).containsText("23 %");
            assertThat(page.locator("body")).containsText("447.00");
            assertThat(page.locator(".badge").first()).hasText("Unpaid");

            // the correction: one hour returned, the assembly 10 cheaper
            page.locator("input[name='back0']").fill("1");
            page.locator("input[name='price1']").fill("90");
            page.locator("input[name='reason']").fill("One hour returned, assembly discounted");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue correction")).click();
            assertThat(page.locator("h1")).containsText("KOR/");
            String issued = LocalDate.now(ZoneId.of("Europe/Warsaw")).format(DateTimeFormatter.ofLocalizedDate(
                    java.time.format.FormatStyle.MEDIUM).withLocale(java.util.Locale.ENGLISH));
            assertThat(page.locator(".corrects-date")).containsText(issued);
            assertThat(page.locator("body")).containsText(number);
            assertThat(page.locator("body")).containsText("-174.30");

            // back on the invoice: what is still due, then paid in full
            page.navigate(invoiceUrl);
            assertThat(page.locator("body")).containsText("272.70");
            assertThat(page.locator("input[name='amount']")).hasValue("272.70");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record payment")).click();
            assertThat(page.locator(".badge").first()).hasText("Paid");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("billing-journey.png")));

            page.navigate(base + "/invoices?status=PAID&q=" + number);
            assertThat(page.locator("body")).containsText(number);
        }
        // at phone width the invoice with its correction form fits the screen: nothing scrolls sideways
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());
            page.navigate(base + "/invoices?q=" + number);
            page.locator("table a", new Page.LocatorOptions().setHasText(number)).first().click();
            assertThat(page.locator("table.correction-lines")).isVisible();
            Object width = page.evaluate("document.documentElement.scrollWidth");
            org.assertj.core.api.Assertions.assertThat(((Number) width).intValue()).as("page width at 390 px")
                    .isLessThanOrEqualTo(390);
        }
        java.util.List<String> paid = api.get("/api/v1/invoices?status=PAID&companyId=" + company).json()
                .get("items").findValuesAsString("number");
        org.assertj.core.api.Assertions.assertThat(paid).containsExactly(number);
    }
}
