package app.klient.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journeys' browser notices what Klient's Content-Security-Policy refuses: a script put into a page inline is
 * blocked and reported, so a journey over a page with such a script fails. Uses an extension of its own, so the
 * violation it provokes on purpose is not held against this class.
 */
class CspWatchJourneyTest extends JourneyTest {

    private final Chromium chromium = new Chromium();
    private Browser watched;

    @BeforeEach
    void start() {
        chromium.beforeAll(null);
        watched = (Browser) chromium.resolveParameter(null, null);
    }

    @AfterEach
    void stop() {
        chromium.afterAll(null);
    }

    @Test
    void an_inline_script_on_a_klient_page_is_refused_and_reported() {
        UserSummary user = testUsers.create(Role.SALES);
        try (BrowserContext context = watched.newContext()) {
            Page page = context.newPage();
            Chromium.signIn(page, port, user.email());
            page.navigate("http://localhost:" + port + "/account");
            assertThat(chromium.drainViolations()).as("Klient's own account page").isEmpty();

            page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                    + " document.body.appendChild(s); }");
            page.waitForTimeout(300);

            assertThat(page.evaluate("() => window.ran === undefined")).isEqualTo(true);
            assertThat(chromium.drainViolations()).singleElement().asString()
                    .contains("Content Security Policy").contains("/account");
        }
    }
}
