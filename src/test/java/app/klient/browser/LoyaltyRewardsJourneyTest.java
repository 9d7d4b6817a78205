package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.loyalty.Points;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A marketer adds a tier on the Tiers and rewards page; a salesperson redeems a reward on a customer's card and
 * reads the code; the customer opens their own page by the signed link, on a phone.
 */
class LoyaltyRewardsJourneyTest extends JourneyTest {

    @Autowired
    Points points;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void tiers_and_rewards_are_kept_redeemed_on_the_card_and_seen_by_the_customer(Browser browser) {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        long program = jdbc.sql("insert into loyalty_programs (name, referral_points) values (:n, 100) returning id")
                .param("n", "Club " + unique).query(Long.class).single();
        Http marketerApi = apiAs(Role.MARKETING);
        marketerApi.postJson("/api/v1/loyalty/tiers", """
                {"programId": %d, "nameEn": "Silver", "namePl": "Srebrny", "nameCs": "Stříbrná", "threshold": 100}"""
                .formatted(program));
        marketerApi.postJson("/api/v1/loyalty/rewards", """
                {"programId": %d, "kind": "AMOUNT", "amount": 50, "currency": "PLN", "nameEn": "50 PLN off",
                 "namePl": "50 zł rabatu", "nameCs": "Sleva 50 PLN", "points": 200}""".formatted(program));
        long contact = apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"firstName\": \"Ewa\", \"lastName\": "
                + "\"Kowalska " + unique + "\", \"emails\": [\"ewa." + unique + "@loyalty.test\"]}").json().get("id")
                .asLong();
        long account = points.account(program, Points.Customer.contact(contact));
        new TransactionTemplate(transactions).executeWithoutResult(s -> points.post(account, new Points.Posting(
                Points.Kind.EARNED, 260, null, "INVOICE", 990000L + account, null, null)));
        UserSummary marketer = testUsers.create(Role.MARKETING);
        UserSummary salesperson = testUsers.create(Role.SALES);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/loyalty/rewards?program=" + program);
            assertThat(page.locator("h1")).hasText("Tiers and rewards");
            page.locator("#tier-en").fill("Gold");
            page.locator("#tier-pl").fill("Złoty");
            page.locator("#tier-cs").fill("Zlatá");
            page.locator("#tier-threshold").fill("1000");
            page.locator("#tier-multiplier").fill("1.5");
            page.locator("form[action$='/loyalty/tiers'] button").click();
            assertThat(page.locator(".flash.ok")).containsText("Tier saved");
            assertThat(page.locator(".loyalty-admin table").first()).containsText("Gold");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-rewards-1440.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-rewards-390.png"))
                    .setFullPage(true));
        }
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, salesperson.email());
            page.navigate("http://localhost:" + port + "/contacts/" + contact);
            assertThat(page.locator("#rewards .tier-badge")).hasText("Silver");
            page.locator("#rewards").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                    .setName("Redeem")).click();
            assertThat(page.locator(".flash.ok")).containsText("is ready to use");
            assertThat(page.locator("#rewards .rewards-codes code")).hasCount(1);
            assertThat(page.locator("#rewards")).containsText("60 points");
            page.locator("#rewards").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("loyalty-card-1440.png")));
            String link = page.locator("#rewards a[target=_blank]").getAttribute("href");
            page.setViewportSize(390, 844);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-card-390.png"))
                    .setFullPage(true));
            Page customer = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setLocale("pl-PL")).newPage();
            customer.navigate(link.replaceFirst("http://localhost:\\d+", "http://localhost:" + port));
            assertThat(customer.locator("h1")).containsText("Kowalska " + unique);
            assertThat(customer.locator(".loyalty-history")).containsText("Nagroda");
            customer.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-member-390.png"))
                    .setFullPage(true));
            customer.navigate("http://localhost:" + port + "/forms/loyalty/forged");
            assertThat(customer.locator("h1")).hasText("Ten link nie działa");
            customer.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("loyalty-forged-390.png")));
        }
    }
}
