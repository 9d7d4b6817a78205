package app.klient.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.IsdocSchema;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Quotes, orders, invoices and documents e-mailed to the customer, received by a real SMTP server (GreenMail); a
 * Czech invoice carries its ISDOC file beside the PDF.
 */
class DocumentMailTests extends WebTest {

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
    void a_quote_goes_to_the_buyer_with_its_pdf_in_the_customers_language_and_is_marked_sent() throws Exception {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String domain = "odbiorca-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long company = company(api, "Odbiorca Sp. z o.o.", "PL", null);
        long jan = api.postJson("/api/v1/contacts", """
                {"firstName": "Jan", "lastName": "Kowalski", "emails": ["jan@%s"], "companyId": %d,
                 "preferredLanguage": "pl"}""".formatted(domain, company)).json().get("id").asLong();
        api.postJson("/api/v1/contacts", """
                {"firstName": "Ewa", "lastName": "Nowak", "emails": ["ewa@%s"], "companyId": %d}"""
                .formatted(domain, company));
        JsonNode quote = api.postJson("/api/v1/quotes", """
                {"companyId": %d, "contactId": %d, "language": "pl", "lines": [{"description": "Pompa",
                 "quantity": 2, "unitPrice": 100, "taxRate": 23}]}""".formatted(company, jan)).json();
        long id = quote.get("id").asLong();

        Http.Response sent = api.postJson("/api/v1/quotes/" + id + "/email", """
                {"markSent": true, "version": %d}""".formatted(quote.get("version").asInt()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(sent.json().get("to").toString()).as("the buyer by default").isEqualTo("[\"jan@" + domain + "\"]");
        assertThat(sent.json().get("quoteStatus").asString()).isEqualTo("SENT");
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage received = only(domain);
        assertThat(received.getSubject()).startsWith("Oferta " + quote.get("number").asString() + " – ");
        assertThat(text(received)).contains("Dzień dobry").contains("w załączniku przesyłam dokument: Oferta")
                .contains(seller.name());
        assertThat(pdfText(received)).contains("Oferta " + quote.get("number").asString()).contains("Pompa");
        assertThat(api.get("/api/v1/quotes/" + id).json().get("status").asString()).isEqualTo("SENT");
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").body()).contains("DOCUMENT_EMAILED")
                .contains("jan@" + domain);

        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "pl", "lines": [{"description": "Pompa", "quantity": 1,
                 "unitPrice": 100, "taxRate": 23}]}""".formatted(company)).json();
        long invoiceId = invoice.get("id").asLong();
        long outbox = count("outgoing_mail");
        Http.Response stranger = api.postJson("/api/v1/invoices/" + invoiceId + "/email",
                "{\"to\": [\"someone@elsewhere.test\"]}");
        assertThat(stranger.status()).as("only the customer's own addresses").isEqualTo(400);
        assertThat(stranger.json().get("errors").findValuesAsString("field")).containsExactly("to");
        assertThat(apiAs(Role.SALES).postJson("/api/v1/invoices/" + invoiceId + "/email", "{}").status())
                .as("another salesperson's invoice").isEqualTo(403);
        assertThat(apiAs(Role.MARKETING).postJson("/api/v1/invoices/" + invoiceId + "/email", "{}").status())
                .isEqualTo(403);
        assertThat(count("outgoing_mail")).isEqualTo(outbox);

        Http browser = signedIn(seller);
        String page = browser.get("/invoices/" + invoiceId + "/email").body();
        assertThat(page).contains("ewa@" + domain).contains("jan@" + domain).contains("Faktura VAT");
        Http.Response fromPage = browser.postForm("/invoices/" + invoiceId + "/email", Map.of("to", "ewa@" + domain,
                "subject", "Faktura dla Pani Ewy", "body", "Dzień dobry Pani Ewo,\n\nfaktura w załączniku."));
        assertThat(fromPage.location()).isEqualTo("/invoices/" + invoiceId);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage toEwa = java.util.Arrays.stream(mail.getReceivedMessagesForDomain(domain))
                .filter(m -> subject(m).equals("Faktura dla Pani Ewy")).findFirst().orElseThrow();
        assertThat(toEwa.getAllRecipients()[0].toString()).isEqualTo("ewa@" + domain);
        assertThat(pdfText(toEwa)).contains("Faktura VAT " + invoice.get("number").asString());
        assertThat(browser.get("/invoices/" + invoiceId).body()).contains("/invoices/" + invoiceId + "/email");
    }

    @Test
    void orders_and_generated_documents_are_sent_as_pdf_too() throws Exception {
        UserSummary seller = testUsers.create(Role.MANAGER);
        Http api = api(seller);
        String domain = "zakaznik-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long company = company(api, "Zákazník s.r.o.", "CZ", null);
        api.postJson("/api/v1/contacts", """
                {"firstName": "Petr", "lastName": "Svoboda", "emails": ["petr@%s"], "companyId": %d,
                 "preferredLanguage": "cs"}""".formatted(domain, company));
        JsonNode order = api.postJson("/api/v1/orders", """
                {"companyId": %d, "lines": [{"description": "Čerpadlo", "quantity": 1, "unitPrice": 100,
                 "taxRate": 23}]}""".formatted(company)).json();
        Http.Response sent = api.postJson("/api/v1/orders/" + order.get("id").asLong() + "/email", "{}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        long template = 0;
        for (JsonNode t : api.get("/api/v1/document-templates").json()) {
            if (t.get("kind").asString().equals("CONTRACT") && t.get("language").asString().equals("cs")) {
                template = t.get("id").asLong();
            }
        }
        long document = api.postJson("/api/v1/documents", """
                {"templateId": %d, "recordType": "COMPANY", "recordId": %d}""".formatted(template, company)).json()
                .get("id").asLong();
        assertThat(api.postJson("/api/v1/documents/" + document + "/email", "{}").status()).isEqualTo(202);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
        assertThat(received).hasSize(2);
        assertThat(java.util.Arrays.stream(received).map(DocumentMailTests::subject))
                .anyMatch(s -> s.startsWith("Objednávka " + order.get("number").asString()))
                .anyMatch(s -> s.startsWith("Kupní smlouva"));
        for (MimeMessage m : received) {
            assertThat(text(m)).as("Czech for a Czech contact").contains("Dobrý den");
            assertThat(pdfText(m)).isNotBlank();
        }
    }

    @Test
    void a_czech_invoice_is_e_mailed_with_its_pdf_and_its_isdoc_file() throws Exception {
        UserSummary manager = testUsers.create(Role.MANAGER);
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

    private static MimeMessage only(String domain) {
        MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        StringBuilder text = new StringBuilder();
        collect(parts, text, null);
        return text.toString();
    }

    private static String pdfText(MimeMessage message) throws Exception {
        java.util.List<byte[]> pdfs = new java.util.ArrayList<>();
        collect((Multipart) message.getContent(), new StringBuilder(), pdfs);
        assertThat(pdfs).as("one PDF attached").hasSize(1);
        try (PDDocument document = Loader.loadPDF(pdfs.get(0))) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
        }
    }

    private static void collect(Multipart parts, StringBuilder text, java.util.List<byte[]> pdfs) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                collect(nested, text, pdfs);
            }
            else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                    || part.getContentType().toLowerCase().startsWith("application/pdf")) {
                if (pdfs != null) {
                    assertThat(part.getFileName()).endsWith(".pdf");
                    pdfs.add(part.getInputStream().readAllBytes());
                }
            }
            else {
                text.append(part.getContent());
            }
        }
    }
}
