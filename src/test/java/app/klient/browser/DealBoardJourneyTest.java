package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.sales.DealForm;
import app.klient.sales.Deals;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** A salesperson drags a deal to the next stage and the columns' counts and totals follow. */
class DealBoardJourneyTest extends JourneyTest {

    @Autowired
    Deals deals;

    @Autowired
    app.klient.catalog.ExchangeRates rates;

    @Autowired
    app.klient.identity.internal.ApiTokens tokens;

    @Test
    void dragging_a_deal_to_another_column_moves_it_and_the_totals_change(Browser browser) {
        UserSummary seller = testUsers.create(Role.SALES);
        signInAs(seller);
        deals.create(new DealForm("Bakery ovens", null, null, null, null, new java.math.BigDecimal("48000"), "PLN",
                null, null, null, seller.id(), null, null, null, null));
        rates.set(new app.klient.catalog.ExchangeRates.NewRate("NOK", new java.math.BigDecimal("0.39"),
                java.time.LocalDate.now().minusDays(1)));
        long second = pipelines.defaultPipeline().stages().get(1).id();
        for (String currency : new String[] { "NOK", "ISK" }) {
            deals.create(new DealForm("Fjord " + currency, null, null, null, second, new java.math.BigDecimal("10000"),
                    currency, null, null, null, seller.id(), null, null, null, null));
        }
        SecurityContextHolder.clearContext();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, seller.email());
            page.navigate("http://localhost:" + port + "/deals/board?ownerId=" + seller.id());
            Locator first = page.locator(".board-column").nth(0);
            Locator third = page.locator(".board-column").nth(2);
            assertThat(first.locator(".count")).hasText("1 deal");
            assertThat(first.locator(".total").first()).containsText("48,000");
            assertThat(third.locator(".count")).hasText("0 deals");
            Locator foreign = page.locator(".board-column").nth(1);
            assertThat(foreign.locator(".converted")).containsText("3,900");
            assertThat(foreign.locator(".unconverted")).hasText("1 deal without an exchange rate, not in the totals");
            assertThat(first.locator(".converted")).hasCount(0);

            first.locator(".deal-card").first().dragTo(third.locator("ol.cards"));

            assertThat(page.locator(".board-column").nth(2).locator(".count")).hasText("1 deal");
            assertThat(page.locator(".board-column").nth(2).locator(".total").first()).containsText("48,000");
            assertThat(page.locator(".board-column").nth(0).locator(".count")).hasText("0 deals");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("deal-board.png")));
        }
        signInAs(seller);
        try {
            var moved = deals.board(pipelines.defaultPipeline().id(),
                    new app.klient.sales.BoardFilter(seller.id(), null, null, null)).columns().get(2).cards();
            assertThat(moved).extracting(app.klient.sales.Board.Card::name).containsExactly("Bakery ovens");
            assertThat(deals.history(moved.get(0).id())).hasSize(2);
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Autowired
    app.klient.sales.Pipelines pipelines;

    private void signInAs(UserSummary user) {
        var principal = tokens.authenticate(tokens.issue(user.id(), "board test",
                java.time.Instant.now().plusSeconds(600)).secret()).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }
}
