package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invoices and quotes as PDF, read back with PDFBox: buyer, number, totals and words, with every diacritic. */
class InvoicePdfTests extends WebTest {

    @Test
    void a_polish_invoice_reads_back_with_its_buyer_number_totals_and_amount_in_words() throws Exception {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long buyer = company(api, "Zażółć Gęślą Jaźń Sp. z o.o.", "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "pl", "lines": [
                  {"description": "Łożysko kulkowe", "quantity": 10, "unitPrice": 100, "taxRate": 23}]}"""
                .formatted(buyer)).json();
        String text = text(seller, "/api/v1/invoices/" + invoice.get("id").asLong() + "/pdf");
        assertThat(text).contains("Faktura VAT " + invoice.get("number").asString())
                .contains("Zażółć Gęślą Jaźń Sp. z o.o.").contains("Łożysko kulkowe").contains("Łódź")
                .contains("1 000,00").contains("230,00").contains("1 230,00")
                .contains("Słownie: tysiąc dwieście trzydzieści złotych 00/100");
    }

    @Test
    void a_czech_invoice_prints_czech_words_and_the_quote_pdf_its_revision() throws Exception {
        UserSummary seller = testUsers.create(Role.MANAGER);
        Http api = api(seller);
        long buyer = company(api, "Příliš žluťoučký kůň s.r.o.", "CZ", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "cs", "lines": [
                  {"description": "Úsměvné řešení", "quantity": 1, "unitPrice": 2, "taxRate": 23}]}"""
                .formatted(buyer)).json();
        String text = text(seller, "/api/v1/invoices/" + invoice.get("id").asLong() + "/pdf");
        assertThat(text).contains("Faktura – daňový doklad").contains("Příliš žluťoučký kůň s.r.o.")
                .contains("Úsměvné řešení").contains("ODBĚRATEL").contains("1 ks").contains("2,46")
                .contains("Slovy: dva polské zloté 46/100");

        JsonNode quote = api.postJson("/api/v1/quotes", """
                {"companyId": %d, "language": "cs", "terms": "Dodání do 14 dnů", "lines": [
                  {"description": "Čerpadlo", "quantity": 2, "unitPrice": 50, "taxRate": 8}]}""".formatted(buyer))
                .json();
        String quoteText = text(seller, "/api/v1/quotes/" + quote.get("id").asLong() + "/pdf");
        assertThat(quoteText).contains("Nabídka " + quote.get("number").asString()).contains("Čerpadlo")
                .contains("108,00").contains("Dodání do 14 dnů");
    }

    private String text(UserSummary user, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + tokens.issue(user))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(response.body(), 0, 5)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(response.body())) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
        }
    }
}
