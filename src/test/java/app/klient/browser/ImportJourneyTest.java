package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;

/**
 * Import, then open what was imported: a manager uploads a spreadsheet export with gaps and one mistake, reads the
 * result, and opens every imported contact and its company as a colleague would the next morning.
 */
class ImportJourneyTest extends JourneyTest {

    @Test
    void every_imported_contact_and_its_company_opens(Browser browser) {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String csv = """
                firstName,lastName,email,phone,company,city,country,tags
                Zdeněk,Nový%1$s,,,,Brno,CZ,
                Agnieszka,Wiśniewska%1$s,agnieszka.%1$s@import.test,+48 601 234 567,Wiśniewski %1$s sp. z o.o.,Kraków,PL,vip;import
                Jan,Błędny%1$s,not-an-address,,,,,
                ,Pusty%1$s,,,,,,
                """.formatted(s);
        UserSummary manager = testUsers.create(Role.MANAGER);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/contacts/import");
            page.locator("input[type=file]").setInputFiles(new FilePayload("contacts.csv", "text/csv",
                    csv.getBytes(StandardCharsets.UTF_8)));
            page.locator("form[action$='/contacts/import'] button[type=submit]").click();

            Locator result = page.locator(".card.spaced");
            assertThat(result.locator("h2")).hasText("The import is done");
            assertThat(result.locator(".kpi").nth(1).locator(".kpi-value")).hasText("3");
            assertThat(result.locator(".kpi").nth(2).locator(".kpi-value")).hasText("1");
            Locator problem = result.locator("tbody tr");
            assertThat(problem).hasCount(1);
            assertThat(problem.locator("td").first()).hasText("4");
            assertThat(problem).containsText("not-an-address");
            assertThat(problem.locator("td").nth(2)).not().containsText("{");
            assertThat(problem.locator("td").nth(2)).not().containsText("contactImport.");

            page.navigate("http://localhost:" + port + "/contacts?q=" + s);
            Locator links = page.locator("table tbody a[href^='/contacts/']");
            assertThat(links).hasCount(3);
            List<String> hrefs = ((List<?>) links.evaluateAll("as => as.map(a => a.getAttribute('href'))")).stream()
                    .map(Object::toString).toList();
            assertThat(hrefs).hasSize(3);
            for (String href : hrefs) {
                var response = page.navigate("http://localhost:" + port + href);
                assertThat(response.status()).as(href).isEqualTo(200);
                assertThat(page.locator("h1")).containsText(s);
                assertThat(page.locator("body")).not().containsText("Something went wrong");
            }

            page.navigate("http://localhost:" + port + "/contacts?q=Wiśniewska" + s);
            page.locator("table tbody a[href^='/contacts/']").first().click();
            assertThat(page.locator("h1")).containsText("Agnieszka Wiśniewska" + s);
            assertThat(page.locator("body")).containsText("+48 601 234 567");
            page.locator("a[href^='/companies/']", new Page.LocatorOptions().setHasText("Wiśniewski " + s)).first()
                    .click();
            assertThat(page.locator("h1")).containsText("Wiśniewski " + s + " sp. z o.o.");
            assertThat(page.locator("body")).containsText("Agnieszka");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("imported-company.png")).setFullPage(true));
        }
    }
}
