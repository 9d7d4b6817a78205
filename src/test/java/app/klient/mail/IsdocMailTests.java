package app.klient.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.IsdocSchema;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** A Czech invoice e-mailed to the customer carries its ISDOC file beside the PDF; other invoices only the PDF. */
class IsdocMailTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(java.util.Arrays.stream(ServerSetupTest.SMTP_IMAP)
            .map(com.icegreen.greenmail.util.ServerSetup::dynamicPort)
            .toArray(com.icegreen.greenmail.util.ServerSetup[]::new));

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'sales@klient.test',
                    from_name = 'Klient Sales' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    @Test
    void a_czech_invoice_is_e_mailed_with_its_pdf_and_its_isdoc_file() throws Exception {
        app.klient.identity.UserSummary manager = testUsers.create(Role.MANAGER);
        Http api = api(manager);
        String domain = "odberatel-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long czech = company(api, "Odběratel s.r.o.", "CZ", null);
        api.postJson("/api/v1/contacts", """
                {"firstName": "Petr", "lastName": "Svoboda", "emails": ["petr@%s"], "companyId": %d,
                 "preferredLanguage": "cs"}""".formatted(domain, czech));
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "cs", "lines": [{"description": "Čerpadlo", "quantity": 1,
                 "unitPrice": 100, "taxRate": 23}]}""".formatted(czech)).json();
        String number = invoice.get("number").asString();
        String file = number.replaceAll("[^A-Za-z0-9._-]", "-");
        assertThat(signedIn(manager).get("/invoices/" + invoice.get("id").asLong() + "/email").body())
                .as("the page says what is attached").contains(file + ".pdf, " + file + ".isdoc");

        Http.Response sent = api.postJson("/api/v1/invoices/" + invoice.get("id").asLong() + "/email", "{}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage received = mail.getReceivedMessagesForDomain(domain)[0];
        List<BodyPart> attachments = attachments((Multipart) received.getContent());
        assertThat(attachments).extracting(BodyPart::getFileName).containsExactly(file + ".pdf", file + ".isdoc");
        assertThat(attachments.get(1).getContentType()).startsWith("application/xml");
        byte[] isdoc = attachments.get(1).getInputStream().readAllBytes();
        assertThat(IsdocSchema.errors(isdoc)).isEmpty();
        assertThat(new String(isdoc, java.nio.charset.StandardCharsets.UTF_8)).contains("<ID>" + number + "</ID>");

        String polishDomain = "odbiorca-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long polish = company(api, "Odbiorca Sp. z o.o.", "PL", null);
        api.postJson("/api/v1/contacts", """
                {"firstName": "Jan", "lastName": "Nowak", "emails": ["jan@%s"], "companyId": %d}"""
                .formatted(polishDomain, polish));
        JsonNode domestic = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "pl", "lines": [{"description": "Pompa", "quantity": 1,
                 "unitPrice": 100, "taxRate": 23}]}""".formatted(polish)).json();
        assertThat(api.postJson("/api/v1/invoices/" + domestic.get("id").asLong() + "/email", "{}").status())
                .isEqualTo(202);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(attachments((Multipart) mail.getReceivedMessagesForDomain(polishDomain)[0].getContent()))
                .as("a Polish invoice to a Polish customer: the PDF alone").extracting(BodyPart::getFileName)
                .containsExactly(domestic.get("number").asString().replaceAll("[^A-Za-z0-9._-]", "-") + ".pdf");
    }

    private static List<BodyPart> attachments(Multipart parts) throws Exception {
        List<BodyPart> found = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                found.addAll(attachments(nested));
            }
            else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                found.add(part);
            }
        }
        return found;
    }
}
