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

/** Line items from the catalog on deals, and the people on a deal with their roles. */
class DealLinesTests extends WebTest {

    private long product(String name, String price, String tax) {
        return apiAs(Role.MANAGER).postJson("/api/v1/products", """
                {"sku": "L-%s", "name": "%s", "unitPrice": %s, "currency": "PLN", "taxRate": %s}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), name, price, tax)).json().get("id").asLong();
    }

    @Test
    void lines_are_priced_from_the_customers_price_list_and_add_up_to_the_amount() {
        long valve = product("Valve", "120", "23");
        long hours = product("Fitting hour", "10.01", "8");
        String group = "grp-" + UUID.randomUUID().toString().substring(0, 6);
        Http manager = apiAs(Role.MANAGER);
        long list = manager.postJson("/api/v1/price-lists", """
                {"name": "Group %s", "currency": "PLN", "customerGroup": "%s"}""".formatted(group, group)).json()
                .get("id").asLong();
        manager.putJson("/api/v1/price-lists/" + list + "/items/" + valve, "{\"unitPrice\": 99.99}");

        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Piping Ltd\", \"tags\": [\"" + group + "\"]}")
                .json().get("id").asLong();
        JsonNode deal = api.postJson("/api/v1/deals", """
                {"name": "Boiler room", "companyId": %d, "currency": "PLN", "amount": 5, "ownerId": %d, "lines": [
                  {"productId": %d, "quantity": 3, "discountPercent": 10},
                  {"productId": %d, "quantity": 2.5},
                  {"description": "Transport", "quantity": 1, "unitPrice": 0.01, "taxRate": 23}]}"""
                .formatted(company, seller.id(), valve, hours)).json();
        JsonNode lines = deal.get("lines");
        assertThat(lines.size()).isEqualTo(3);
        assertThat(lines.get(0).get("unitPrice").decimalValue()).as("the group's list price").isEqualByComparingTo("99.99");
        assertThat(lines.get(0).get("netAmount").decimalValue()).as("3 × 99.99 × 0.9 = 269.973").isEqualByComparingTo("269.97");
        assertThat(lines.get(0).get("description").asString()).isEqualTo("Valve");
        assertThat(lines.get(1).get("unitPrice").decimalValue()).as("no list: its own price").isEqualByComparingTo("10.01");
        assertThat(lines.get(1).get("netAmount").decimalValue()).as("2.5 × 10.01 = 25.025, half up").isEqualByComparingTo("25.03");
        assertThat(lines.get(1).get("taxRate").decimalValue()).isEqualByComparingTo("8");
        assertThat(deal.get("amount").decimalValue()).as("the lines, not the 5 sent").isEqualByComparingTo("295.01");
        long id = deal.get("id").asLong();

        JsonNode renamed = api.putJson("/api/v1/deals/" + id, """
                {"name": "Boiler room 2", "companyId": %d, "currency": "PLN", "amount": 1, "ownerId": %d, "version": %d}"""
                .formatted(company, seller.id(), deal.get("version").asInt())).json();
        assertThat(renamed.get("lines").size()).as("left out: kept").isEqualTo(3);
        assertThat(renamed.get("amount").decimalValue()).isEqualByComparingTo("295.01");

        Http.Response otherCurrency = api.putJson("/api/v1/deals/" + id, """
                {"name": "Boiler room 2", "currency": "EUR", "ownerId": %d, "version": %d}"""
                .formatted(seller.id(), renamed.get("version").asInt()));
        assertThat(otherCurrency.status()).isEqualTo(400);
        assertThat(otherCurrency.json().get("errors").findValuesAsString("field")).containsExactly("currency");

        JsonNode cleared = api.putJson("/api/v1/deals/" + id, """
                {"name": "Boiler room 2", "currency": "PLN", "amount": 700, "ownerId": %d, "lines": [], "version": %d}"""
                .formatted(seller.id(), renamed.get("version").asInt())).json();
        assertThat(cleared.get("lines").size()).isZero();
        assertThat(cleared.get("amount").decimalValue()).as("no lines: the amount sent").isEqualByComparingTo("700");
    }

    @Test
    void a_line_that_cannot_be_priced_is_named_and_nothing_is_stored() {
        long valve = product("Valve", "120", "23");
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long deals = count("deals");
        long lines = count("deal_lines");
        for (String[] bad : new String[][] {
                {"{\"productId\": " + valve + ", \"quantity\": 1}", "EUR", "lines[0].unitPrice"},
                {"{\"description\": \"Free text\", \"quantity\": 1}", "PLN", "lines[0].unitPrice"},
                {"{\"unitPrice\": 5, \"quantity\": 1}", "PLN", "lines[0].description"},
                {"{\"productId\": 987654321, \"quantity\": 1}", "PLN", "lines[0].productId"},
                {"{\"productId\": " + valve + ", \"quantity\": 0}", "PLN", "lines[0].quantity"},
                {"{\"productId\": " + valve + ", \"quantity\": 1, \"discountPercent\": 101}", "PLN",
                        "lines[0].discountPercent"},
                {"{\"productId\": " + valve + ", \"quantity\": 1e12}", "PLN", "lines[0].quantity"},
                {"{\"description\": \"" + "x".repeat(301) + "\", \"unitPrice\": 1, \"quantity\": 1}", "PLN",
                        "lines[0].description"}}) {
            Http.Response response = api.postJson("/api/v1/deals", """
                    {"name": "Unpriced", "currency": "%s", "ownerId": %d, "lines": [%s]}"""
                    .formatted(bad[1], seller.id(), bad[0]));
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("errors").findValuesAsString("field")).as(bad[0]).contains(bad[2]);
        }
        assertThat(count("deals")).isEqualTo(deals);
        assertThat(count("deal_lines")).isEqualTo(lines);
    }

    @Test
    void people_on_a_deal_keep_their_roles() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Roles Inc\"}").json().get("id").asLong();
        long boss = api.postJson("/api/v1/contacts", "{\"firstName\": \"Ada\", \"lastName\": \"Boss\", \"companyId\": "
                + company + "}").json().get("id").asLong();
        long user = api.postJson("/api/v1/contacts", "{\"lastName\": \"User\", \"companyId\": " + company + "}")
                .json().get("id").asLong();
        JsonNode deal = api.postJson("/api/v1/deals", """
                {"name": "Roles", "companyId": %d, "ownerId": %d,
                 "contacts": [{"contactId": %d, "role": "DECISION_MAKER"}, {"contactId": %d}]}"""
                .formatted(company, seller.id(), boss, user)).json();
        assertThat(deal.get("contacts").findValuesAsString("role")).containsExactlyInAnyOrder("DECISION_MAKER",
                "CONTACT");
        assertThat(deal.get("contacts").findValuesAsString("name")).contains("Ada Boss");
        assertThat(deal.get("contactIds")).hasSize(2);

        JsonNode kept = api.putJson("/api/v1/deals/" + deal.get("id").asLong(), """
                {"name": "Roles", "companyId": %d, "ownerId": %d, "contactIds": [%d], "version": %d}"""
                .formatted(company, seller.id(), boss, deal.get("version").asInt())).json();
        assertThat(kept.get("contacts").size()).isEqualTo(1);
        assertThat(kept.get("contacts").get(0).get("role").asString()).as("contactIds keep the role")
                .isEqualTo("DECISION_MAKER");

        Http.Response badRole = api.postJson("/api/v1/deals", """
                {"name": "Roles", "ownerId": %d, "contacts": [{"contactId": %d, "role": "KINGMAKER"}]}"""
                .formatted(seller.id(), boss));
        assertThat(badRole.status()).isEqualTo(400);
    }

    @Test
    void the_deal_page_adds_changes_and_removes_lines_and_people_and_refuses_stale_or_foreign_changes() {
        long valve = product("Valve <script>alert(1)</script>", "120", "23");
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Page Co\"}").json().get("id").asLong();
        long person = api.postJson("/api/v1/contacts", "{\"firstName\": \"Eva\", \"lastName\": \"Page\", "
                + "\"companyId\": " + company + "}").json().get("id").asLong();
        long id = api.postJson("/api/v1/deals", "{\"name\": \"By page\", \"companyId\": " + company
                + ", \"amount\": 50, \"ownerId\": " + seller.id() + "}").json().get("id").asLong();
        String url = "/deals/" + id;

        Http browser = signedIn(seller);
        String page = browser.get(url).body();
        assertThat(page).contains("Eva Page").contains("No products yet");
        assertThat(browser.postForm(url + "/lines", line(valve, "2", "", "5", 0)).location()).isEqualTo(url);
        page = browser.get(url).body();
        assertThat(page).contains("The line was added").contains("228").doesNotContain("<script>alert(1)</script>")
                .contains("&lt;script&gt;");
        assertThat(jdbc.sql("select amount from deals where id = " + id).query(java.math.BigDecimal.class).single())
                .as("2 × 120 × 0.95").isEqualByComparingTo("228");

        long before = count("deal_lines");
        browser.postForm(url + "/lines", line(valve, "2", "", "5", 0));
        assertThat(browser.get(url).body()).as("a stale page").contains("Someone else changed this record");
        browser.postForm(url + "/lines", line(valve, "-2", "", "0", 1));
        assertThat(browser.get(url).body()).contains("Check the line");
        browser.postForm(url + "/lines", line(null, "1", "", "0", 1));
        assertThat(browser.get(url).body()).contains("Enter a unit price");
        assertThat(count("deal_lines")).isEqualTo(before);

        long lineId = jdbc.sql("select id from deal_lines where deal_id = " + id).query(Long.class).single();
        Map<String, String> change = line(valve, "1", "100", "0", 1);
        change.put("taxRate", "23");
        browser.postForm(url + "/lines/" + lineId, change);
        assertThat(browser.get(url).body()).contains("The line was saved");
        assertThat(jdbc.sql("select amount from deals where id = " + id).query(java.math.BigDecimal.class).single())
                .isEqualByComparingTo("100");

        browser.postForm(url + "/contacts", Map.of("contactId", String.valueOf(person), "role", "CHAMPION",
                "version", "2"));
        assertThat(jdbc.sql("select role from deal_contacts where deal_id = " + id).query(String.class).single())
                .isEqualTo("CHAMPION");
        assertThat(browser.get(url).body()).contains("role on the deal was saved");

        Http stranger = signedInAs(Role.SALES);
        stranger.get("/deals/board");
        assertThat(stranger.postForm(url + "/lines/" + lineId + "/delete", Map.of("version", "3")).status())
                .as("not the owner").isEqualTo(403);
        assertThat(stranger.postForm(url + "/contacts/" + person + "/delete", Map.of("version", "3")).status())
                .isEqualTo(403);
        assertThat(count("deal_lines")).isEqualTo(before);

        browser.postForm(url + "/lines/" + lineId + "/delete", Map.of("version", "3"));
        browser.postForm(url + "/contacts/" + person + "/delete", Map.of("version", "4"));
        assertThat(count("deal_lines")).isEqualTo(before - 1);
        assertThat(jdbc.sql("select count(*) from deal_contacts where deal_id = " + id).query(Long.class).single())
                .isZero();
    }

    private static Map<String, String> line(Long product, String quantity, String price, String discount,
            int version) {
        Map<String, String> form = new HashMap<>();
        form.put("productId", product == null ? "" : String.valueOf(product));
        form.put("quantity", quantity);
        form.put("unitPrice", price);
        form.put("discountPercent", discount);
        form.put("version", String.valueOf(version));
        return form;
    }
}
