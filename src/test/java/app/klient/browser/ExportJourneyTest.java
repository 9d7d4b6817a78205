package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * A Polish manager filters the contact list, opens the Export menu and downloads CSV: the file holds the rows the
 * page shows, no others, under Polish headings and with Polish words in its cells.
 */
class ExportJourneyTest extends JourneyTest {

    @Test
    void the_filtered_contact_list_downloads_as_csv_with_its_rows_in_the_managers_language(Browser browser)
            throws Exception {
        UserSummary manager = testUsers.create(Role.MANAGER, "pl");
        String mark = "Ex" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        var api = api(manager);
        for (String name : List.of("Adamczyk", "Bielecka")) {
            api.postJson("/api/v1/contacts", """
                    {"firstName": "Ola", "lastName": "%s %s", "emails": ["%s@%s.pl"]}"""
                    .formatted(name, mark, name.toLowerCase(), mark.toLowerCase()));
        }
        api.postJson("/api/v1/contacts", "{\"firstName\": \"Ola\", \"lastName\": \"Inna\"}");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setAcceptDownloads(true))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());
            page.navigate("http://localhost:" + port + "/contacts");
            page.locator("#q").fill(mark);
            page.waitForURL("**/contacts?*q=" + mark + "*");
            assertThat(page.locator("#results tbody tr")).hasCount(2);

            page.locator(".export-menu summary").click();
            Download download = page.waitForDownload(() -> page.locator(".export-menu a[data-export$='.csv']")
                    .click());
            assertThat(download.suggestedFilename()).matches("klient-contacts-\\d{4}-\\d\\d-\\d\\d\\.csv");
            String body = Files.readString(download.path(), StandardCharsets.UTF_8);
            CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(body.substring(1)));
            List<String> headings = csv.getHeaderNames();
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows).extracting(r -> r.get("Nazwisko"))
                    .containsExactlyInAnyOrder("Adamczyk " + mark, "Bielecka " + mark);
            // the page's columns, in Polish: name, company, e-mail, phone, owner, changed
            assertThat(headings).contains("Imię", "Nazwisko", "Firma", "E-maile", "Telefony", "Opiekun", "Zmieniono");
            assertThat(rows).extracting(r -> r.get("Zgoda marketingowa")).containsOnly("Nie");
            assertThat(rows).extracting(r -> r.get("E-maile")).contains("adamczyk@" + mark.toLowerCase() + ".pl");
        }
    }
}
