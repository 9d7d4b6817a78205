package app.klient.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.loyalty.Points;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every loyalty page an administrator and a salesperson read, with long names and large figures, fits a phone and
 * shows its figures whole: the program with its rule form, tiers and rewards, the customer's card and account.
 */
class LoyaltyLayoutJourneyTest extends JourneyTest {

    @Autowired
    Points points;

    @Test
    void the_loyalty_pages_fit_a_phone_with_long_names_and_large_figures(Browser browser) {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String longName = "Klub Stałego Klienta Hurtowni Materiałów Budowlanych i Wykończeniowych " + unique;
        long program = jdbc.sql("insert into loyalty_programs (name, referral_points) values (:n, 100) returning id")
                .param("n", longName).query(Long.class).single();
        jdbc.sql("""
                insert into loyalty_tiers (program_id, position, name_en, name_pl, name_cs, threshold, multiplier)
                values (:p, 1, 'Platinum Premium Partner', 'Platynowy Partner Premium', 'Platinový partner', 2500, 2)""")
                .param("p", program).update();
        jdbc.sql("""
                insert into loyalty_rewards (program_id, kind, name_en, name_pl, name_cs, points, percent, valid_days)
                values (:p, 'PERCENT', '10 % off the next order of building materials', '10 % rabatu', '10 %', 250,
                        10, 90)""").param("p", program).update();
        long company = company(apiAs(Role.SALES), "Hurtownia Budowlana Kowalski i Synowie " + unique, "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        jdbc.sql("""
                insert into loyalty_ledger (account_id, kind, points, balance_after, cause_kind, cause_id, expires_on)
                values (:a, 'EARNED', 10250, 10250, 'INVOICE', -2, current_date + 300),
                       (:a, 'BONUS', 8170, 18420, 'INVOICE', -3, current_date + 300)""").param("a", account).update();
        UserSummary admin = testUsers.create(Role.ADMIN);
        String base = "http://localhost:" + port;
        String[][] pages = {
            { "program", "/admin/loyalty/" + program },
            { "programs", "/admin/loyalty" },
            { "rewards", "/loyalty/rewards?program=" + program },
            { "card", "/companies/" + company },
            { "account", "/loyalty/accounts/" + account },
        };
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            for (String[] shown : pages) {
                page.setViewportSize(1280, 900);
                assertThat(page.navigate(base + shown[1]).status()).as(shown[1]).isEqualTo(200);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("fix19-loyalty-" + shown[0]
                        + "-1280.png")).setFullPage(true));
                page.setViewportSize(390, 844);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("fix19-loyalty-" + shown[0]
                        + "-390.png")).setFullPage(true));
                PhoneWidth.fits(page, 390, shown[1]);
            }
        }
    }
}
