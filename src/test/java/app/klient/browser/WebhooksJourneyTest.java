package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An administrator subscribes the shop to won deals and new tickets, tries it out and reads the delivery log. */
class WebhooksJourneyTest extends JourneyTest {

    @AfterEach
    void switchOff() {
        jdbc.sql("update webhook_subscriptions set enabled = false where enabled").update();
    }

    @Test
    void the_administrator_subscribes_a_receiver_sends_a_test_event_and_reads_its_attempts(Browser browser) {
        UserSummary admin = testUsers.create(Role.ADMIN);
        String shop = "Shop " + UUID.randomUUID().toString().substring(0, 6);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/automation/webhooks/new");
            assertThat(page.locator("h1")).hasText("New webhook");
            page.locator("#url").fill("https://10.0.0.7/hooks");
            page.locator("#description").fill(shop);
            page.locator("input[value='deal.won']").check();
            page.locator("input[value='ticket.created']").check();
            page.getByText("Create the webhook").click();
            // an address inside the server's networks is refused at the field, what was typed kept
            assertThat(page.locator(".field-error")).containsText("leads into this server");
            assertThat(page.locator("input[value='deal.won']")).isChecked();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook-form.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            // the sidebar slides away when the window narrows
            page.waitForTimeout(600);
            PhoneWidth.fits(page, 390, "the webhook form");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook-form-390.png"))
                    .setFullPage(true));
            page.setViewportSize(1280, 900);

            page.locator("#url").fill("http://127.0.0.1:9/" + shop.replace(' ', '-').toLowerCase() + "/klient-hooks");
            page.getByText("Create the webhook").click();
            assertThat(page.locator(".flash.ok")).containsText("The webhook is made");
            page.getByText("Send a test event").click();
            assertThat(page.locator(".flash.ok")).containsText("A test event is on its way");
            long subscription = Long.parseLong(page.url().replaceAll(".*/automation/webhooks/(\\d+).*", "$1"));
            // how the dispatcher would write the test down: refused once, then taken
            long delivery = jdbc.sql("select id from webhook_deliveries where subscription_id = :s").param("s",
                    subscription).query(Long.class).single();
            jdbc.sql("""
                    insert into webhook_attempts (delivery_id, attempted_at, duration_ms, status, response, error)
                    values (:d, now() - interval '5 minutes', 15000, null, '', 'No answer within 15 s'),
                           (:d, now() - interval '1 minute', 503, 503, '<html><body>Service Unavailable</body></html>',
                            null),
                           (:d, now(), 38, 200, '{"received": true}', null)""").param("d", delivery).update();
            jdbc.sql("update webhook_deliveries set state = 'DELIVERED', attempts = 3, delivered_at = now(), "
                    + "next_attempt_at = null where id = :d").param("d", delivery).update();
            page.reload();
            page.locator(".webhook-secret summary").click();
            assertThat(page.locator(".webhook-secret code.secret")).containsText("whsec_");
            assertThat(page.locator(".webhook-log")).containsText("webhook.test");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            // the sidebar slides away when the window narrows
            page.waitForTimeout(600);
            PhoneWidth.fits(page, 390, "a webhook with its secret and log");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook-390.png"))
                    .setFullPage(true));
            page.setViewportSize(1280, 900);

            page.locator(".webhook-log a").first().click();
            assertThat(page.locator(".webhook-attempts tbody tr")).hasCount(3);
            assertThat(page.locator(".webhook-attempts")).containsText("No answer within 15 seconds.");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook-delivery.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            // the sidebar slides away when the window narrows
            page.waitForTimeout(600);
            PhoneWidth.fits(page, 390, "a webhook delivery with its attempts");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhook-delivery-390.png"))
                    .setFullPage(true));
            page.setViewportSize(1280, 900);
            page.getByText("Send again").click();
            assertThat(page.locator(".flash.ok")).containsText("same webhook-id");

            page.navigate("http://localhost:" + port + "/automation/webhooks");
            assertThat(page.locator("table")).containsText(shop);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhooks.png"))
                    .setFullPage(true));
            page.setViewportSize(390, 844);
            // the sidebar slides away when the window narrows
            page.waitForTimeout(600);
            PhoneWidth.fits(page, 390, "the webhooks");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("webhooks-390.png"))
                    .setFullPage(true));
        }
    }
}
