package app.klient.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class CatalogApiTests extends WebTest {

    @Autowired
    Products products;

    static String sku() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String product(String sku, String name, String price, String currency, String tax) {
        return """
                {"sku": "%s", "name": "%s", "namePl": "Łożysko %s", "unit": "pcs", "category": "Bearings",
                 "unitPrice": %s, "currency": "%s", "taxRate": %s}""".formatted(sku, name, name, price, currency, tax);
    }

    @Test
    void a_manager_keeps_the_catalog_and_everybody_reads_it() {
        Http manager = apiAs(Role.MANAGER);
        String sku = sku();
        Http.Response created = manager.postJson("/api/v1/products", product(sku, "Bearing 6204", "12.5", "PLN", "23"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode product = created.json();
        assertThat(product.get("unitPrice").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(product.get("taxRate").decimalValue()).isEqualByComparingTo("23");
        assertThat(product.get("kind").asString()).isEqualTo("PRODUCT");
        long id = product.get("id").asLong();

        Http reader = apiAs(Role.READ_ONLY);
        assertThat(reader.get("/api/v1/products/" + id).json().get("sku").asString()).isEqualTo(sku);
        assertThat(reader.get("/api/v1/products?q=lozysko%20bearing%206204").json().get("items").findValuesAsString("sku"))
                .as("found by its Polish name without the accents").contains(sku);
        assertThat(reader.get("/api/v1/products?q=" + sku.toLowerCase(Locale.ROOT)).json().get("total").asInt())
                .isEqualTo(1);

        Http.Response twin = manager.postJson("/api/v1/products",
                product(sku.toLowerCase(Locale.ROOT), "Twin", "1", "PLN", "23"));
        assertThat(twin.status()).isEqualTo(400);
        assertThat(twin.json().get("errors").findValuesAsString("field")).containsExactly("sku");

        Http.Response stale = manager.putJson("/api/v1/products/" + id,
                product(sku, "Bearing 6204-2RS", "13", "PLN", "23").replace("}", ", \"version\": 7}"));
        assertThat(stale.status()).isEqualTo(409);
        Http.Response changed = manager.putJson("/api/v1/products/" + id,
                product(sku, "Bearing 6204-2RS", "13", "PLN", "23").replace("}", ", \"version\": 0}"));
        assertThat(changed.json().get("name").asString()).isEqualTo("Bearing 6204-2RS");

        assertThat(manager.delete("/api/v1/products/" + id).status()).isEqualTo(204);
        assertThat(reader.get("/api/v1/products?q=" + sku).json().get("total").asInt()).as("retired").isZero();
        assertThat(reader.get("/api/v1/products?includeInactive=true&q=" + sku).json().get("total").asInt())
                .isEqualTo(1);
        assertThat(manager.postJson("/api/v1/products/" + id + "/restore", "").json().get("active").asBoolean())
                .isTrue();
    }

    @Test
    void salespeople_read_but_do_not_change_the_catalog_and_learn_nothing_from_the_refusal() {
        long before = count("products");
        Http sales = apiAs(Role.SALES);
        Http.Response refused = sales.postJson("/api/v1/products", product("SECRET-1", "Secret", "1", "PLN", "23"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("SECRET-1");
        assertThat(sales.postJson("/api/v1/price-lists", "{\"name\": \"Mine\", \"currency\": \"PLN\"}").status())
                .isEqualTo(403);
        assertThat(count("products")).isEqualTo(before);
        assertThat(sales.get("/api/v1/products").status()).isEqualTo(200);
        assertThat(sales.get("/api/v1/price-lists").status()).isEqualTo(200);
        assertThat(signedInAs(Role.SALES).get("/products/new").status()).isEqualTo(403);
    }

    static Stream<Arguments> badProducts() {
        String big = "x".repeat(201);
        return Stream.of(
                Arguments.of("no SKU", product("", "A", "1", "PLN", "23"), "sku"),
                Arguments.of("SKU with spaces", product("A B", "A", "1", "PLN", "23"), "sku"),
                Arguments.of("script as SKU", product("<script>", "A", "1", "PLN", "23"), "sku"),
                Arguments.of("no name", product(sku(), "", "1", "PLN", "23"), "name"),
                Arguments.of("name too long", product(sku(), big, "1", "PLN", "23"), "name"),
                Arguments.of("negative price", product(sku(), "A", "-1", "PLN", "23"), "unitPrice"),
                Arguments.of("price with three decimals", product(sku(), "A", "1.005", "PLN", "23"), "unitPrice"),
                Arguments.of("huge price", product(sku(), "A", "1e20", "PLN", "23"), "unitPrice"),
                Arguments.of("price not a number", product(sku(), "A", "\"cheap\"", "PLN", "23"), "unitPrice"),
                Arguments.of("tax over 100 %", product(sku(), "A", "1", "PLN", "123"), "taxRate"),
                Arguments.of("negative tax", product(sku(), "A", "1", "PLN", "-8"), "taxRate"),
                Arguments.of("unknown currency", product(sku(), "A", "1", "XYZ", "23"), "currency"),
                Arguments.of("lower-case currency", product(sku(), "A", "1", "pln", "23"), "currency"),
                Arguments.of("unknown kind", product(sku(), "A", "1", "PLN", "23").replace("}",
                        ", \"kind\": \"WIDGET\"}"), "kind"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProducts")
    void bad_products_are_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        long before = count("products");
        Http.Response response = apiAs(Role.ADMIN).postJson("/api/v1/products", json);
        assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(count("products")).isEqualTo(before);
    }

    @Test
    void the_price_of_a_sale_comes_from_the_group_list_then_the_currency_list_then_the_product() {
        Http admin = apiAs(Role.ADMIN);
        long id = admin.postJson("/api/v1/products", product(sku(), "Valve", "100", "PLN", "8")).json()
                .get("id").asLong();
        String group = "wholesale-" + UUID.randomUUID().toString().substring(0, 6);
        String currency = "SEK"; // a currency no other test prices in
        long general = admin.postJson("/api/v1/price-lists",
                "{\"name\": \"Sweden\", \"currency\": \"" + currency + "\"}").json().get("id").asLong();
        long wholesale = admin.postJson("/api/v1/price-lists", "{\"name\": \"Wholesale SE\", \"currency\": \""
                + currency + "\", \"customerGroup\": \"" + group + "\"}").json().get("id").asLong();
        Http.Response twin = admin.postJson("/api/v1/price-lists", "{\"name\": \"Again\", \"currency\": \""
                + currency + "\", \"customerGroup\": \"" + group.toUpperCase(Locale.ROOT) + "\"}");
        assertThat(twin.status()).as("one active list per currency and group").isEqualTo(400);
        assertThat(twin.json().get("errors").findValuesAsString("field")).containsExactly("customerGroup");

        assertThat(products.price(id, currency, List.of(group), Locale.ENGLISH)).as("no list names it yet")
                .isEmpty();
        assertThat(products.price(id, "PLN", List.of(group), Locale.forLanguageTag("pl")).orElseThrow())
                .as("its own price in its own currency, named in Polish")
                .extracting(Price::unitPrice, Price::description, Price::taxRate, Price::priceList)
                .containsExactly(new BigDecimal("100.00"), "Łożysko Valve", new BigDecimal("8.00"), null);

        admin.putJson("/api/v1/price-lists/" + general + "/items/" + id, "{\"unitPrice\": 320}");
        admin.putJson("/api/v1/price-lists/" + wholesale + "/items/" + id, "{\"unitPrice\": 290.5}");
        assertThat(products.price(id, currency, List.of("other"), Locale.ENGLISH).orElseThrow().unitPrice())
                .isEqualByComparingTo("320");
        Price forGroup = products.price(id, currency, List.of("VIP", group.toUpperCase(Locale.ROOT)), Locale.ENGLISH)
                .orElseThrow();
        assertThat(forGroup.unitPrice()).isEqualByComparingTo("290.50");
        assertThat(forGroup.priceList()).isEqualTo("Wholesale SE");

        JsonNode list = admin.get("/api/v1/price-lists/" + wholesale).json();
        assertThat(list.get("items").get(0).get("ownPrice").decimalValue()).isEqualByComparingTo("100");
        Http.Response badPrice = admin.putJson("/api/v1/price-lists/" + wholesale + "/items/" + id,
                "{\"unitPrice\": -3}");
        assertThat(badPrice.status()).isEqualTo(400);
        assertThat(admin.putJson("/api/v1/price-lists/" + wholesale + "/items/999999999", "{\"unitPrice\": 3}")
                .status()).as("no such product").isEqualTo(400);

        int version = list.get("version").asInt();
        assertThat(admin.postJson("/api/v1/price-lists/" + wholesale + "/retire", "{\"version\": " + version + "}")
                .json().get("active").asBoolean()).isFalse();
        assertThat(products.price(id, currency, List.of(group), Locale.ENGLISH).orElseThrow().unitPrice())
                .as("a retired list no longer applies").isEqualByComparingTo("320");
        admin.delete("/api/v1/price-lists/" + general + "/items/" + id);
        assertThat(products.price(id, currency, List.of(group), Locale.ENGLISH)).isEmpty();
    }

    @Test
    void the_catalog_pages_list_show_and_change_products_for_managers() {
        Http manager = signedInAs(Role.MANAGER);
        manager.get("/products/new");
        String sku = sku();
        java.util.Map<String, String> form = new java.util.HashMap<>(java.util.Map.of("sku", sku, "name",
                "<b>Pump</b>", "nameCs", "Čerpadlo", "kind", "PRODUCT", "unit", "pcs", "unitPrice", "1 234,50",
                "currency", "PLN", "taxRate", "23", "version", ""));
        Http.Response created = manager.postForm("/products", form);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String page = manager.get(created.location()).body();
        assertThat(page).contains("&lt;b&gt;Pump&lt;/b&gt;").doesNotContain("<b>Pump</b>").contains("1,234.50");
        assertThat(manager.get(created.location() + "?lang=cs").body()).contains("Čerpadlo");
        assertThat(manager.get("/products?q=" + sku + "&lang=en").body()).contains(sku);

        form.put("sku", sku());
        form.put("unitPrice", "a lot");
        Http.Response bad = manager.postForm("/products", form);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("field-error");
        form.put("unitPrice", "5");
        form.put("sku", sku);
        assertThat(manager.postForm("/products", form).body()).contains("Another product already has this SKU");

        Http seller = signedInAs(Role.SALES);
        seller.get("/products");
        assertThat(seller.postForm(created.location() + "/retire", java.util.Map.of()).status()).isEqualTo(403);
    }
}
