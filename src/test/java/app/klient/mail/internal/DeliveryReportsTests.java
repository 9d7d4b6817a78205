package app.klient.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import app.klient.mail.DeliveryReport;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** Reading RFC 3464 delivery status notifications and RFC 5965 feedback reports as mail systems write them. */
class DeliveryReportsTests {

    private static MimeMessage raw(String source) throws Exception {
        return new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(source.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_postfix_bounce_names_the_recipient_the_permanent_status_and_the_original_message() throws Exception {
        DeliveryReport report = DeliveryReports.read(raw("""
                From: MAILER-DAEMON@mx.test
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Sorry.

                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.test

                Final-Recipient: rfc822; Jan.Novak@Customer.test
                Action: failed
                Status: 5.1.1 (bad destination mailbox address)
                Diagnostic-Code: smtp; 550 5.1.1 User unknown
                 in virtual mailbox table

                Final-Recipient: rfc822; eva@customer.test
                Action: delayed
                Status: 4.2.2

                --b
                Content-Type: message/rfc822

                From: news@klient.test
                To: Jan.Novak@Customer.test
                Message-ID: <c1.2@klient.test>
                Subject: News

                Body.
                --b--
                """), 1, 2, "BOUNCES").orElseThrow();
        assertThat(report.kind()).isEqualTo(DeliveryReport.Kind.DELIVERY_STATUS);
        assertThat(report.originalMessageId()).isEqualTo("<c1.2@klient.test>");
        assertThat(report.recipients()).hasSize(2);
        DeliveryReport.Recipient jan = report.recipients().get(0);
        assertThat(jan.address()).isEqualTo("jan.novak@customer.test");
        assertThat(jan.status()).isEqualTo("5.1.1");
        assertThat(jan.permanent()).isTrue();
        assertThat(jan.diagnostic()).contains("User unknown in virtual mailbox table");
        assertThat(report.recipients().get(1).temporary()).isTrue();
    }

    @Test
    void an_arf_complaint_names_the_complaining_recipient_from_the_quoted_message() throws Exception {
        DeliveryReport report = DeliveryReports.read(raw("""
                From: complaints@provider.test
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

                --arf
                Content-Type: text/plain

                This is an abuse report.

                --arf
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1

                --arf
                Content-Type: message/rfc822
                Content-Disposition: inline

                From: news@klient.test
                To: karel@customer.test
                Message-ID: <c3.4@klient.test>
                Subject: News

                Body.

                --arf--
                """), 1, 2, "BOUNCES").orElseThrow();
        assertThat(report.kind()).isEqualTo(DeliveryReport.Kind.COMPLAINT);
        assertThat(report.feedbackType()).isEqualTo("abuse");
        assertThat(report.originalMessageId()).isEqualTo("<c3.4@klient.test>");
        assertThat(report.recipients()).extracting(DeliveryReport.Recipient::address)
                .containsExactly("karel@customer.test");
    }

    @Test
    void a_plain_message_or_a_report_without_its_machine_part_is_no_report() throws Exception {
        assertThat(DeliveryReports.read(raw("""
                From: someone@test
                Subject: Hi
                Content-Type: text/plain

                Hello.
                """), 1, 2, "BOUNCES")).isEmpty();
        assertThat(DeliveryReports.read(raw("""
                From: someone@test
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Only words.
                --b--
                """), 1, 2, "BOUNCES")).isEmpty();
    }
}
