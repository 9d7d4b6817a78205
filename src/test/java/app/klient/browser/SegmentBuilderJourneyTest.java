package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;

/** A marketer builds a segment of good customers, watches its size while building, saves it and opens its members. */
class SegmentBuilderJourneyTest extends JourneyTest {

    @Test
    void a_marketer_builds_a_segment_sees_its_size_while_building_and_saves_it(Browser browser) throws Exception {
        UserSummary marketer = testUsers.create(Role.MARKETING);
        Http api = Http.on(port).bearer(tokens.issue(marketer));
        String tag = "vip" + UUID.randomUUID().toString().substring(0, 6);
        String[] names = { "Králová", "Novák", "Dvořák" };
        for (int i = 0; i < names.length; i++) {
            api.postJson("/api/v1/contacts", """
                    {"firstName": "Jana", "lastName": "%s", "emails": ["%s.%d@journey.test"], "tags": ["%s"]}"""
                    .formatted(names[i], tag, i, tag));
        }
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, marketer.email());
            page.navigate("http://localhost:" + port + "/marketing/segments/new");
            page.locator("#segment-name").fill("VIP " + tag);
            page.locator("select[name='groups[0].rules[0].criterion']")
                    .selectOption(new SelectOption().setValue("customers.tag"));
            // the builder comes back with the tag's comparisons (is / is not) in place of the name's five
            assertThat(page.locator("select[name='groups[0].rules[0].operator'] option")).hasCount(2);
            Chromium.settled(page);
            page.locator("input[name='groups[0].rules[0].value']").fill(tag);
            page.locator("input[name='groups[0].rules[0].value']").press("Tab");
            assertThat(page.locator("#preview .segment-size strong")).hasText("3");
            page.locator("button[value='addRule:0']").click();
            // the builder comes back with the new row: choose in it only then (a row replaced under the choice
            // loses it)
            assertThat(page.locator("select[name='groups[0].rules[1].criterion']")).isVisible();
            Chromium.settled(page);
            page.locator("select[name='groups[0].rules[1].criterion']")
                    .selectOption(new SelectOption().setValue("billing.paidTotal"));
            Chromium.settled(page);
            assertThat(page.locator("input[name='groups[0].rules[1].days']")).isVisible();
            page.locator("select[name='groups[0].rules[1].operator']").selectOption(new SelectOption().setValue("GE"));
            Chromium.settled(page);
            page.locator("input[name='groups[0].rules[1].value']").fill("0");
            page.locator("input[name='groups[0].rules[1].days']").fill("365");
            page.locator("input[name='groups[0].rules[1].days']").press("Tab");
            // the live preview may still be answering an earlier keystroke, whose builder replaced the fields being
            // typed in: type them once more and count, as a person without JavaScript does
            page.locator("input[name='groups[0].rules[1].value']").fill("0");
            page.locator("input[name='groups[0].rules[1].days']").fill("365");
            page.locator("button[value='count']").click();
            assertThat(page.locator("#preview .segment-size strong")).hasText("3");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("segment-builder.png")).setFullPage(true));
            page.locator("button[value='save']").click();
            assertThat(page.locator(".flash")).containsText("The segment is saved");
            assertThat(page.locator("h1")).hasText("VIP " + tag);
            assertThat(page.locator("table")).containsText("Dvořák");
            String saved = page.url();
            page.getByText("Show in contacts").click();
            assertThat(page.locator("#results")).containsText("Králová");
            try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
                Page small = phone.newPage();
                Chromium.signIn(small, port, marketer.email());
                small.navigate(saved);
                assertThat(small.locator("table")).containsText("Dvořák");
                small.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                        .resolve("segment-phone.png")).setFullPage(true));
                fitsThePhone(small, "the saved segment");
                // the builder itself on the phone, with a rule that has a period and a long criterion list
                small.navigate("http://localhost:" + port + "/marketing/segments/new?lang=cs");
                small.locator("select[name='groups[0].rules[0].criterion']")
                        .selectOption(new SelectOption().setValue("billing.paidTotal"));
                assertThat(small.locator("input[name='groups[0].rules[0].days']")).isVisible();
                small.locator("button[value='addGroup']").click();
                assertThat(small.locator("select[name='groups[1].rules[0].criterion']")).isVisible();
                Chromium.settled(small);
                small.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                        .resolve("segment-builder-phone.png")).setFullPage(true));
                fitsThePhone(small, "the builder");
            }
        }
    }

    /** Nothing wider than the phone, and nothing sticking out of its card (a card may clip what it cannot hold). */
    private static void fitsThePhone(Page page, String what) {
        Object width = page.evaluate("document.documentElement.scrollWidth");
        Object outside = page.evaluate("""
                () => [...document.querySelectorAll('.card *')].filter(e => {
                        if (e.closest('.table-wrap')) return false;
                        const card = e.closest('.card').getBoundingClientRect();
                        const box = e.getBoundingClientRect();
                        return box.width > 0 && (box.right > Math.min(card.right, 390) + 1);
                    }).slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
                    .join(', ')""");
        org.assertj.core.api.Assertions.assertThat(((Number) width).intValue()).as(what + " at 390 px")
                .isLessThanOrEqualTo(390);
        org.assertj.core.api.Assertions.assertThat(String.valueOf(outside)).as(what + ": out of its card at 390 px")
                .isEmpty();
    }
}
