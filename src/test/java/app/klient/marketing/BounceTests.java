package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bounces and complaints read over IMAP from a Bounces mailbox (GreenMail): RFC 3464 delivery status notifications
 * and RFC 5965 feedback reports keep the suppression list.
 */
class BounceTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(ServerSetup::dynamicPort).toArray(ServerSetup[]::new));

    private String suffix;
    private long mailbox;
    private GreenMailUser bounces;
    private Http admin;

    @BeforeEach
    void bounceMailbox() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = apiAs(Role.ADMIN);
        String address = "bounces-" + suffix + "@klient.test";
        bounces = mail.setUser(address, address, "secret");
        Http.Response made = admin.postJson("/api/v1/mailboxes", """
                {"name": "Bounces %s", "host": "localhost", "port": %d, "username": "%s", "password": "secret",
                 "security": "NONE", "purpose": "BOUNCES"}""".formatted(suffix, mail.getImap().getPort(), address));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        mailbox = made.json().get("id").asLong();
    }

    private record Sent(long campaign, long contact, String address, String messageId) {
    }

    private Sent sent(String name) {
        String address = name.toLowerCase() + "." + suffix + "@customer.test";
        long contact = admin.postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "Bounced", "emails": ["%s"]}""".formatted(name, address))
                .json().get("id").asLong();
        long purpose = jdbc.sql("select id from consent_purposes where key = 'newsletter'").query(Long.class).single();
        long consent = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source)
                values (:contact, :address, :purpose, 'EMAIL', 'GIVEN', 'MANUAL') returning id""")
                .param("contact", contact).param("address", address).param("purpose", purpose).query(Long.class)
                .single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                values (:contact, :purpose, 'EMAIL', 'GIVEN', :consent, now())""").param("contact", contact)
                .param("purpose", purpose).param("consent", consent).update();
        long campaign = jdbc.sql("""
                insert into campaigns (name, purpose_id, state) values (:name, :purpose, 'SENT') returning id""")
                .param("name", "Autumn news " + suffix).param("purpose", purpose).query(Long.class).single();
        String messageId = "<campaign-" + campaign + "-" + contact + "@klient.test>";
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id)
                values (:campaign, :contact, :address, 'en', 'SENT', :mid)""").param("campaign", campaign)
                .param("contact", contact).param("address", address).param("mid", messageId).update();
        return new Sent(campaign, contact, address, messageId);
    }

    private static MimeMessage raw(String source) throws Exception {
        return new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(source.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A delivery status notification as Postfix writes one (RFC 3464). */
    private MimeMessage dsn(Sent sent, String action, String status, String diagnostic) throws Exception {
        String boundary = "dsn-" + UUID.randomUUID();
        return raw("""
                From: MAILER-DAEMON@mx.customer.test (Mail Delivery System)
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <%2$s@mx.customer.test>
                Auto-Submitted: auto-replied
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="%3$s"

                --%3$s
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mx.customer.test. I'm sorry to have to inform you that your message
                could not be delivered to one or more recipients.

                --%3$s
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.customer.test
                Arrival-Date: Mon, 30 Nov 2026 10:00:00 +0100

                Final-Recipient: rfc822; %4$s
                Original-Recipient: rfc822;%4$s
                Action: %5$s
                Status: %6$s
                Diagnostic-Code: smtp; %7$s
                 (continued on a folded line)

                --%3$s
                Content-Type: text/rfc822-headers

                From: Klient <news@klient.test>
                To: %4$s
                Subject: Autumn news
                Message-ID: %8$s

                --%3$s--
                """.formatted(bounces.getEmail(), UUID.randomUUID(), boundary, sent.address(), action, status,
                diagnostic, sent.messageId()));
    }

    /** A complaint as mail providers send them (ARF, RFC 5965), quoting the whole message. */
    private MimeMessage complaint(Sent sent) throws Exception {
        String boundary = "arf-" + UUID.randomUUID();
        return raw("""
                From: complaints@provider.test
                To: %1$s
                Subject: Complaint about message
                Message-ID: <%2$s@provider.test>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="%3$s"

                --%3$s
                Content-Type: text/plain; charset=us-ascii

                This is an email abuse report for an email message received from IP 192.0.2.1.

                --%3$s
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Original-Mail-From: <news@klient.test>
                Arrival-Date: Thu, 8 Mar 2026 14:00:00 EDT
                Reported-Domain: klient.test

                --%3$s
                Content-Type: message/rfc822
                Content-Disposition: inline

                From: Klient <news@klient.test>
                To: %4$s
                Subject: Autumn news
                Message-ID: %5$s
                Content-Type: text/plain

                Our autumn news.

                --%3$s--
                """.formatted(bounces.getEmail(), UUID.randomUUID(), boundary, sent.address(), sent.messageId()));
    }

    private void poll() {
        admin.postJson("/api/v1/mailboxes/" + mailbox + "/poll", "");
    }

    private String suppressed(String address) {
        return jdbc.sql("select reason from suppressions where address = :a").param("a", address)
                .query(String.class).optional().orElse(null);
    }

    private long events(Sent sent, String kind) {
        return jdbc.sql("""
                select count(*) from marketing_events where campaign_id = :c and contact_id = :k and kind = :kind""")
                .param("c", sent.campaign()).param("k", sent.contact()).param("kind", kind).query(Long.class)
                .single();
    }

    @Test
    void a_hard_bounce_suppresses_the_address_and_marks_the_recipient_bounced() throws Exception {
        Sent ivan = sent("Ivan");
        bounces.deliver(dsn(ivan, "failed", "5.1.1", "550 5.1.1 <" + ivan.address() + ">: User unknown"));
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> suppressed(ivan.address()) != null);
        assertThat(suppressed(ivan.address())).isEqualTo("HARD_BOUNCE");
        assertThat(jdbc.sql("select detail from suppressions where address = :a").param("a", ivan.address())
                .query(String.class).single()).contains("5.1.1").contains("User unknown");
        assertThat(jdbc.sql("select state from campaign_recipients where campaign_id = :c").param("c", ivan.campaign())
                .query(String.class).single()).isEqualTo("BOUNCED");
        assertThat(events(ivan, "HARD_BOUNCE")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from timeline_entries where contact_id = :c and kind = 'CAMPAIGN_BOUNCED'")
                .param("c", ivan.contact()).query(Long.class).single()).isEqualTo(1);
        // the bounce waits in nobody's inbox
        assertThat(jdbc.sql("select status from emails where mailbox_id = :m").param("m", mailbox).query(String.class)
                .single()).isEqualTo("RECEIVED");
    }

    @Test
    void soft_bounces_suppress_after_three_in_a_row_and_a_delivery_ends_the_streak() throws Exception {
        Sent jana = sent("Jana");
        bounces.deliver(dsn(jana, "delayed", "4.2.2", "452 4.2.2 Mailbox full"));
        bounces.deliver(dsn(jana, "delayed", "4.2.2", "452 4.2.2 Mailbox full"));
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> events(jana, "SOFT_BOUNCE") == 2);
        assertThat(suppressed(jana.address())).isNull();
        // a message that arrived (here: reported delivered) ends the streak
        bounces.deliver(dsn(jana, "delivered", "2.0.0", "250 2.0.0 Ok"));
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from soft_bounces where address = :a").param("a", jana.address()).query(Long.class)
                .single() == 0);
        for (int i = 0; i < 2; i++) {
            bounces.deliver(dsn(jana, "delayed", "4.4.1", "421 4.4.1 Connection timed out"));
        }
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> events(jana, "SOFT_BOUNCE") == 4);
        assertThat(suppressed(jana.address())).as("two in a row after the delivery").isNull();
        bounces.deliver(dsn(jana, "failed", "4.2.2", "452 4.2.2 Mailbox full"));
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> suppressed(jana.address()) != null);
        assertThat(suppressed(jana.address())).isEqualTo("SOFT_BOUNCES");
    }

    @Test
    void a_complaint_suppresses_the_address_and_withdraws_every_marketing_consent() throws Exception {
        Sent karel = sent("Karel");
        bounces.deliver(complaint(karel));
        poll();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> suppressed(karel.address()) != null);
        assertThat(suppressed(karel.address())).isEqualTo("COMPLAINT");
        assertThat(jdbc.sql("select state from consent_states where contact_id = :c").param("c", karel.contact())
                .query(String.class).list()).containsOnly("WITHDRAWN");
        assertThat(jdbc.sql("select source from consents where contact_id = :c order by id desc limit 1")
                .param("c", karel.contact()).query(String.class).single()).isEqualTo("COMPLAINT");
        assertThat(events(karel, "COMPLAINT")).isEqualTo(1);
    }

    @Test
    void a_report_about_a_salespersons_own_mail_in_a_sales_mailbox_suppresses_nothing() throws Exception {
        String address = "sales-" + suffix + "@klient.test";
        GreenMailUser sales = mail.setUser(address, address, "secret");
        long salesBox = admin.postJson("/api/v1/mailboxes", """
                {"name": "Sales %s", "host": "localhost", "port": %d, "username": "%s", "password": "secret",
                 "security": "NONE", "purpose": "SALES"}""".formatted(suffix, mail.getImap().getPort(), address))
                .json().get("id").asLong();
        Sent someone = new Sent(0, 0, "lenka." + suffix + "@customer.test", "<personal-" + suffix + "@klient.test>");
        sales.deliver(dsn(someone, "failed", "5.1.1", "550 User unknown"));
        admin.postJson("/api/v1/mailboxes/" + salesBox + "/poll", "");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "select count(*) from emails where mailbox_id = :m").param("m", salesBox).query(Long.class)
                .single() == 1);
        Thread.sleep(1500);
        assertThat(suppressed(someone.address())).isNull();
    }
}
