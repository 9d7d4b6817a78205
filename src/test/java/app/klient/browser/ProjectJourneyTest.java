package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

/**
 * A manager writes a project template on its page (rows typed, saved, then tied to each other), starts a customer's
 * project from it, logs time on the card and finds the project's tasks on My day; the card also fits a phone.
 */
class ProjectJourneyTest extends JourneyTest {

    @Test
    void a_manager_plans_a_project_from_a_template_and_works_it(Browser browser) {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        UserSummary manager = testUsers.create(Role.MANAGER, "en");
        long company = api(manager).postJson("/api/v1/companies", "{\"name\": \"Journey Works " + unique + "\"}")
                .json().get("id").asLong();
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, manager.email());

            page.navigate(base + "/projects");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Templates")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New template")).click();
            page.locator("#name").fill("Onboarding " + unique);
            page.locator("select[name='rows[0].kind']").selectOption("MILESTONE");
            page.locator("input[name='rows[0].title']").fill("Live");
            page.locator("input[name='rows[0].offsetDays']").fill("5");
            page.locator("input[name='rows[1].title']").fill("Kick-off");
            page.locator("input[name='rows[1].offsetDays']").fill("0");
            page.locator("input[name='rows[1].durationDays']").fill("1");
            page.locator("input[name='rows[2].title']").fill("Training");
            page.locator("input[name='rows[2].durationDays']").fill("2");
            page.locator("input[name='rows[2].estimateHours']").fill("4");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".flash")).containsText("Template saved.");
            // saved, the new rows can be tied: the training waits for the kick-off and leads to going live
            page.locator("select[name='rows[2].after']").selectOption(new com.microsoft.playwright.options
                    .SelectOption().setLabel("Kick-off"));
            page.locator("select[name='rows[2].milestone']").selectOption(new com.microsoft.playwright.options
                    .SelectOption().setLabel("Live"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".flash")).containsText("Template saved.");
            assertThat(page.locator("select[name='rows[2].after'] option[selected]")).hasText("Kick-off");

            page.navigate(base + "/projects/new?companyId=" + company);
            page.locator("#name").fill("Onboarding Journey Works");
            page.locator("#templateId").selectOption(new com.microsoft.playwright.options.SelectOption()
                    .setLabel("Onboarding " + unique));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create project")).click();
            org.assertj.core.api.Assertions.assertThat(page.url()).as(String.join(" / ", page.locator(
                    ".field-error, .flash").allTextContents())).doesNotEndWith("/projects");
            assertThat(page.locator("h1")).containsText("Onboarding Journey Works");
            Locator gantt = page.locator("svg.gantt");
            assertThat(gantt.locator(".gantt-bar")).hasCount(2);
            assertThat(gantt.locator(".gantt-milestone-label")).containsText("Live");
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Training"))).containsText("waiting");

            page.locator("#hours").fill("1,5");
            page.locator("#taskId").selectOption(new com.microsoft.playwright.options.SelectOption()
                    .setLabel("Kick-off"));
            page.locator("input[name=note]").fill("Kick-off meeting at the customer");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log time")).click();
            assertThat(page.locator(".flash")).containsText("Time logged.");
            assertThat(page.locator("table.compact")).containsText("Kick-off meeting at the customer");
            Chromium.settled(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("project-card.png"))
                    .setFullPage(true));
            String card = page.url();

            page.navigate(base + "/my-day");
            Locator mine = page.locator(".card", new Page.LocatorOptions().setHasText("My project tasks"));
            assertThat(mine).containsText("Onboarding Journey Works");
            assertThat(mine).containsText("Training");
            assertThat(mine.locator("li", new Locator.LocatorOptions().setHasText("Training"))).containsText("waiting");

            page.setViewportSize(390, 844);
            page.navigate(card);
            PhoneWidth.fits(page, 390, "the project card");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("project-card-390.png"))
                    .setFullPage(true));
        }
    }
}
