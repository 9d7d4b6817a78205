package app.klient.billing.ksef;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The verification code "KOD I" on the printed invoice (kody-qr.md): the link built exactly as the Ministry's worked
 * example, drawn on the PDF so that a reader decodes the same link, with the KSeF number under it or OFFLINE until
 * KSeF gave one; no code on an invoice KSeF never got.
 */
class KsefQrCodeTests extends WebTest {

    @Autowired
    InvoiceFiles files;

    private Map<String, String> sellerBefore;

    @BeforeEach
    void a_polish_seller_with_its_nip() {
        sellerBefore = seller(Map.of("country", "PL", "taxId", "526-104-08-28"));
    }

    @AfterEach
    void put_back() {
        jdbc.sql("update ksef_settings set environment = 'TEST'").update();
        seller(sellerBefore);
    }

    @Test
    void the_link_is_the_ministrys_worked_example_for_the_same_inputs() {
        byte[] hash = Base64.getUrlDecoder().decode("UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE");
        assertThat(KsefQrCode.verificationUrl(KsefEnvironment.TEST, "1111111111", LocalDate.of(2026, 2, 1), hash))
                .isEqualTo("https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/"
                        + "UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE");
        assertThat(KsefQrCode.verificationUrl(KsefEnvironment.PRODUCTION, "1111111111", LocalDate.of(2026, 12, 31),
                hash)).startsWith("https://qr.ksef.mf.gov.pl/invoice/1111111111/31-12-2026/");
    }

    @Test
    void the_pdf_carries_the_code_of_the_stored_xml_with_the_ksef_number_or_offline() throws Exception {
        UserSummary owner = testUsers.create(Role.SALES);
        Http api = api(owner);
        long buyer = company(api, "Nabywca QR " + System.nanoTime(), "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "pl", "lines": [
                  {"description": "Łożysko", "quantity": 2, "unitPrice": 100, "taxRate": 23}]}""".formatted(buyer))
                .json();
        long id = invoice.get("id").asLong();
        byte[] sha256 = files.find(id, "FA3").orElseGet(() -> files.store(id, "FA3",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Faktura><P_2>" + invoice.get("number").asString()
                        + "</P_2></Faktura>").getBytes(StandardCharsets.UTF_8))).sha256();
        LocalDate issued = LocalDate.parse(invoice.get("issueDate").asString());
        String expected = "https://qr-demo.ksef.mf.gov.pl/invoice/5261040828/"
                + "%02d-%02d-%d".formatted(issued.getDayOfMonth(), issued.getMonthValue(), issued.getYear()) + "/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256);
        jdbc.sql("update ksef_settings set environment = 'DEMO'").update();

        byte[] none = pdf(owner, id);
        assertThat(text(none)).as("KSeF never got it: no code, no label").doesNotContain("OFFLINE");
        assertThat(qr(none)).isNull();

        // queued while the settings said DEMO, as the queue records it
        jdbc.sql("insert into ksef_submissions (invoice_id, state, offline, invoice_hash, environment) "
                + "values (:id, 'WAITING', true, :hash, 'DEMO')").param("id", id).param("hash", sha256).update();
        byte[] offline = pdf(owner, id);
        assertThat(qr(offline)).isEqualTo(expected);
        assertThat(text(offline)).contains("OFFLINE");

        String number = "5261040828-20260105-01000" + String.format("%07X", id) + "-AF";
        jdbc.sql("update ksef_submissions set state = 'ACCEPTED', ksef_number = :number where invoice_id = :id")
                .param("number", number).param("id", id).update();
        byte[] accepted = pdf(owner, id);
        assertThat(qr(accepted)).isEqualTo(expected);
        assertThat(text(accepted)).contains(number).doesNotContain("OFFLINE");
        assertThat(api.get("/api/v1/invoices/" + id + "/ksef").json().get("verificationUrl").asString())
                .isEqualTo(expected);
    }

    private byte[] pdf(UserSummary user, long id) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/invoices/" + id + "/pdf"))
                .header("Authorization", "Bearer " + tokens.issue(user)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /**
     * The QR code on the first page as a phone would read it; null when there is none. A whole page is a busy
     * picture for a barcode reader (text beside the code can pass for part of a finder pattern, depending on the
     * code's random-looking modules), so the page is read at several resolutions, as a phone tries again from
     * another distance.
     */
    private static String qr(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (int dpi : new int[] { 200, 300, 150, 250 }) {
                BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.RGB);
                int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
                BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(page.getWidth(),
                        page.getHeight(), pixels)));
                try {
                    return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
                            DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(com.google.zxing.BarcodeFormat.QR_CODE)))
                            .getText();
                }
                catch (NotFoundException e) {
                    // not at this resolution: the next one
                }
            }
            return null;
        }
    }
}
