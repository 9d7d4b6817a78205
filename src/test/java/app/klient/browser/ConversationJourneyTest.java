package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * On a phone: a customer's SMS arrives through the gateway, the agent finds it among the conversations, answers it,
 * and sees the answer stored and on its way through the channel's webhook.
 */
class ConversationJourneyTest extends JourneyTest {

    @Test
    void an_agent_answers_a_customers_text_message_on_a_phone(Browser browser) {
        String channel = "sms-" + UUID.randomUUID().toString().substring(0, 6);
        Http admin = apiAs(Role.ADMIN);
        org.assertj.core.api.Assertions.assertThat(admin.putJson("/api/v1/channels/endpoints/" + channel,
                "{\"url\": \"http://127.0.0.1:9/reply\"}").status()).isEqualTo(200);
        long conversation = admin.postJson("/api/v1/messages", """
                {"channel": "%s", "from": "+420 603 555 %03d", "senderName": "Petra Dvořáková",
                 "text": "Dobrý den, můžete mi poslat fakturu znovu?", "messageId": "%s"}"""
                .formatted(channel, (int) (Math.random() * 1000), UUID.randomUUID())).json().get("conversationId")
                .asLong();
        UserSummary agent = testUsers.create(Role.SUPPORT);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, agent.email());
            page.navigate("http://localhost:" + port + "/conversations?channel=" + channel);
            assertThat(page.locator("table.conversations")).containsText("Petra Dvořáková");
            PhoneWidth.fits(page, 390, "the conversations");
            page.locator("table.conversations a").first().click();
            page.waitForURL("**/conversations/" + conversation);
            assertThat(page.locator(".thread")).containsText("fakturu znovu");
            page.locator("textarea[name=text]").fill("Dobrý den, fakturu jsem vám poslal znovu.");
            page.getByText("Send", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator(".flash.ok")).isVisible();
            assertThat(page.locator(".bubble.out")).containsText("fakturu jsem vám poslal znovu");
            assertThat(page.locator(".bubble.out .badge")).containsText("sending");
            PhoneWidth.fits(page, 390, "a conversation");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("conversation-phone.png"))
                    .setFullPage(true));
        }
    }
}
