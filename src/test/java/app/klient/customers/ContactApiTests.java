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

class ContactApiTests extends WebTest {

    @Test
    void a_contact_at_a_company_and_a_private_customer_are_created_found_and_changed() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long companyId = api.postJson("/api/v1/companies", "{\"name\":\"Mleczarnia Kowalski\",\"country\":\"PL\"}")
                .json().get("id").asLong();
        String unique = UUID.randomUUID().toString().substring(0, 6);
        Http.Response created = api.postJson("/api/v1/contacts", """
                {"firstName": "Łucja", "lastName": "Źrebiec-%s", "titleBefore": "dr inż.", "jobTitle": "Zakupy",
                 "emails": ["Lucja.Zrebiec@Mleczarnia.pl", "lucja@gmail.com"], "phones": ["601 234 567", "+420 602 123 456"],
                 "companyId": %d, "birthday": "1985-04-12", "preferredLanguage": "pl", "preferredChannel": "PHONE",
                 "source": "REFERRAL", "sourceDetail": "Jan from Mleczarnia", "tags": ["dairy"],
                 "marketingConsent": true, "consentMethod": "PAPER", "consentNote": "signed at the fair"}"""
                .formatted(unique, companyId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode contact = created.json();
        long id = contact.get("id").asLong();
        assertThat(contact.get("emails").get(0).asString()).isEqualTo("lucja.zrebiec@mleczarnia.pl");
        assertThat(contact.get("phones").get(0).asString()).isEqualTo("+48601234567");
        assertThat(contact.get("phones").get(1).asString()).isEqualTo("+420602123456");
        assertThat(contact.get("companyName").asString()).isEqualTo("Mleczarnia Kowalski");
        assertThat(contact.get("consentAt").isNull()).isFalse();
        assertThat(contact.get("consentMethod").asString()).isEqualTo("PAPER");
        // routing passes over mappings by their literal beginning, yet a path with an encoded letter still arrives
        assertThat(api.get("/api/v1/contact%73/" + id).json().get("id").asLong()).isEqualTo(id);

        for (String search : new String[] { "lucja zrebiec", "zrebiec-" + unique, "601234567", "+48601234567",
                "mleczarnia.pl" }) {
            JsonNode found = api.get("/api/v1/contacts?q=" + search.replace("+", "%2B").replace(" ", "+")).json();
            assertThat(found.get("items").findValues("id")).extracting(JsonNode::asLong).as(search).contains(id);
        }
        assertThat(api.get("/api/v1/contacts?companyId=" + companyId).json().get("total").asLong()).isEqualTo(1);

        Http.Response privateCustomer = api.postJson("/api/v1/contacts",
                "{\"lastName\":\"Nováková\",\"phones\":[\"777 123 456\"],\"address\":{\"city\":\"Ostrava\",\"country\":\"CZ\"}}");
        assertThat(privateCustomer.status()).as(privateCustomer.body()).isEqualTo(201);
        assertThat(privateCustomer.json().get("companyId").isNull()).isTrue();
        assertThat(privateCustomer.json().get("phones").get(0).asString()).isEqualTo("+420777123456");

        Http.Response changed = api.putJson("/api/v1/contacts/" + id, """
                {"firstName": "Łucja", "lastName": "Nowak", "companyId": %d, "marketingConsent": false, "version": 0}"""
                .formatted(companyId));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("marketingConsent").asBoolean()).isFalse();
        assertThat(changed.json().get("emails").size()).isZero();
    }

    @Test
    void two_people_editing_one_contact_do_not_overwrite_each_other() {
        Http first = apiAs(Role.MANAGER);
        Http second = apiAs(Role.MANAGER);
        long id = first.postJson("/api/v1/contacts", "{\"lastName\":\"Shared\"}").json().get("id").asLong();
        assertThat(first.putJson("/api/v1/contacts/" + id, "{\"lastName\":\"By first\",\"version\":0}").status())
                .isEqualTo(200);
        Http.Response late = second.putJson("/api/v1/contacts/" + id, "{\"lastName\":\"By second\",\"version\":0}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("detail").asString()).contains("Reload it and make your change again");
        assertThat(second.get("/api/v1/contacts/" + id).json().get("lastName").asString()).isEqualTo("By first");
    }

    static Stream<Arguments> badContacts() {
        return Stream.of(
                Arguments.of("no last name", "{\"firstName\":\"Jan\"}", "lastName"),
                Arguments.of("last name too long", "{\"lastName\":\"" + "L".repeat(101) + "\"}", "lastName"),
                Arguments.of("bad e-mail", "{\"lastName\":\"X\",\"emails\":[\"ok@firma.pl\",\"nope\"]}", "emails[1]"),
                Arguments.of("e-mail too long", "{\"lastName\":\"X\",\"emails\":[\"" + "e".repeat(250) + "@x.pl\"]}", "emails[0]"),
                Arguments.of("Polish phone too short", "{\"lastName\":\"X\",\"phones\":[\"60123\"]}", "phones[0]"),
                Arguments.of("Czech phone too long", "{\"lastName\":\"X\",\"address\":{\"country\":\"CZ\"},\"phones\":[\"602 123 456 789 1\"]}", "phones[0]"),
                Arguments.of("German phone wrong", "{\"lastName\":\"X\",\"phones\":[\"+49 1\"]}", "phones[0]"),
                Arguments.of("birthday in the future", "{\"lastName\":\"X\",\"birthday\":\"2999-01-01\"}", "birthday"),
                Arguments.of("birthday not a date", "{\"lastName\":\"X\",\"birthday\":\"12.4.1985\"}", "birthday"),
                Arguments.of("company that does not exist", "{\"lastName\":\"X\",\"companyId\":987654321}", "companyId"),
                Arguments.of("company id of wrong type", "{\"lastName\":\"X\",\"companyId\":\"acme\"}", "companyId"),
                Arguments.of("consent without how", "{\"lastName\":\"X\",\"marketingConsent\":true}", "consentMethod"),
                Arguments.of("unknown channel", "{\"lastName\":\"X\",\"preferredChannel\":\"PIGEON\"}", "preferredChannel"),
                Arguments.of("language not a code", "{\"lastName\":\"X\",\"preferredLanguage\":\"polish\"}", "preferredLanguage"),
                Arguments.of("unknown field", "{\"lastName\":\"X\",\"nickname\":\"Y\"}", "nickname"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badContacts")
    void bad_input_is_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        Http api = apiAs(Role.SALES);
        long before = count("contacts");
        Http.Response response = api.postJson("/api/v1/contacts", json);
        assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(count("contacts")).isEqualTo(before);
    }

    @Test
    void a_failed_update_leaves_the_stored_contact_as_it_was() {
        Http api = apiAs(Role.MANAGER);
        JsonNode contact = api.postJson("/api/v1/contacts",
                "{\"lastName\":\"Kept\",\"emails\":[\"kept@firma.pl\"]}").json();
        long id = contact.get("id").asLong();
        Http.Response refused = api.putJson("/api/v1/contacts/" + id,
                "{\"lastName\":\"Changed\",\"emails\":[\"broken\"],\"version\":0}");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode stored = api.get("/api/v1/contacts/" + id).json();
        assertThat(stored.get("lastName").asString()).isEqualTo("Kept");
        assertThat(stored.get("emails").get(0).asString()).isEqualTo("kept@firma.pl");
        assertThat(stored.get("version").asInt()).isZero();
    }
}
