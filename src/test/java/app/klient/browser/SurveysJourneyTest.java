package app.klient.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.surveys.internal.Invitations;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * Every survey page at a desktop's width and a phone's: nothing cut (the list's last column whole at 1280 px),
 * nothing scrolling sideways at 390 px, with a long survey name and a long answer; screenshots to look at.
 */
class SurveysJourneyTest extends JourneyTest {

    @Test
    void every_survey_page_fits_a_desktop_and_a_phone(Browser browser) {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        long survey = jdbc.sql("""
                insert into surveys (name, kind, trigger, active) values (:n, 'NPS', 'MANUAL', false) returning id""")
                .param("n", "After the delivery of the spring catalogue to our wholesale partners " + unique)
                .query(Long.class).single();
        jdbc.sql("""
                insert into survey_questions (survey_id, position, kind, text_en, text_pl, text_cs)
                values (:s, 0, 'NPS', 'How likely are you to recommend us to a friend or colleague?', null, null)""")
                .param("s", survey).update();
        long contact = apiAs(Role.SALES).postJson("/api/v1/contacts", "{\"firstName\": \"Bartłomiej\", \"lastName\": "
                + "\"Wiśniewski-Konstantynowicz " + unique + "\", \"emails\": [\"b." + unique + "@surveys.test\"]}")
                .json().get("id").asLong();
        String token = "T".repeat(37) + unique;
        long invitation = jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, address, language, token_hash, cause_kind,
                    cause_id, expires_at)
                values (:s, :c, :a, 'en', :h, 'MANUAL', :c, now() + interval '14 days') returning id""")
                .param("s", survey).param("c", contact).param("a", "b." + unique + "@surveys.test")
                .param("h", Invitations.hash(token)).query(Long.class).single();
        long answered = jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, address, language, token_hash, cause_kind,
                    cause_id, expires_at, answered_at)
                values (:s, :c, :a, 'en', :h, 'MANUAL', :c + 1000000000, now() + interval '14 days', now()) returning id""")
                .param("s", survey).param("c", contact).param("a", "b." + unique + "@surveys.test")
                .param("h", Invitations.hash("U".repeat(37) + unique)).query(Long.class).single();
        long response = jdbc.sql("""
                insert into survey_responses (invitation_id, survey_id, kind, contact_id, score, comment, language)
                values (:i, :s, 'NPS', :c, 3, :comment, 'en') returning id""").param("i", answered)
                .param("s", survey).param("c", contact)
                .param("comment", "The delivery was three days late and nobody called to say so; the driver could not "
                        + "find the loading dock, and the invoice had the wrong address on it.")
                .query(Long.class).single();
        assertThat(invitation).isPositive();
        UserSummary admin = testUsers.create(Role.ADMIN);
        String base = "http://localhost:" + port;
        List<String> pages = List.of("/surveys", "/surveys/" + survey, "/surveys/" + survey + "/log",
                "/surveys/responses/" + response, "/surveys/results", "/surveys/results/responses",
                "/surveys/results/responses/" + response);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            for (int i = 0; i < pages.size(); i++) {
                String path = pages.get(i);
                page.setViewportSize(1280, 900);
                page.navigate(base + path);
                String name = "-" + i + path.replaceAll("[^a-z]+", "-").replaceAll("-$", "");
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("surveys" + name + "-1280.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 1280, path + " at 1280");
                if (path.equals("/surveys")) {
                    lastColumnWhole(page, "1280");
                }
                page.setViewportSize(390, 844);
                // loaded afresh at a phone's width (the menu drawer does not slide across the screenshot)
                page.navigate(base + path);
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("surveys" + name + "-390.png"))
                        .setFullPage(true));
                PhoneWidth.fits(page, 390, path + " at 390");
                if (path.equals("/surveys")) {
                    lastColumnWhole(page, "390");
                }
            }
        }
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = context.newPage();
            page.navigate(base + "/forms/survey/" + token);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("surveys-answer-390.png"))
                    .setFullPage(true));
            PhoneWidth.fits(page, 390, "the public survey page");
            assertThat(page.content()).contains("A question from");
        }
    }

    /** The list's last column (Answered) is whole: its head ends inside the box that holds the table, nothing scrolls. */
    private static void lastColumnWhole(Page page, String width) {
        Number headRight = (Number) page.evaluate(
                "document.querySelector('.survey-list th:last-child').getBoundingClientRect().right");
        Number wrapRight = (Number) page.evaluate(
                "document.querySelector('.survey-list').getBoundingClientRect().right");
        assertThat(headRight.doubleValue()).as("Answered is not cut at " + width).isLessThanOrEqualTo(
                wrapRight.doubleValue() + 0.5);
        Number scroll = (Number) page.evaluate("document.querySelector('.survey-list').scrollWidth"
                + " - document.querySelector('.survey-list').clientWidth");
        assertThat(scroll.intValue()).as("the list does not scroll at " + width).isLessThanOrEqualTo(0);
    }
}
