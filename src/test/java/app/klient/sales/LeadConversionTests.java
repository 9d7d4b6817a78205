package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a lead knows reaches its company, contact and deal; a lead is accepted only as a contact would be. */
class LeadConversionTests extends WebTest {

    @Test
    void a_converted_lead_carries_its_tax_id_country_address_and_value_onto_company_contact_and_deal() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String s = UUID.randomUUID().toString().substring(0, 6);
        String nip = nip();
        JsonNode lead = api.postJson("/api/v1/leads", """
                {"firstName": "Iga", "lastName": "Lead %1$s", "email": "iga.%1$s@gmail.com", "phone": "601 234 567",
                 "companyName": "Lead Carry %1$s", "companyTaxId": "%2$s", "country": "PL",
                 "website": "lead-%1$s.pl", "street": "ul. Długa 5", "city": "Gdańsk", "postalCode": "80-001",
                 "expectedValue": 12500.50, "currency": "EUR", "utmSource": "fair"}""".formatted(s, nip)).json();
        long id = lead.get("id").asLong();
        assertThat(lead.get("phone").asString()).as("stored as contacts store phones").isEqualTo("+48601234567");
        Http page = signedIn(seller);
        assertThat(page.get("/leads/" + id).body()).contains("Expected value", "12,500.50 EUR", "Gdańsk",
                "https://lead-" + s + ".pl");

        api.postJson("/api/v1/leads/" + id + "/status", "{\"status\": \"QUALIFIED\", \"version\": "
                + lead.get("version").asInt() + "}");
        Http.Response converted = api.postJson("/api/v1/leads/" + id + "/convert", "{\"createDeal\": true, "
                + "\"version\": " + api.get("/api/v1/leads/" + id).json().get("version").asInt() + "}");
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        JsonNode conversion = converted.json();
        assertThat(conversion.get("companyCreated").asBoolean()).isTrue();

        JsonNode company = api.get("/api/v1/companies/" + conversion.get("companyId").asLong()).json();
        assertThat(company.get("taxId").asString()).isEqualTo(nip);
        assertThat(company.get("country").asString()).isEqualTo("PL");
        assertThat(company.get("website").asString()).isEqualTo("https://lead-" + s + ".pl");
        assertThat(company.get("billingAddress").get("city").asString()).isEqualTo("Gdańsk");
        assertThat(company.get("ownerId").asLong()).isEqualTo(seller.id());

        JsonNode contact = api.get("/api/v1/contacts/" + conversion.get("contactId").asLong()).json();
        assertThat(contact.get("phones").get(0).asString()).isEqualTo("+48601234567");
        assertThat(contact.get("emails").get(0).asString()).isEqualTo("iga." + s + "@gmail.com");
        assertThat(contact.get("source").asString()).isEqualTo("OTHER");
        assertThat(contact.get("sourceDetail").asString()).contains("fair");
        assertThat(contact.get("ownerId").asLong()).isEqualTo(seller.id());

        JsonNode deal = api.get("/api/v1/deals/" + conversion.get("dealId").asLong()).json();
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("12500.50");
        assertThat(deal.get("currency").asString()).isEqualTo("EUR");
        assertThat(deal.get("ownerId").asLong()).isEqualTo(seller.id());
    }

    @Test
    void a_lead_with_a_phone_the_contact_form_refuses_is_refused_at_entry_with_a_translated_field_error() {
        Http api = apiAs(Role.SALES).language("pl");
        long before = count("leads");
        Http.Response refused = api.postJson("/api/v1/leads", "{\"lastName\": \"Zły numer\", \"phone\": \"12345\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).contains("phone");
        assertThat(refused.body()).contains("To nie jest poprawny numer telefonu: 12345");
        assertThat(api.postJson("/api/v1/contacts", "{\"lastName\": \"Zły numer\", \"phones\": [\"12345\"]}")
                .status()).as("the contact form refuses the same number").isEqualTo(400);
        Http.Response badTax = api.postJson("/api/v1/leads", "{\"lastName\": \"Zły NIP\", \"country\": \"PL\", "
                + "\"companyTaxId\": \"1234567890\"}");
        assertThat(badTax.status()).isEqualTo(400);
        assertThat(badTax.json().get("errors").findValuesAsString("field")).contains("companyTaxId");
        assertThat(count("leads")).isEqualTo(before);
    }

    @Test
    void a_web_form_post_with_a_bad_email_or_phone_answers_the_form_again_with_the_field_error() {
        String key = webForm();
        long before = count("leads");
        Map<String, String> badEmail = post();
        badEmail.put("email", "jana@nowhere");
        Http.Response email = browser().language("cs").postFormRaw("/forms/" + key, badEmail);
        assertThat(email.status()).isEqualTo(400);
        assertThat(email.body()).contains("<form").contains("E-mail: </span><span>Zadejte platnou e-mailovou adresu.")
                .contains("name=\"companyName\" value=\"Pek");
        Map<String, String> badPhone = post();
        badPhone.put("phone", "12345");
        Http.Response phone = browser().postFormRaw("/forms/" + key, badPhone);
        assertThat(phone.status()).isEqualTo(400);
        assertThat(phone.body()).contains("This is not a valid phone number: 12345");
        assertThat(count("leads")).as("nothing half-written").isEqualTo(before);

        Map<String, String> good = post();
        assertThat(browser().postFormRaw("/forms/" + key, good).status()).isEqualTo(200);
        assertThat(jdbc.sql("select phone from leads where email = :email").param("email", good.get("email"))
                .query(String.class).single()).isEqualTo("+420602123456");
    }

    @Test
    void the_embed_code_is_absolute_and_its_script_carries_the_host_pages_utm_parameters() {
        String key = webForm();
        String base = "http://localhost:" + port;
        String admin = administrator().get("/admin/lead-capture").body();
        assertThat(admin).contains("&lt;iframe src=&quot;" + base + "/forms/" + key + "&quot;")
                .contains("&lt;script src=&quot;" + base + "/forms/embed.js&quot; data-form=&quot;" + key + "&quot;");

        Http.Response script = browser().get("/forms/embed.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.header("Cache-Control")).contains("max-age=3600").contains("public");
        assertThat(script.body()).contains("'" + base + "/forms/'").contains("document.currentScript")
                .contains("'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'");

        // what the script does: the form opened with the host page's UTM parameters keeps them all
        Http visitor = browser();
        assertThat(visitor.get("/forms/" + key + "?utm_source=blog&utm_content=banner-2").body())
                .contains("value=\"blog\"").contains("value=\"banner-2\"");
        Map<String, String> post = post();
        post.put("utmSource", "blog");
        post.put("utmContent", "banner-2");
        assertThat(visitor.postFormRaw("/forms/" + key, post).status()).isEqualTo(200);
        Map<String, Object> lead = jdbc.sql("select * from leads where email = :email")
                .param("email", post.get("email")).query().singleRow();
        assertThat(lead).containsEntry("utm_source", "blog").containsEntry("utm_content", "banner-2");
        assertThat(administrator().get("/leads/" + lead.get("id")).body()).contains("utm_content", "banner-2");
    }

    @Test
    void a_lead_from_a_polish_form_becomes_a_contact_who_prefers_polish() {
        String key = webForm();
        Map<String, String> post = post();
        assertThat(browser().postFormRaw("/forms/" + key + "?lang=pl", post).status()).isEqualTo(200);
        long lead = jdbc.sql("select id from leads where email = :email").param("email", post.get("email"))
                .query(Long.class).single();
        assertThat(jdbc.sql("select language from leads where id = :id").param("id", lead).query(String.class)
                .single()).as("the form's language is kept with the lead").isEqualTo("pl");
        Http api = apiAs(Role.SALES);
        int version = api.get("/api/v1/leads/" + lead).json().get("version").asInt();
        assertThat(api.postJson("/api/v1/leads/" + lead + "/status", "{\"status\": \"QUALIFIED\", \"version\": "
                + version + "}").status()).isEqualTo(200);
        Http.Response converted = api.postJson("/api/v1/leads/" + lead + "/convert", "{\"createDeal\": false, "
                + "\"version\": " + api.get("/api/v1/leads/" + lead).json().get("version").asInt() + "}");
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        long contact = converted.json().get("contactId").asLong();
        assertThat(api.get("/api/v1/contacts/" + contact).json().get("preferredLanguage").asString())
                .as("campaigns reach the contact in the language it used").isEqualTo("pl");
    }

    private String webForm() {
        String key = "carry-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(apiAs(Role.ADMIN).postJson("/api/v1/web-forms",
                "{\"key\": \"" + key + "\", \"name\": \"Carry fair\", \"campaign\": \"fair\"}").status())
                .isEqualTo(201);
        return key;
    }

    private static Map<String, String> post() {
        Map<String, String> post = new HashMap<>();
        post.put("firstName", "Jana");
        post.put("lastName", "Malá");
        post.put("email", "jana-" + UUID.randomUUID().toString().substring(0, 8) + "@example.cz");
        post.put("phone", "+420 602 123 456");
        post.put("companyName", "Pekárna Malá");
        post.put("message", "Please call me about ovens.");
        post.put("website", "");
        return post;
    }

    /** A valid Polish NIP no other test uses, so the lead's company is not matched to an existing one. */
    private static String nip() {
        int[] weights = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
        while (true) {
            StringBuilder digits = new StringBuilder("9");
            for (int i = 1; i < 9; i++) {
                digits.append(ThreadLocalRandom.current().nextInt(10));
            }
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += weights[i] * (digits.charAt(i) - '0');
            }
            if (sum % 11 != 10) {
                return digits.append(sum % 11).toString();
            }
        }
    }
}
