package app.klient.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mail in, reply, ticket: the administrator adds the support mailbox, a customer writes to it, an agent answers in
 * Klient, and the customer answers from a mail client with its ordinary "Reply". The answer joins the same ticket.
 */
class MailToTicketJourneyTest extends JourneyTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(ServerSetup::dynamicPort).toArray(ServerSetup[]::new));

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_customers_mail_becomes_a_ticket_and_their_reply_joins_it(Browser browser) throws Exception {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'hello@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        String support = "help-" + suffix + "@klient.test";
        mail.setUser(support, support, "secret");
        String customer = "petra." + suffix + "@customer.test";
        UserSummary admin = testUsers.create(Role.ADMIN);
        UserSummary agent = testUsers.create(Role.SUPPORT);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/admin/mail");
            page.locator("#mailboxName").fill("Help desk " + suffix);
            page.getByLabel("IMAP server").fill("localhost");
            page.locator("#mailboxPort").fill(String.valueOf(mail.getImap().getPort()));
            page.locator("#mailboxUsername").fill(support);
            page.locator("#mailboxPassword").fill("secret");
            page.getByLabel("Address customers write to").fill(support);
            page.locator("#mailboxSecurity").selectOption("NONE");
            page.locator("#mailboxPurpose").selectOption("SUPPORT");
            page.getByText("Add mailbox", new Page.GetByTextOptions().setExact(true)).last().click();
            assertThat(page.locator("aside")).containsText("Help desk " + suffix);

            GreenMailUtil.sendTextEmail(support, customer, "Invoice portal shows an error",
                    "Since Monday the portal answers 'error 42' when I open my invoices.", mail.getSmtp().getServerSetup());
            readMailbox(page);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ticketsFrom(customer) == 1);
        }

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, agent.email());
            page.navigate("http://localhost:" + port + "/tickets/" + ticketOf(customer));
            assertThat(page.locator("h1")).containsText("Invoice portal shows an error");
            assertThat(page.locator(".conversation")).containsText("error 42");
            page.locator("textarea[name=body]").fill("We have fixed the portal; please try again.");
            page.getByText("Send", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator(".flash")).containsText("The reply was sent to the customer");
        }

        // the customer's mail client: the agent's answer arrives, and "Reply" answers where the ticket lives
        MimeMessage answer = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(
                mail.getReceivedMessages()).filter(m -> sentTo(m, customer) && GreenMailUtil.getBody(m)
                        .contains("fixed the portal")).findFirst().orElse(null), m -> m != null);
        MimeMessage reply = (MimeMessage) answer.reply(false);
        reply.setFrom(new InternetAddress(customer));
        reply.setText("Works now, thank you! One more question: can I get the PDF again?");
        reply.saveChanges();
        assertThat(reply.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(support);
        Properties smtp = new Properties();
        try (Transport transport = Session.getInstance(smtp).getTransport("smtp")) {
            transport.connect("localhost", mail.getSmtp().getPort(), null, null);
            transport.sendMessage(reply, reply.getAllRecipients());
        }

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, admin.email());
            page.navigate("http://localhost:" + port + "/admin/mail");
            readMailbox(page);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> messagesOnTicket(customer) == 3);
        }
        assertThat(ticketsFrom(customer)).as("the reply joined the ticket, it opened no second one").isEqualTo(1);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900))) {
            Page page = context.newPage();
            Chromium.signIn(page, port, agent.email());
            page.navigate("http://localhost:" + port + "/tickets/" + ticketOf(customer));
            assertThat(page.locator(".conversation .entry")).hasCount(3);
            assertThat(page.locator(".conversation .entry").last()).containsText("can I get the PDF again?");
            page.screenshot(new Page.ScreenshotOptions().setPath(DealBoardJourneyTest.SCREENSHOTS
                    .resolve("mail-to-ticket.png")).setFullPage(true));
        }
    }

    private void readMailbox(Page page) {
        page.locator("aside li", new Page.LocatorOptions().setHasText("Help desk " + suffix))
                .getByText("Read now").click();
        assertThat(page.locator(".flash")).isVisible();
    }

    private long ticketsFrom(String address) {
        return jdbc.sql("select count(*) from tickets where requester_email = :e").param("e", address)
                .query(Long.class).single();
    }

    private long ticketOf(String address) {
        return jdbc.sql("select id from tickets where requester_email = :e").param("e", address).query(Long.class)
                .single();
    }

    private long messagesOnTicket(String address) {
        return jdbc.sql("select count(*) from ticket_messages m join tickets t on t.id = m.ticket_id "
                + "where t.requester_email = :e").param("e", address).query(Long.class).single();
    }

    private static boolean sentTo(MimeMessage message, String address) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
