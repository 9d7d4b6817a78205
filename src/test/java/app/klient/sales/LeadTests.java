package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LeadTests extends WebTest {

    @Test
    void a_lead_is_scored_by_the_rules_and_by_what_it_does() {
        Http admin = apiAs(Role.ADMIN);
        String campaign = "Campaign " + UUID.randomUUID().toString().substring(0, 6);
        admin.postJson("/api/v1/scoring-rules", """
                {"name": "Campaign", "kind": "FIELD", "field": "UTM_CAMPAIGN", "operator": "EQUALS",
                 "value": "%s", "points": 25}""".formatted(campaign));
        admin.postJson("/api/v1/scoring-rules", """
                {"name": "Reads our mail %s", "kind": "EVENT", "event": "EMAIL_CLICKED", "points": 7}"""
                .formatted(campaign));
        Http seller = apiAs(Role.SALES);
        JsonNode lead = seller.postJson("/api/v1/leads", """
                {"firstName": "Ewa", "lastName": "Nowak", "email": "ewa@example.pl", "utmCampaign": "%s"}"""
                .formatted(campaign)).json();
        assertThat(lead.get("score").asInt()).isGreaterThanOrEqualTo(25);
        int before = lead.get("score").asInt();
        JsonNode after = seller.postJson("/api/v1/leads/" + lead.get("id").asLong() + "/events",
                "{\"kind\": \"EMAIL_CLICKED\"}").json();
        assertThat(after.get("score").asInt()).isEqualTo(before + 7);
        assertThat(admin.postJson("/api/v1/scoring-rules", "{\"name\": \"x\", \"kind\": \"FIELD\", \"points\": 1}")
                .status()).isEqualTo(400);
        assertThat(seller.postJson("/api/v1/scoring-rules", "{}").status()).isEqualTo(403);
    }

    @Test
    void converting_a_lead_of_a_known_company_does_not_duplicate_it() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String unique = UUID.randomUUID().toString().substring(0, 6);
        long company = api.postJson("/api/v1/companies", """
                {"name": "Known %s", "country": "PL", "taxId": "5260250995", "website": "known-%s.pl"}"""
                .formatted(unique, unique)).json().get("id").asLong();
        long companies = count("companies");
        JsonNode lead = api.postJson("/api/v1/leads", """
                {"firstName": "Adam", "lastName": "Lis", "email": "adam@known-%s.pl", "companyName": "Other name",
                 "ownerId": %d}""".formatted(unique, seller.id())).json();
        long id = lead.get("id").asLong();
        assertThat(api.postJson("/api/v1/leads/" + id + "/convert", "{\"createDeal\": true, \"version\": "
                + lead.get("version").asInt() + "}").status()).as("not qualified yet").isEqualTo(409);
        api.postJson("/api/v1/leads/" + id + "/status", "{\"status\": \"QUALIFIED\", \"version\": "
                + lead.get("version").asInt() + "}");
        JsonNode conversion = api.postJson("/api/v1/leads/" + id + "/convert", "{\"createDeal\": true, \"version\": "
                + api.get("/api/v1/leads/" + id).json().get("version").asInt() + "}").json();
        assertThat(conversion.get("companyId").asLong()).as("matched by e-mail domain").isEqualTo(company);
        assertThat(conversion.get("companyCreated").asBoolean()).isFalse();
        assertThat(count("companies")).isEqualTo(companies);
        long contact = conversion.get("contactId").asLong();
        assertThat(api.get("/api/v1/contacts/" + contact).json().get("companyId").asLong()).isEqualTo(company);
        assertThat(api.get("/api/v1/deals/" + conversion.get("dealId").asLong()).json().get("contactIds").get(0)
                .asLong()).isEqualTo(contact);
        JsonNode converted = api.get("/api/v1/leads/" + id).json();
        assertThat(converted.get("status").asString()).isEqualTo("CONVERTED");
        assertThat(api.get("/api/v1/contacts/" + contact + "/timeline").json().get("items")
                .findValuesAsString("kind")).contains("LEAD_CONVERTED");
        assertThat(api.postJson("/api/v1/leads/" + id + "/convert", "{\"createDeal\": false, \"version\": "
                + converted.get("version").asInt() + "}").status()).isEqualTo(409);

        JsonNode byTax = api.postJson("/api/v1/leads", """
                {"lastName": "Tax", "companyName": "Whatever", "companyTaxId": "526-025-09-95", "ownerId": %d}"""
                .formatted(seller.id())).json();
        api.postJson("/api/v1/leads/" + byTax.get("id").asLong() + "/status", "{\"status\": \"QUALIFIED\", "
                + "\"version\": 0}");
        assertThat(api.postJson("/api/v1/leads/" + byTax.get("id").asLong() + "/convert", "{\"version\": "
                + api.get("/api/v1/leads/" + byTax.get("id").asLong()).json().get("version").asInt() + "}").json()
                .get("companyId").asLong()).as("matched by tax id").isEqualTo(company);
    }

    @Test
    void a_web_form_post_becomes_a_lead_with_its_campaign_data() {
        String key = webForm();
        Http visitor = browser();
        assertThat(visitor.get("/forms/" + key + "?utm_source=newsletter&utm_campaign=spring").body())
                .contains("value=\"newsletter\"");
        Map<String, String> post = post();
        post.put("utmSource", "newsletter");
        post.put("utmMedium", "email");
        post.put("utmCampaign", "spring");
        post.put("utmTerm", "ovens");
        Http.Response response = visitor.postFormRaw("/forms/" + key, post);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("Thank you");
        Map<String, Object> lead = jdbc.sql("select * from leads where email = :email").param("email", post.get("email"))
                .query().singleRow();
        assertThat(lead).containsEntry("source", "WEB_FORM").containsEntry("utm_source", "newsletter")
                .containsEntry("utm_medium", "email").containsEntry("utm_campaign", "spring")
                .containsEntry("utm_term", "ovens");
    }

    @Test
    void spam_and_bad_posts_are_refused_with_a_message_and_store_no_lead() {
        String key = webForm();
        long before = count("leads");
        Map<String, String> honeypot = post();
        honeypot.put("website", "http://spam.example");
        assertThat(browser().postFormRaw("/forms/" + key, honeypot).status()).isEqualTo(400);
        Map<String, String> noEmail = post();
        noEmail.remove("email");
        Http.Response missing = browser().postFormRaw("/forms/" + key, noEmail);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("Please give your e-mail address.");
        Map<String, String> huge = post();
        huge.put("message", "x".repeat(5000));
        assertThat(browser().postFormRaw("/forms/" + key, huge).body()).contains("At most 2,000 characters");
        Map<String, String> script = post();
        script.put("lastName", "<script>alert(1)</script>");
        assertThat(browser().postFormRaw("/forms/" + key, script).body()).contains("leave out the characters");
        assertThat(browser().postFormRaw("/forms/no-such-form", post()).status()).isEqualTo(404);
        assertThat(count("leads")).isEqualTo(before);

        Http flood = browser();
        for (int i = 0; i < 5; i++) {
            assertThat(flood.postFormRaw("/forms/" + key, post()).status()).isEqualTo(200);
        }
        Http.Response sixth = flood.postFormRaw("/forms/" + key, post());
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.body()).contains("Too many messages from your network");
        assertThat(count("leads")).isEqualTo(before + 5);
    }

    @Test
    void leads_from_a_teams_form_go_to_its_members_in_turn() {
        Http admin = apiAs(Role.ADMIN);
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Rotation " + UUID.randomUUID() + "\"}").json()
                .get("id").asLong();
        UserSummary first = testUsers.create(Role.SALES);
        UserSummary second = testUsers.create(Role.SALES);
        for (UserSummary member : new UserSummary[] { first, second }) {
            JsonNode user = admin.get("/api/v1/users/" + member.id()).json();
            admin.putJson("/api/v1/users/" + member.id(), """
                    {"email": "%s", "name": "%s", "role": "SALES", "teamIds": [%d], "version": %d}"""
                    .formatted(member.email(), member.name(), team, user.get("version").asInt()));
        }
        String key = "rota-" + UUID.randomUUID().toString().substring(0, 8);
        admin.postJson("/api/v1/web-forms", "{\"key\": \"" + key + "\", \"name\": \"Rota\", \"teamId\": " + team + "}");
        java.util.List<Long> owners = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, String> post = post();
            browser().postFormRaw("/forms/" + key, post);
            owners.add(jdbc.sql("select owner_id from leads where email = :email").param("email", post.get("email"))
                    .query(Long.class).single());
        }
        assertThat(owners).containsExactly(first.id(), second.id(), first.id(), second.id());
    }

    private String webForm() {
        String key = "fair-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(apiAs(Role.ADMIN).postJson("/api/v1/web-forms",
                "{\"key\": \"" + key + "\", \"name\": \"Spring fair\", \"campaign\": \"fair\"}").status())
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
}
