package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class CustomFieldTests extends WebTest {

    /** Keys are unique per test run, so these tests do not meet each other's fields in the shared database. */
    static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Test
    void an_administrator_defines_fields_that_records_then_carry_and_lists_filter_by() {
        Http admin = apiAs(Role.ADMIN);
        String region = "region" + SUFFIX;
        String budget = "budget" + SUFFIX;
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "%s", "type": "CHOICE", "labelEn": "Region", "labelPl": "Region",
                 "labelCs": "Oblast", "options": [
                   {"key": "north", "labelEn": "North", "labelPl": "Północ", "labelCs": "Sever"},
                   {"key": "south", "labelEn": "South", "labelPl": "Południe", "labelCs": "Jih"}]}""".formatted(region))
                .status()).isEqualTo(201);
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "%s", "type": "NUMBER", "labelEn": "Budget", "labelPl": "Budżet",
                 "labelCs": "Rozpočet"}""".formatted(budget)).status()).isEqualTo(201);

        Http seller = apiAs(Role.SALES);
        Http.Response created = seller.postJson("/api/v1/companies", """
                {"name": "Custom Co", "customFields": {"%s": "south", "%s": "12500.50"}}""".formatted(region, budget));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode fields = created.json().get("customFields");
        assertThat(fields.get(region).asString()).isEqualTo("south");
        assertThat(fields.get(budget).decimalValue()).isEqualByComparingTo("12500.5");

        JsonNode south = seller.get("/api/v1/companies?cf." + region + "=south").json();
        assertThat(south.get("items").findValuesAsString("name")).contains("Custom Co");
        assertThat(seller.get("/api/v1/companies?cf." + region + "=north").json().get("items")
                .findValuesAsString("name")).doesNotContain("Custom Co");
        assertThat(seller.get("/api/v1/companies?cf." + budget + "=abc").status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "TEXT too long | TEXT | LONG",
            "NUMBER not a number | NUMBER | \"twelve\"",
            "NUMBER too large | NUMBER | 12345678901234567890",
            "DATE in another format | DATE | \"24.11.2026\"",
            "DATE impossible | DATE | \"2026-02-30\"",
            "BOOLEAN as text | BOOLEAN | \"maybe\"",
            "URL without scheme | URL | \"javascript:alert(1)\"",
            "CHOICE not offered | CHOICE | \"west\"",
            "MULTI_CHOICE with one not offered | MULTI_CHOICE | [\"a\", \"z\"]",
            "TEXT given an object | TEXT | {\"x\": 1}"
    })
    void a_value_of_the_wrong_type_is_refused_and_nothing_is_stored(String why, FieldType type, String value) {
        Http admin = apiAs(Role.ADMIN);
        String key = "f" + type.name().toLowerCase().replace("_", "") + UUID.randomUUID().toString().substring(0, 6);
        String options = type.hasOptions() ? """
                , "options": [{"key": "a", "labelEn": "A", "labelPl": "A", "labelCs": "A"}]""" : "";
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "CONTACT", "key": "%s", "type": "%s", "labelEn": "F", "labelPl": "F", "labelCs": "F"%s}"""
                .formatted(key, type, options)).status()).isEqualTo(201);
        long before = count("contacts");
        String json = value.equals("LONG") ? "\"" + "t".repeat(1001) + "\"" : value;
        Http.Response response = apiAs(Role.SALES).postJson("/api/v1/contacts",
                "{\"lastName\":\"Typed\",\"customFields\":{\"" + key + "\":" + json + "}}");
        assertThat(response.status()).as(why).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("customFields." + key);
        assertThat(count("contacts")).isEqualTo(before);
    }

    @Test
    void definitions_are_checked_and_only_administrators_make_them() {
        Http admin = apiAs(Role.ADMIN);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/custom-fields", "{}").status()).isEqualTo(403);
        assertThat(apiAs(Role.SALES).get("/api/v1/custom-fields?entity=COMPANY").status()).isEqualTo(200);
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "Bad Key", "type": "TEXT", "labelEn": "x", "labelPl": "x", "labelCs": "x"}""")
                .status()).isEqualTo(400);
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "choice%s", "type": "CHOICE", "labelEn": "x", "labelPl": "x", "labelCs": "x"}"""
                .formatted(SUFFIX)).json().get("errors").findValuesAsString("field")).contains("options");
        assertThat(admin.postJson("/api/v1/custom-fields", """
                {"entity": "COMPANY", "key": "nolabel%s", "type": "TEXT", "labelEn": "x"}""".formatted(SUFFIX))
                .status()).isEqualTo(400);
        String key = "once" + SUFFIX;
        String body = """
                {"entity": "COMPANY", "key": "%s", "type": "TEXT", "labelEn": "x", "labelPl": "x", "labelCs": "x"}"""
                .formatted(key);
        assertThat(admin.postJson("/api/v1/custom-fields", body).status()).isEqualTo(201);
        assertThat(admin.postJson("/api/v1/custom-fields", body).status()).isEqualTo(400);
    }
}
