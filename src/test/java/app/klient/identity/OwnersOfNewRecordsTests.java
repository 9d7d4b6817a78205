package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Records made over the API belong to whoever made them unless an owner is given; a read-only user owns nothing. */
class OwnersOfNewRecordsTests extends WebTest {

    @Test
    void records_created_over_the_api_belong_to_their_creator_and_other_salespeople_cannot_change_them() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        Http colleague = apiAs(Role.SALES);
        String s = UUID.randomUUID().toString().substring(0, 6);

        JsonNode company = api.postJson("/api/v1/companies", "{\"name\": \"Owned " + s + "\"}").json();
        assertThat(company.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(colleague.putJson("/api/v1/companies/" + company.get("id").asLong(),
                "{\"name\": \"Taken " + s + "\", \"version\": " + company.get("version").asInt() + "}").status())
                .isEqualTo(403);

        JsonNode contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Owned " + s + "\"}").json();
        assertThat(contact.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(colleague.putJson("/api/v1/contacts/" + contact.get("id").asLong(),
                "{\"lastName\": \"Taken\", \"version\": " + contact.get("version").asInt() + "}").status())
                .isEqualTo(403);

        JsonNode lead = api.postJson("/api/v1/leads", "{\"lastName\": \"Owned " + s + "\"}").json();
        assertThat(lead.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(colleague.putJson("/api/v1/leads/" + lead.get("id").asLong(),
                "{\"lastName\": \"Taken\", \"version\": " + lead.get("version").asInt() + "}").status())
                .isEqualTo(403);

        JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"Owned " + s + "\"}").json();
        assertThat(deal.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(colleague.putJson("/api/v1/deals/" + deal.get("id").asLong(),
                "{\"name\": \"Taken\", \"version\": " + deal.get("version").asInt() + "}").status())
                .isEqualTo(403);

        UserSummary other = testUsers.create(Role.SALES);
        assertThat(api.postJson("/api/v1/companies", "{\"name\": \"Given " + s + "\", \"ownerId\": " + other.id()
                + "}").json().get("ownerId").asLong()).as("an owner given wins").isEqualTo(other.id());
    }

    @Test
    void a_read_only_user_cannot_be_made_an_owner_anywhere() {
        UserSummary reader = testUsers.create(Role.READ_ONLY);
        Http manager = apiAs(Role.MANAGER);
        String s = UUID.randomUUID().toString().substring(0, 6);
        String owner = ", \"ownerId\": " + reader.id() + "}";
        for (String[] create : new String[][] { { "/api/v1/companies", "{\"name\": \"RO " + s + "\"" + owner },
                { "/api/v1/contacts", "{\"lastName\": \"RO " + s + "\"" + owner },
                { "/api/v1/leads", "{\"lastName\": \"RO " + s + "\"" + owner },
                { "/api/v1/deals", "{\"name\": \"RO " + s + "\"" + owner } }) {
            Http.Response refused = manager.language("en").postJson(create[0], create[1]);
            assertThat(refused.status()).as(create[0]).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).as(create[0]).contains("ownerId");
            assertThat(refused.body()).as(create[0]).contains("A read-only user cannot own records");
        }

        long company = manager.postJson("/api/v1/companies", "{\"name\": \"Bulk RO " + s + "\"}").json().get("id")
                .asLong();
        Http.Response bulk = manager.postJson("/api/v1/companies/bulk", "{\"ids\": [" + company
                + "], \"action\": \"ASSIGN_OWNER\", \"ownerId\": " + reader.id() + "}");
        assertThat(bulk.status()).isEqualTo(400);
        assertThat(bulk.json().get("errors").findValuesAsString("field")).contains("ownerId");

        Http.Response handover = manager.postJson("/api/v1/handover", "{\"fromUserId\": "
                + testUsers.create(Role.SALES).id() + ", \"toUserId\": " + reader.id() + "}");
        assertThat(handover.status()).isEqualTo(400);
        assertThat(handover.json().get("errors").findValuesAsString("field")).contains("toUserId");

        JsonNode imported = manager.postRaw("/api/v1/contacts/import", "text/csv; charset=utf-8",
                "firstName,lastName,email,owner\nJan,Importowany,jan." + s + "@firma.pl," + reader.email() + "\n")
                .json();
        assertThat(imported.get("imported").asLong()).isZero();
        assertThat(imported.get("problems").get(0).get("messageKey").asString()).isEqualTo("owner.readOnly");

        Http page = signedInAs(Role.MANAGER);
        page.get("/companies/new");
        Http.Response form = page.postForm("/companies", Map.of("name", "Page RO " + s, "country", "PL",
                "ownerId", String.valueOf(reader.id())));
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("read-only user cannot own records");
        assertThat(count("companies where name = 'Page RO " + s + "'")).isZero();
    }
}
