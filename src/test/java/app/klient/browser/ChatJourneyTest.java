package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * A visitor chats from a shop's website (another origin, served by a small server of the test) with an agent in the
 * chat console, each in a browser context of their own: the chat is offered to the agent, who takes it and answers;
 * the visitor answers back, the agent ends it and the visitor rates it.
 */
@org.junit.jupiter.api.extension.ExtendWith(app.klient.support.DeskHours.class)
class ChatJourneyTest extends JourneyTest {


    @Test
    void a_visitor_on_the_shops_website_chats_with_an_agent_in_klient(Browser browser) throws Exception {
        HttpServer shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String site = "http://127.0.0.1:" + shop.getAddress().getPort();
        UserSummary agent = testUsers.create(Role.SUPPORT);
        long team = testUsers.inNewTeam(agent);
        String key = Http.on(port).bearer(tokens.issue(testUsers.create(Role.ADMIN))).postJson("/api/v1/chat-widgets",
                """
                {"name": "Shop", "teamId": %d, "allowedOrigins": ["%s"], "bot": false}""".formatted(team, site))
                .json().get("widget").get("key").asString();
        byte[] page = """
                <!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><title>Obchod – Ceník</title></head>
                <body><h1>Ceník</h1><p>Naše ceny.</p>
                <script src="http://localhost:%d/chat/widget.js" data-klient-chat="%s" async></script>
                </body></html>""".formatted(port, key).getBytes(StandardCharsets.UTF_8);
        shop.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
            catch (IOException e) {
                // the browser went away
            }
        });
        shop.start();
        assertThat(Http.on(port).get("/chat/widget.js").status()).isEqualTo(200);
        try (BrowserContext agentContext = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1400, 900));
                BrowserContext visitorContext = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 800).setLocale("cs-CZ"))) {
            Page console = agentContext.newPage();
            Chromium.signIn(console, port, agent.email());
            console.navigate("http://localhost:" + port + "/chat");
            console.getByText("Become available").click();
            assertThat(console.locator(".badge.ok")).hasText("Available for chats");

            Page visitor = visitorContext.newPage();
            visitor.navigate(site + "/cenik");
            visitor.locator("[data-klient-chat-widget] .k-launch").click();
            Locator widget = visitor.locator("[data-klient-chat-widget]");
            assertThat(widget.locator(".k-head strong")).hasText("Napište nám");
            widget.locator("input[name=name]").fill("Věra Nováková");
            widget.locator("input[name=email]").fill("vera-" + UUID.randomUUID() + "@example.com");
            widget.locator("textarea[name=message]").fill("Dobrý den, máte skladem červenou variantu?");
            widget.getByText("Začít chat").click();
            assertThat(widget.locator(".k-msg").first()).containsText("červenou variantu");

            // the agent is told on whatever page is open, and the toast opens the chat
            Locator toast = console.locator(".live-notice.live-chat");
            assertThat(toast).containsText("Věra Nováková");
            toast.click();
            assertThat(console.locator(".chat-head h2")).hasText("Věra Nováková");
            assertThat(console.locator(".chat-head")).containsText("Obchod – Ceník");
            console.getByText("Take the chat").click();
            console.locator("#chat-reply textarea").fill("Ano, máme jich dvanáct.");
            console.locator("#chat-reply textarea").press("Enter");
            assertThat(console.locator("#chat-transcript")).containsText("Ano, máme jich dvanáct.");

            assertThat(widget.locator(".k-msgs")).containsText("Ano, máme jich dvanáct.");
            widget.locator(".k-compose textarea").fill("Výborně, děkuji!");
            widget.locator(".k-compose textarea").press("Enter");
            assertThat(console.locator("#chat-transcript")).containsText("Výborně, děkuji!");
            assertThat(widget.locator(".k-pending")).hasCount(0);
            PhoneWidth.fits(visitor, 390, "the shop's page with the chat open");
            visitor.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("chat-visitor.png")));
            console.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("chat-console.png")));

            console.getByText("End the chat").click();
            assertThat(widget.locator(".k-end")).containsText("Chat skončil");
            widget.locator(".k-stars button").nth(4).click();
            widget.locator(".k-end").getByText("Odeslat").click();
            assertThat(widget.locator(".k-stars")).hasCount(0);
            assertThat(widget.locator(".k-end .k-note")).hasText("Děkujeme!");
            assertThat(jdbc.sql("select rating from chats c join chat_widgets w on w.id = c.widget_id "
                    + "where w.widget_key = :key").param("key", key).query(Integer.class).single()).isEqualTo(5);
        }
        finally {
            shop.stop(0);
        }
    }
}
