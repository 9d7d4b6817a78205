package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * A manager filters the contact list, opens its Export menu and downloads what the list shows: the file holds the
 * filtered contacts, also after the filter changed without a page load.
 */
class ExportJourneyTest extends JourneyTest {

    @Test
    void the_export_menu_downloads_the_list_as_it_is_filtered(Browser browser) throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 6);
        apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"firstName\": \"Eliška\", \"lastName\": \"Exportová" + s
                + "\"}");
        apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"lastName\": \"Nefiltrovaný" + s + "\"}");
        UserSummary manager = testUsers.create(Role.MANAGER);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setAcceptDownloads(true))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/contacts");
            // typed into the search box: htmx filters the list and puts the filter in the address
            page.locator("#q").fill("Exportová" + s);
            page.waitForURL("**q=Export*");
            Locator menu = page.locator("details.export-menu");
            menu.locator("summary").click();
            assertThat(menu.locator(".menu-panel a")).hasCount(3);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("export-menu.png")));
            Download download = page.waitForDownload(() -> menu.locator(".menu-panel a").first().click());
            String csv = Files.readString(download.path());
            assertThat(csv).contains("Exportová" + s).doesNotContain("Nefiltrovaný" + s);
            assertThat(download.suggestedFilename()).startsWith("klient-contacts-").endsWith(".csv");

            page.setViewportSize(390, 844);
            page.reload();
            page.locator("details.export-menu summary").click();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("export-menu-390.png")));
            PhoneWidth.fits(page, 390, "the contact list with its Export menu open");
        }
    }
}
