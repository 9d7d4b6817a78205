package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.automation.internal.RuleEngine;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An administrator builds a rule in the editor (a won deal over an amount gives its owner a task), tries it, switches
 * it on, and reads in the log what it did when a salesperson won such a deal.
 */
class AutomationJourneyTest extends JourneyTest {

    @Autowired
    RuleEngine engine;

    @AfterEach
    void removeRules() {
        jdbc.sql("delete from automation_rules where template_key is null").update();
        jdbc.sql("delete from automation_watched").update();
    }

    @Test
    void an_administrator_builds_a_rule_switches_it_on_and_reads_what_it_did(Browser browser) {
        UserSummary admin = testUsers.create(Role.ADMIN);
        UserSummary seller = testUsers.create(Role.SALES);
        String name = "Welcome pack " + UUID.randomUUID().toString().substring(0, 6);
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate(base + "/automation/rules/new");
            page.locator("#r-name").fill(name);
            page.locator("#r-recordType").selectOption(new SelectOption().setValue("deal"));
            page.locator("#r-trigger-kind").selectOption(new SelectOption().setValue("DEAL_WON"));
            page.getByText("Add a condition").click();
            page.locator("#r-conditions-items-0--field").selectOption(new SelectOption().setValue("amount"));
            page.locator("#r-conditions-items-0--op").selectOption(new SelectOption().setValue("GE"));
            page.locator("#r-conditions-items-0--value").fill("1000");
            page.getByText("Add an action").click();
            page.locator("#r-actions-0--type").selectOption(new SelectOption().setValue("CREATE_TASK"));
            page.locator("#r-actions-0--text").fill("Send the welcome pack to {record}");
            page.locator("#rule-test-button").click();
            assertThat(page.locator("#rule-test")).containsText("records match the conditions now");
            assertThat(page.locator("#rule-test")).containsText("Create the task “Send the welcome pack to {record}”");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("automation-editor.png"))
                    .setFullPage(true));
            page.locator("#rule-form button[type=submit]").click();
            assertThat(page.locator(".flash")).containsText("Rule saved, switched off");
            assertThat(page.locator("h1")).hasText(name);
            page.getByText("Switch on").click();
            assertThat(page.locator(".flash")).containsText("Rule switched on");

            long deal = api(seller).postJson("/api/v1/deals", "{\"name\": \"Journey " + name + "\", \"amount\": 5000,"
                    + " \"currency\": \"PLN\", \"ownerId\": " + seller.id() + "}").json().get("id").asLong();
            api(seller).postJson("/api/v1/deals/" + deal + "/won", "{\"version\": 0}");
            while (engine.dispatch(1000) + engine.runDue(250) > 0) {
                // the job's work, done here: the test context runs no jobs
            }
            page.reload();
            assertThat(page.locator("table")).containsText("Journey " + name);
            assertThat(page.locator("table")).containsText("Done");
            page.locator("table a").first().click();
            assertThat(page.locator("h1")).hasText("Run of a rule");
            assertThat(page.locator("table")).containsText("Task “Send the welcome pack to Journey " + name + "”");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("automation-run.png"))
                    .setFullPage(true));

            page.setViewportSize(390, 844);
            page.navigate(base + "/automation/rules");
            assertThat(page.locator("table")).containsText(name);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("automation-rules-phone.png"))
                    .setFullPage(true));
            page.locator("table a", new Page.LocatorOptions().setHasText(name)).click();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("automation-editor-phone.png"))
                    .setFullPage(true));
            Object width = page.evaluate("document.documentElement.scrollWidth");
            org.assertj.core.api.Assertions.assertThat(((Number) width).intValue()).as("the editor at 390 px")
                    .isLessThanOrEqualTo(390);
        }
    }
}
