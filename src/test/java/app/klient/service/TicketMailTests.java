package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * What customers send reaches the service desk whatever state the mail is in: a message Klient cannot read, a mail
 * server that is down, a reply sent to the wrong mailbox, an auto-responder, a copy to two mailboxes.
 */
class TicketMailTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(java.util.Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(ServerSetup::dynamicPort).toArray(ServerSetup[]::new));

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void smtp() {
        smtpOn(mail.getSmtp().getPort());
    }

    private void smtpOn(int port) {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'hello@klient.test' where id = 1""")
                .param("port", port).update();
    }

    private record Box(long id, String address, GreenMailUser user) {
    }

    private Box mailbox(Http admin, String name, String purpose) {
        String address = name + "-" + suffix + "@klient.test";
        GreenMailUser user = mail.setUser(address, address, "secret");
        long id = admin.postJson("/api/v1/mailboxes", """
                {"name": "%s", "host": "localhost", "port": %d, "username": "%s", "password": "secret",
                 "security": "NONE", "purpose": "%s"}""".formatted(name, mail.getImap().getPort(), address, purpose))
                .json().get("id").asLong();
        return new Box(id, address, user);
    }

    private static MimeMessage raw(String source) throws Exception {
        return new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(source.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    private String customer(String name) {
        return name + "." + suffix + "@customer-" + suffix + ".test";
    }

    private long ticketsFrom(String address) {
        return jdbc.sql("select count(*) from tickets where requester_email = :e").param("e", address)
                .query(Long.class).single();
    }

    private MimeMessage[] receivedBy(String address) {
        return java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients() != null && java.util.Arrays.stream(m.getAllRecipients())
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            }
            catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    @Test
    void a_message_klient_cannot_read_is_kept_raw_and_the_mailbox_goes_on() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box support = mailbox(admin, "desk", "SUPPORT");
        String nul = customer("nul");
        String charset = customer("charset");
        String broken = customer("broken");
        String fine = customer("fine");
        support.user().deliver(raw("""
                From: %s
                To: %s
                Subject: Printer\0 jammed
                Message-ID: <nul-%s@customer.test>
                Content-Type: text/plain; charset=UTF-8

                The printer\0 jammed again.
                """.formatted(nul, support.address(), suffix)));
        support.user().deliver(raw("""
                From: %s
                To: %s
                Subject: Strange letters
                Message-ID: <charset-%s@customer.test>
                Content-Type: text/plain; charset=x-klingon-7

                Dobr\u00fd den, nejde to.
                """.formatted(charset, support.address(), suffix)));
        support.user().deliver(raw("""
                From: %s
                To: %s
                Subject: Broken structure
                Message-ID: <broken-%s@customer.test>
                MIME-Version: 1.0
                Content-Type: text/plain
                Content-Transfer-Encoding: x-klingon

                no known encoding anywhere
                """.formatted(broken, support.address(), suffix)));
        GreenMailUtil.sendTextEmail(support.address(), fine, "Still works?", "A normal message after them.",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 1);

        assertThat(admin.postJson("/api/v1/mailboxes/" + support.id() + "/poll", "").json().get("stored").asInt())
                .isEqualTo(4);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ticketsFrom(fine) == 1 && ticketsFrom(nul) == 1
                && ticketsFrom(charset) == 1);
        assertThat(jdbc.sql("select body from emails where message_id = :m").param("m", "<nul-" + suffix
                + "@customer.test>").query(String.class).single()).contains("The printer jammed again.").doesNotContain("\0");
        assertThat(jdbc.sql("select body from emails where message_id = :m").param("m", "<charset-" + suffix
                + "@customer.test>").query(String.class).single()).contains("nejde to");

        JsonNode unreadable = admin.get("/api/v1/emails/" + jdbc.sql("select id from emails where message_id = :m")
                .param("m", "<broken-" + suffix + "@customer.test>").query(Long.class).single()).json();
        assertThat(unreadable.get("readError").asString()).isNotBlank();
        assertThat(unreadable.get("status").asString()).as("waits in the inbox for a person").isEqualTo("UNASSIGNED");
        JsonNode source = unreadable.get("attachments").get(0);
        assertThat(source.get("filename").asString()).isEqualTo("message.eml");
        assertThat(admin.get("/api/v1/" + source.get("path").asString()).body()).contains("no known encoding anywhere")
                .contains("Broken structure");
        assertThat(signedInAs(Role.ADMIN).get("/inbox").body()).contains("Broken structure").contains("message.eml");
        assertThat(jdbc.sql("select last_error from mailboxes where id = :id").param("id", support.id())
                .query(String.class).optional().orElse(null)).isNull();
    }

    @Test
    void a_ticket_arriving_while_the_mail_server_is_down_is_kept_and_acknowledged_once_it_is_back() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box support = mailbox(admin, "help", "SUPPORT");
        String customer = customer("waiting");
        smtpOn(1);
        GreenMailUtil.sendTextEmail(support.address(), customer, "Down too?", "Our line is down.",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 1);
        admin.postJson("/api/v1/mailboxes/" + support.id() + "/poll", "");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ticketsFrom(customer) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("""
                select count(*) from outgoing_mail where status = 'PENDING' and attempts = 1
                    and :to = any (to_addresses)""").param("to", customer).query(Long.class).single() == 1);
        assertThat(receivedBy(customer)).isEmpty();

        smtpOn(mail.getSmtp().getPort());
        admin.postJson("/api/v1/mail/outbox/retry", "");
        MimeMessage[] acks = receivedBy(customer);
        assertThat(acks).hasSize(1);
        String number = jdbc.sql("select number from tickets where requester_email = :e").param("e", customer)
                .query(String.class).single();
        assertThat(acks[0].getSubject()).contains(number);
        assertThat(acks[0].getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat(acks[0].getReplyTo()[0].toString()).isEqualTo(support.address());
        assertThat(jdbc.sql("select count(*) from outgoing_mail where status = 'PENDING' and :to = any (to_addresses)")
                .param("to", customer).query(Long.class).single()).isZero();
    }

    @Test
    void a_reply_sent_to_the_sales_mailbox_still_joins_its_ticket() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box support = mailbox(admin, "care", "SUPPORT");
        Box sales = mailbox(admin, "sales", "SALES");
        String customer = customer("wanderer");
        GreenMailUtil.sendTextEmail(support.address(), customer, "Invoice missing", "Where is my invoice?",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 1);
        admin.postJson("/api/v1/mailboxes/" + support.id() + "/poll", "");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receivedBy(customer).length == 1);
        MimeMessage ack = receivedBy(customer)[0];
        long ticket = jdbc.sql("select id from tickets where requester_email = :e").param("e", customer)
                .query(Long.class).single();

        // the customer's mail client answers the sales address (say, from an old conversation) in the ticket's thread
        MimeMessage reply = GreenMailUtil.createTextEmail(sales.address(), customer, "Re: " + ack.getSubject(),
                "Found it, thanks.", mail.getSmtp().getServerSetup());
        reply.setHeader("In-Reply-To", ack.getMessageID());
        GreenMailUtil.sendMimeMessage(reply);
        // and once more by the number alone, with no thread headers
        String number = jdbc.sql("select number from tickets where id = :id").param("id", ticket).query(String.class)
                .single();
        GreenMailUtil.sendTextEmail(sales.address(), customer, "About [" + number + "]", "One more thing.",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 4);
        admin.postJson("/api/v1/mailboxes/" + sales.id() + "/poll", "");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("""
                select count(*) from ticket_messages where ticket_id = :t and kind = 'CUSTOMER'""")
                .param("t", ticket).query(Long.class).single() == 3); // the first message and both replies
        assertThat(ticketsFrom(customer)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from emails where mailbox_id = :m and status = 'UNASSIGNED'")
                .param("m", sales.id()).query(Long.class).single()).as("not waiting in the Inbox as well").isZero();
    }

    @Test
    void auto_replies_and_bounces_open_no_ticket_and_get_no_answer() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box support = mailbox(admin, "auto", "SUPPORT");
        String away = customer("away");
        String daemon = "mailer-daemon@customer-" + suffix + ".test";
        support.user().deliver(raw("""
                From: %s
                To: %s
                Subject: Out of office
                Auto-Submitted: auto-replied
                Message-ID: <away-%s@customer.test>
                Content-Type: text/plain

                I am on holiday until Monday.
                """.formatted(away, support.address(), suffix)));
        support.user().deliver(raw("""
                From: %s
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <bounce-%s@customer.test>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                The mail system could not deliver your message.
                --b1
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; gone@customer.test
                Action: failed
                Status: 5.1.1
                --b1--
                """.formatted(daemon, support.address(), suffix)));
        String person = customer("person");
        GreenMailUtil.sendTextEmail(support.address(), person, "A real question", "Is this a person?",
                mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(5000, 1);
        assertThat(admin.postJson("/api/v1/mailboxes/" + support.id() + "/poll", "").json().get("stored").asInt())
                .isEqualTo(3);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ticketsFrom(person) == 1);
        Thread.sleep(500);
        assertThat(ticketsFrom(away) + ticketsFrom(daemon)).isZero();
        assertThat(receivedBy(away)).isEmpty();
        assertThat(receivedBy(daemon)).isEmpty();
        assertThat(jdbc.sql("select count(*) from emails where mailbox_id = :m and status = 'UNASSIGNED'")
                .param("m", support.id()).query(Long.class).single()).as("kept for a person to look at").isEqualTo(2);
    }

    @Test
    void a_message_to_sales_with_support_in_copy_opens_a_ticket_and_is_on_the_timeline_once() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box support = mailbox(admin, "copy-desk", "SUPPORT");
        Box sales = mailbox(admin, "copy-sales", "SALES");
        String customer = customer("copier");
        long contact = admin.postJson("/api/v1/contacts", """
                {"firstName": "Carla", "lastName": "Copy", "emails": ["%s"]}""".formatted(customer)).json().get("id")
                .asLong();
        MimeMessage both = GreenMailUtil.createTextEmail(sales.address(), customer, "Order and a problem",
                "Please also fix the broken part.", mail.getSmtp().getServerSetup());
        both.setRecipients(jakarta.mail.Message.RecipientType.CC, support.address());
        GreenMailUtil.sendMimeMessage(both);
        mail.waitForIncomingEmail(5000, 2);
        assertThat(admin.postJson("/api/v1/mailboxes/" + sales.id() + "/poll", "").json().get("stored").asInt())
                .isEqualTo(1);
        assertThat(admin.postJson("/api/v1/mailboxes/" + support.id() + "/poll", "").json().get("stored").asInt())
                .isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ticketsFrom(customer) == 1);
        assertThat(admin.get("/api/v1/emails?contactId=" + contact).json().findValuesAsString("subject"))
                .containsExactly("Order and a problem");
    }

    @Test
    void a_file_too_large_to_keep_is_named_on_its_message() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Box sales = mailbox(admin, "big", "SALES");
        String customer = customer("big");
        byte[] video = new byte[app.klient.platform.files.StoredFile.MAX_BYTES + 1234];
        GreenMailUtil.sendAttachmentEmail(sales.address(), customer, "Our video", "See the video.", video,
                "video/mp4", "machine.mp4", "the machine", mail.getSmtp().getServerSetup());
        mail.waitForIncomingEmail(10000, 1);
        admin.postJson("/api/v1/mailboxes/" + sales.id() + "/poll", "");
        long email = jdbc.sql("select id from emails where from_address = :f").param("f", customer).query(Long.class)
                .single();
        JsonNode file = admin.get("/api/v1/emails/" + email).json().get("attachments").get(0);
        assertThat(file.get("filename").asString()).isEqualTo("machine.mp4");
        assertThat(file.get("size").asLong()).isEqualTo(video.length);
        assertThat(file.get("path").isNull()).isTrue();
        long attachment = file.get("id").asLong();
        assertThat(admin.get("/api/v1/emails/" + email + "/attachments/" + attachment).status()).isEqualTo(404);
        assertThat(signedInAs(Role.ADMIN).get("/inbox").body()).contains("machine.mp4").contains("too large");
    }
}
