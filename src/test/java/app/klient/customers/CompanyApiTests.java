package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class CompanyApiTests extends WebTest {

    @Test
    void a_salesperson_creates_reads_finds_changes_and_deletes_a_company() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String name = "Stavby Novák " + UUID.randomUUID().toString().substring(0, 6);
        Http.Response created = api.postJson("/api/v1/companies", """
                {"name": "%s", "legalName": "Stavby Novák s.r.o.", "country": "cz", "taxId": "CZ25596641",
                 "registrationNumber": "25596641", "vatId": "CZ25596641", "industry": "Construction",
                 "size": "SMALL", "website": "www.stavby-novak.cz", "email": "Info@Stavby-Novak.cz",
                 "phones": ["602 123 456"], "billingAddress": {"street": "Dlouhá 12", "city": "Brno",
                 "postalCode": "602 00", "country": "CZ"}, "ownerId": %d, "tags": ["Key Account", "south"],
                 "lifecycleStage": "PROSPECT"}""".formatted(name, seller.id()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode company = created.json();
        long id = company.get("id").asLong();
        assertThat(company.get("country").asString()).isEqualTo("CZ");
        assertThat(company.get("phones").get(0).asString()).isEqualTo("+420602123456");
        assertThat(company.get("email").asString()).isEqualTo("info@stavby-novak.cz");
        assertThat(company.get("website").asString()).isEqualTo("https://www.stavby-novak.cz");
        assertThat(company.get("tags").toString()).isEqualTo("[\"key account\",\"south\"]");
        assertThat(company.get("ownerName").asString()).isEqualTo(seller.name());
        assertThat(company.get("version").asInt()).isZero();

        assertThat(api.get("/api/v1/companies/" + id).json().get("billingAddress").get("city").asString())
                .isEqualTo("Brno");
        for (String search : new String[] { "stavby novak", "25596641", "602123456", "brno" }) {
            JsonNode found = api.get("/api/v1/companies?q=" + search.replace(" ", "+") + "&owner=me").json();
            assertThat(found.get("items").findValuesAsString("name")).as(search).contains(name);
        }
        assertThat(api.get("/api/v1/companies?tag=south&stage=PROSPECT&owner=me").json().get("total").asLong())
                .isGreaterThanOrEqualTo(1);

        Http.Response updated = api.putJson("/api/v1/companies/" + id, """
                {"name": "%s", "country": "CZ", "lifecycleStage": "CUSTOMER", "version": 0}""".formatted(name));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(updated.json().get("version").asInt()).isEqualTo(1);

        assertThat(api.delete("/api/v1/companies/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/companies/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_stale_version_is_refused_with_a_clear_message_and_the_first_change_stays() {
        Http api = apiAs(Role.MANAGER);
        long id = api.postJson("/api/v1/companies", "{\"name\":\"Race Ltd\"}").json().get("id").asLong();
        assertThat(api.putJson("/api/v1/companies/" + id, "{\"name\":\"First\",\"version\":0}").status())
                .isEqualTo(200);
        Http.Response second = api.putJson("/api/v1/companies/" + id, "{\"name\":\"Second\",\"version\":0}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains("Someone else changed this record");
        assertThat(api.get("/api/v1/companies/" + id).json().get("name").asString()).isEqualTo("First");
    }

    static Stream<Arguments> badCompanies() {
        return Stream.of(
                Arguments.of("no name", "{}", "name"),
                Arguments.of("name too long", "{\"name\":\"" + "N".repeat(201) + "\"}", "name"),
                Arguments.of("bad NIP", "{\"name\":\"A\",\"country\":\"PL\",\"taxId\":\"5260250994\"}", "taxId"),
                Arguments.of("bad REGON", "{\"name\":\"A\",\"country\":\"PL\",\"registrationNumber\":\"123456786\"}", "registrationNumber"),
                Arguments.of("bad IČO", "{\"name\":\"A\",\"country\":\"CZ\",\"registrationNumber\":\"25596642\"}", "registrationNumber"),
                Arguments.of("bad DIČ", "{\"name\":\"A\",\"country\":\"CZ\",\"taxId\":\"CZ25596642\"}", "taxId"),
                Arguments.of("bad VAT", "{\"name\":\"A\",\"vatId\":\"DE136695978\"}", "vatId"),
                Arguments.of("unknown country", "{\"name\":\"A\",\"country\":\"XX\"}", "country"),
                Arguments.of("bad e-mail", "{\"name\":\"A\",\"email\":\"info@\"}", "email"),
                Arguments.of("bad phone", "{\"name\":\"A\",\"country\":\"PL\",\"phones\":[\"12\"]}", "phones[0]"),
                Arguments.of("too many phones", "{\"name\":\"A\",\"phones\":[" + "\"1\",".repeat(10) + "\"1\"]}", "phones"),
                Arguments.of("bad website", "{\"name\":\"A\",\"website\":\"not a site\"}", "website"),
                Arguments.of("unknown stage", "{\"name\":\"A\",\"lifecycleStage\":\"WON\"}", "lifecycleStage"),
                Arguments.of("owner who does not exist", "{\"name\":\"A\",\"ownerId\":987654}", "ownerId"),
                Arguments.of("hostile tag", "{\"name\":\"A\",\"tags\":[\"<script>\"]}", "tags"),
                Arguments.of("unknown field", "{\"name\":\"A\",\"revenue\":1}", "revenue"),
                Arguments.of("unknown custom field", "{\"name\":\"A\",\"customFields\":{\"nope\":1}}", "customFields.nope"),
                Arguments.of("bad billing country", "{\"name\":\"A\",\"billingAddress\":{\"country\":\"ZZ\"}}", "billingAddress.country"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCompanies")
    void bad_input_is_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        Http api = apiAs(Role.SALES);
        long before = count("companies");
        Http.Response response = api.postJson("/api/v1/companies", json);
        assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(count("companies")).isEqualTo(before);
    }

    @Test
    void identifier_errors_are_translated() {
        Http api = apiAs(Role.SALES).language("pl");
        Http.Response response = api.postJson("/api/v1/companies",
                "{\"name\":\"A\",\"country\":\"PL\",\"taxId\":\"1234567890\"}");
        assertThat(response.body()).contains("To nie jest poprawny NIP");
        assertThat(apiAs(Role.SALES).language("cs").postJson("/api/v1/companies",
                "{\"name\":\"A\",\"country\":\"CZ\",\"registrationNumber\":\"12345678\"}").body())
                .contains("Toto není platné IČO");
    }

    @Test
    void everyone_reads_owners_and_managers_write_read_only_users_change_nothing() {
        UserSummary owner = testUsers.create(Role.SALES);
        long id = api(owner).postJson("/api/v1/companies", "{\"name\":\"Owned\",\"ownerId\":" + owner.id() + "}")
                .json().get("id").asLong();
        String change = "{\"name\":\"Taken over\",\"version\":0}";

        Http colleague = apiAs(Role.SALES);
        assertThat(colleague.get("/api/v1/companies/" + id).status()).isEqualTo(200);
        Http.Response refused = colleague.putJson("/api/v1/companies/" + id, change);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("only the customers you own");
        assertThat(colleague.delete("/api/v1/companies/" + id).status()).isEqualTo(403);

        Http reader = apiAs(Role.READ_ONLY);
        assertThat(reader.get("/api/v1/companies/" + id).status()).isEqualTo(200);
        assertThat(reader.get("/api/v1/companies").status()).isEqualTo(200);
        assertThat(reader.putJson("/api/v1/companies/" + id, change).status()).isEqualTo(403);
        assertThat(reader.postJson("/api/v1/companies", "{\"name\":\"No\"}").status()).isEqualTo(403);
        assertThat(reader.delete("/api/v1/companies/" + id).status()).isEqualTo(403);

        assertThat(apiAs(Role.MANAGER).putJson("/api/v1/companies/" + id, change).status()).isEqualTo(200);
        assertThat(api(owner).get("/api/v1/companies/" + id).json().get("name").asString()).isEqualTo("Taken over");
    }

    @Test
    void lists_are_paged_sorted_and_checked() {
        Http api = apiAs(Role.MANAGER);
        String prefix = "Sortable " + UUID.randomUUID().toString().substring(0, 6);
        for (String suffix : new String[] { "C", "A", "B" }) {
            api.postJson("/api/v1/companies", "{\"name\":\"" + prefix + " " + suffix + "\"}");
        }
        JsonNode page = api.get("/api/v1/companies?q=" + prefix.replace(" ", "+") + "&sort=name,desc&size=2").json();
        assertThat(page.get("items").findValuesAsString("name")).containsExactly(prefix + " C", prefix + " B");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/companies?sort=taxId").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies?size=500").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies?createdFrom=yesterday").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies?owner=someone").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies?cf.unknown=1").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/companies?q=" + "%25_%5C").status()).isEqualTo(200);
    }
}
