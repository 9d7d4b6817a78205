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

class DocumentTests extends WebTest {

    private long template(String language) {
        for (JsonNode t : apiAs(Role.SALES).get("/api/v1/document-templates").json()) {
            if (t.get("kind").asString().equals("CONTRACT") && t.get("language").asString().equals(language)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no sample contract in " + language);
    }

    @Test
    void a_salesperson_makes_the_sample_contract_for_a_deal_in_one_step() throws Exception {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Żuraw i Syn Sp. z o.o.", "PL", null);
        long boss = api.postJson("/api/v1/contacts", "{\"firstName\": \"Grzegorz\", \"lastName\": \"Brzęczyszczykiewicz\", "
                + "\"companyId\": " + company + "}").json().get("id").asLong();
        long deal = api.postJson("/api/v1/deals", """
                {"name": "Linia pakująca", "companyId": %d, "amount": 12345, "currency": "PLN", "ownerId": %d,
                 "expectedCloseDate": "2027-03-31", "contacts": [{"contactId": %d, "role": "DECISION_MAKER"}]}"""
                .formatted(company, seller.id(), boss)).json().get("id").asLong();

        Http.Response made = api.postJson("/api/v1/documents", """
                {"templateId": %d, "recordType": "DEAL", "recordId": %d}""".formatted(template("pl"), deal));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode document = made.json();
        assertThat(document.get("companyId").asLong()).isEqualTo(company);
        String text = pdfText(seller, document.get("pdfUrl").asString());
        assertThat(text).contains("Umowa sprzedaży").contains("Żuraw i Syn Sp. z o.o.")
                .contains("Grzegorz Brzęczyszczykiewicz").contains("Linia pakująca").contains("12 345,00 PLN")
                .contains("31 marca 2027").contains(seller.name()).doesNotContain("{{");
        assertThat(api.get("/api/v1/documents?companyId=" + company).json().size()).isEqualTo(1);
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").body()).contains("DOCUMENT_GENERATED");

        Http browser = signedIn(seller);
        assertThat(browser.get("/companies/" + company).body()).contains("Umowa sprzedaży – Linia pakująca");
        Http.Response fromCard = browser.postForm("/documents", Map.of("templateId",
                String.valueOf(template("cs")), "recordType", "COMPANY", "recordId", String.valueOf(company)));
        assertThat(fromCard.location()).isEqualTo("/companies/" + company);
        assertThat(browser.get(fromCard.location()).body()).contains("The document was made").contains("Kupní smlouva");
    }

    @Test
    void templates_with_unknown_fields_or_from_the_wrong_people_are_refused_and_nothing_is_kept() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        long before = count("document_templates");
        for (String body : new String[] { "Dear {{company.nmae}},", "Dear {{company.name}", "{{}}", "Hi }} there" }) {
            Http.Response refused = admin.postJson("/api/v1/document-templates",
                    "{\"name\": \"Letter\", \"kind\": \"LETTER\", \"language\": \"en\", \"body\": \"" + body + "\"}");
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        }
        assertThat(admin.postJson("/api/v1/document-templates", "{\"name\": \"Letter\", \"kind\": \"LETTER\", "
                + "\"language\": \"de\", \"body\": \"Hi\"}").status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/document-templates", "{\"name\": \"Letter\", \"kind\": \"LETTER\", "
                + "\"language\": \"en\", \"body\": \"" + "x".repeat(100_001) + "\"}").status()).isEqualTo(400);
        assertThat(apiAs(Role.SALES).postJson("/api/v1/document-templates", "{\"name\": \"Mine\", \"kind\": "
                + "\"LETTER\", \"language\": \"en\", \"body\": \"Hi\"}").status()).isEqualTo(403);
        assertThat(count("document_templates")).isEqualTo(before);

        JsonNode hostile = admin.postJson("/api/v1/document-templates", """
                {"name": "Hostile %s", "kind": "LETTER", "language": "en",
                 "body": "# <script>alert(1)</script>\\n\\nDear {{company.name}} & <b>friends</b>"}"""
                .formatted(UUID.randomUUID())).json();
        UserSummary seller = testUsers.create(Role.SALES);
        long company = company(api(seller), "A&B <Ltd>", "PL", null);
        long documents = count("generated_documents");
        JsonNode made = api(seller).postJson("/api/v1/documents", ("{\"templateId\": %d, \"recordType\": \"COMPANY\", "
                + "\"recordId\": %d}").formatted(hostile.get("id").asLong(), company)).json();
        assertThat(pdfText(seller, made.get("pdfUrl").asString())).as("markup is printed as text")
                .contains("<script>alert(1)</script>").contains("Dear A&B <Ltd> & <b>friends</b>");

        Http sales = api(seller);
        assertThat(sales.postJson("/api/v1/documents", "{\"templateId\": 987654, \"recordType\": \"COMPANY\", "
                + "\"recordId\": " + company + "}").status()).isEqualTo(400);
        assertThat(sales.postJson("/api/v1/documents", "{\"templateId\": " + hostile.get("id").asLong()
                + ", \"recordType\": \"DEAL\", \"recordId\": 987654}").status()).isEqualTo(400);
        assertThat(sales.postJson("/api/v1/documents", "{\"templateId\": " + hostile.get("id").asLong()
                + ", \"recordType\": \"INVOICE\", \"recordId\": 1}").status()).isEqualTo(400);
        assertThat(apiAs(Role.SUPPORT).postJson("/api/v1/documents", "{\"templateId\": " + hostile.get("id").asLong()
                + ", \"recordType\": \"COMPANY\", \"recordId\": " + company + "}").status()).isEqualTo(403);
        assertThat(count("generated_documents")).isEqualTo(documents + 1);
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
