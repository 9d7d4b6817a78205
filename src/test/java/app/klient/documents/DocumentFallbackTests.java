package app.klient.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Templates that warn about missing values and give fallbacks, and Czech names in the right grammatical case. */
class DocumentFallbackTests extends WebTest {

    @Test
    void a_czech_letter_takes_the_vocative_from_a_custom_field_falls_back_and_names_the_empty_fields() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        String key = "osloveni" + System.nanoTime() % 1_000_000;
        Http.Response field = admin.postJson("/api/v1/custom-fields", """
                {"entity": "CONTACT", "key": "%s", "type": "TEXT", "labelEn": "Vocative", "labelPl": "Wołacz",
                 "labelCs": "Oslovení"}""".formatted(key));
        assertThat(field.status()).as(field.body()).isEqualTo(201);

        for (String broken : new String[] { "{{contact.firstName | }}", "{{\\\"Vážený\\\" | contact.firstName}}",
                "{{contact.firstName | \\\"unclosed}}", "{{contact.nickname | \\\"x\\\"}}" }) {
            assertThat(admin.postJson("/api/v1/document-templates", """
                    {"name": "Broken", "kind": "LETTER", "language": "cs", "body": "%s"}""".formatted(broken))
                    .status()).as(broken).isEqualTo(400);
        }
        Http.Response template = admin.postJson("/api/v1/document-templates", """
                {"name": "Dopis %s", "kind": "LETTER", "language": "cs",
                 "body": "Vážený {{contact.custom.%s | \\"zákazníku\\"}},\\n\\nTelefon: {{contact.phone}}\\nWeb: {{company.website | \\"(bez webu)\\"}}"}"""
                .formatted(UUID.randomUUID(), key));
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        long templateId = template.json().get("id").asLong();

        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long novak = api.postJson("/api/v1/contacts", """
                {"firstName": "Jan", "lastName": "Novák", "customFields": {"%s": "pane Nováku"}}""".formatted(key))
                .json().get("id").asLong();
        Http.Response made = api.postJson("/api/v1/documents", """
                {"templateId": %d, "recordType": "CONTACT", "recordId": %d}""".formatted(templateId, novak));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("emptyFields").toString()).isEqualTo("[\"contact.phone\"]");
        assertThat(pdfText(seller, made.json().get("pdfUrl").asString())).contains("Vážený pane Nováku,")
                .contains("Web: (bez webu)");
        assertThat(api.get("/api/v1/documents/" + made.json().get("id").asLong()).json().get("emptyFields")
                .toString()).as("kept with the document").isEqualTo("[\"contact.phone\"]");

        long stranger = api.postJson("/api/v1/contacts", """
                {"firstName": "Eva", "lastName": "Svobodová", "phones": ["+420 602 123 456"]}""")
                .json().get("id").asLong();
        JsonNode plain = api.postJson("/api/v1/documents", """
                {"templateId": %d, "recordType": "CONTACT", "recordId": %d}""".formatted(templateId, stranger))
                .json();
        assertThat(plain.get("emptyFields").size()).as("every blank had a fallback").isZero();
        assertThat(pdfText(seller, plain.get("pdfUrl").asString())).contains("Vážený zákazníku,");

        Http browser = signedIn(seller);
        browser.get("/contacts/" + novak);
        Http.Response fromPage = browser.postForm("/documents", Map.of("templateId", String.valueOf(templateId),
                "recordType", "CONTACT", "recordId", String.valueOf(novak)));
        assertThat(browser.get(fromPage.location()).body()).as("the page names what printed blank")
                .contains("contact.phone");
        assertThat(signedInAs(Role.ADMIN).get("/admin/templates/" + templateId).body())
                .as("the editor explains the syntax").contains("contact.custom.");
    }

    private String pdfText(UserSummary user, String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + tokens.issue(user))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(response.body())) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
        }
    }
}
