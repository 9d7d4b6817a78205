package app.klient.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GlobalSearchTests extends WebTest {

    private static final String LINE = "\"lines\": [{\"description\": \"Servis\", \"quantity\": 1, \"unitPrice\": 100, "
            + "\"taxRate\": 23}]";

    @Test
    void one_query_finds_every_kind_by_names_numbers_e_mails_and_phones_grouped_by_kind() {
        Http api = apiAs(Role.MANAGER);
        String mark = unique();
        long company = company(api, "Łódzkie Wędliny " + mark, "PL", null);
        String phone = "6" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        long contact = api.postJson("/api/v1/contacts", """
                {"firstName": "Żaneta", "lastName": "Kąkol", "emails": ["zaneta.%s@wedliny.pl"], "phones": ["%s"],
                 "companyId": %d}""".formatted(mark, phone, company)).json().get("id").asLong();
        long lead = api.postJson("/api/v1/leads", "{\"lastName\": \"Lead %s\"}".formatted(mark)).json().get("id")
                .asLong();
        long deal = api.postJson("/api/v1/deals", "{\"name\": \"Dostawy %s\", \"companyId\": %d}".formatted(mark,
                company)).json().get("id").asLong();
        JsonNode quote = api.postJson("/api/v1/quotes", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        JsonNode order = api.postJson("/api/v1/orders", "{\"companyId\": %d, %s}".formatted(company, LINE)).json();
        Http.Response issued = api.postJson("/api/v1/invoices", "{\"companyId\": %d, %s}".formatted(company, LINE));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode invoice = issued.json();
        long ticket = api.postJson("/api/v1/tickets", "{\"subject\": \"Reklamacja %s\", \"description\": \"x\"}"
                .formatted(mark)).json().get("id").asLong();
        long product = api.postJson("/api/v1/products", """
                {"sku": "SKU-%s", "name": "Kiełbasa", "kind": "PRODUCT", "unit": "kg", "unitPrice": 20, "taxRate": 5,
                 "currency": "PLN"}""".formatted(mark)).json().get("id").asLong();

        // the fragment finds the company, its people, its deal and documents, the lead, the ticket and the product
        JsonNode found = api.get("/api/v1/search?q=" + mark + "&limit=50").json();
        assertThat(found.get("q").asString()).isEqualTo(mark);
        assertThat(kinds(found)).containsExactly("company", "contact", "lead", "deal", "quote", "order", "invoice",
                "ticket", "product");
        assertThat(ids(found, "company")).containsExactly(company);
        assertThat(ids(found, "contact")).containsExactly(contact);
        assertThat(ids(found, "lead")).containsExactly(lead);
        assertThat(ids(found, "deal")).containsExactly(deal);
        assertThat(ids(found, "quote")).containsExactly(quote.get("id").asLong());
        assertThat(ids(found, "order")).containsExactly(order.get("id").asLong());
        assertThat(ids(found, "invoice")).containsExactly(invoice.get("id").asLong());
        assertThat(ids(found, "ticket")).containsExactly(ticket);
        assertThat(ids(found, "product")).containsExactly(product);
        JsonNode companyHit = group(found, "company").get("items").get(0);
        assertThat(companyHit.get("title").asString()).isEqualTo("Łódzkie Wędliny " + mark);
        assertThat(companyHit.get("link").asString()).isEqualTo("/companies/" + company);

        assertThat(ids(api.get("/api/v1/search?q=lodzkie+wedliny+" + mark).json(), "company")).contains(company);
        assertThat(ids(api.get("/api/v1/search?q=zaneta." + mark + "%40wedliny").json(), "contact"))
                .containsExactly(contact);
        String typed = phone.substring(0, 3) + " " + phone.substring(3, 6) + "-" + phone.substring(6);
        assertThat(ids(api.get("/api/v1/search?q=" + typed.replace(" ", "+") + "&kinds=contact").json(),
                "contact")).contains(contact);
        String invoiceNumber = invoice.get("number").asString();
        assertThat(ids(api.get("/api/v1/search?kinds=invoice&limit=50&q=" + invoiceNumber).json(), "invoice"))
                .contains(invoice.get("id").asLong());
        assertThat(ids(api.get("/api/v1/search?kinds=order&limit=50&q=" + order.get("number").asString()).json(),
                "order")).contains(order.get("id").asLong());
        assertThat(ids(api.get("/api/v1/search?kinds=quote&limit=50&q=" + quote.get("number").asString()).json(),
                "quote")).containsExactly(quote.get("id").asLong());
        // the buyer's name on an invoice is the company's, accents and all
        assertThat(ids(api.get("/api/v1/search?kinds=invoice&q=%C5%81%C3%B3dzkie+W%C4%99dliny+" + mark).json(),
                "invoice")).containsExactly(invoice.get("id").asLong());
    }

    @Test
    void kinds_and_limit_narrow_the_answer_and_more_says_that_others_matched() {
        Http api = apiAs(Role.SALES);
        String mark = unique();
        for (int i = 0; i < 3; i++) {
            api.postJson("/api/v1/contacts", "{\"firstName\": \"P%d\", \"lastName\": \"Nowak %s\"}".formatted(i, mark));
        }
        api.postJson("/api/v1/companies", "{\"name\": \"Nowak %s\"}".formatted(mark));

        JsonNode two = api.get("/api/v1/search?q=nowak+" + mark + "&kinds=contact&limit=2").json();
        assertThat(kinds(two)).containsExactly("contact");
        assertThat(two.get("groups").get(0).get("items")).hasSize(2);
        assertThat(two.get("groups").get(0).get("more").asBoolean()).isTrue();
        // in the order of the contact list: by last name, then first name
        assertThat(two.get("groups").get(0).get("items").findValues("title")).extracting(JsonNode::asString)
                .containsExactly("P0 Nowak " + mark, "P1 Nowak " + mark);

        JsonNode all = api.get("/api/v1/search?q=nowak+" + mark + "&kinds=contact,company").json();
        assertThat(kinds(all)).containsExactly("company", "contact");
        assertThat(group(all, "contact").get("more").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/search?q=" + unique()).json().get("groups")).isEmpty();
    }

    @Test
    void a_query_too_short_or_too_long_an_unknown_kind_and_a_wrong_limit_are_refused_by_field_in_the_callers_language() {
        Http api = api(testUsers.create(Role.READ_ONLY, "pl"));
        for (Map.Entry<String, String> bad : Map.of(
                "/api/v1/search?q=ab", "q",
                "/api/v1/search", "q",
                "/api/v1/search?q=" + "x".repeat(201), "q",
                "/api/v1/search?q=nowak&kinds=contact,spaceship", "kinds",
                "/api/v1/search?q=nowak&limit=0", "limit",
                "/api/v1/search?q=nowak&limit=51", "limit").entrySet()) {
            Http.Response refused = api.get(bad.getKey());
            assertThat(refused.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").findValues("field")).extracting(JsonNode::asString)
                    .as(bad.getKey()).containsExactly(bad.getValue());
        }
        assertThat(api.get("/api/v1/search?q=ab").body()).contains("Wpisz co najmniej 3 znaki");
        assertThat(api.get("/api/v1/search?q=x&kinds=spaceship").body()).contains("spaceship");
    }

    @Test
    void the_page_the_header_box_and_the_page_box_answer_from_one_address() {
        Http manager = signedInAs(Role.MANAGER);
        String mark = unique();
        long company = company(apiAs(Role.MANAGER), "Pekárna " + mark, "CZ", null);

        Http.Response start = manager.get("/");
        assertThat(start.body()).contains("id=\"global-q\"").contains("id=\"search-quick\"");

        Http.Response page = manager.get("/search?q=pekarna+" + mark);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html").contains("Pekárna " + mark).contains("/companies/" + company)
                .contains("id=\"found-company\"");

        Http.Response quick = manager.get("/search?q=pekarna+" + mark,
                Map.of("HX-Request", "true", "HX-Target", "search-quick"));
        assertThat(quick.body()).doesNotContain("<html").contains("search-quick-list")
                .contains("/companies/" + company).contains("/search?q=pekarna%20" + mark);

        Http.Response results = manager.get("/search?q=pekarna+" + mark, Map.of("HX-Request", "true",
                "HX-Target", "results"));
        assertThat(results.body()).doesNotContain("<html").doesNotContain("search-quick-list")
                .contains("id=\"results\"").contains("/companies/" + company);

        Http.Response kind = manager.get("/search?q=pekarna+" + mark + "&kind=contact");
        assertThat(kind.body()).doesNotContain("/companies/" + company);

        Http.Response tooShort = signedIn(testUsers.create(Role.SUPPORT, "cs")).get("/search?q=pe",
                Map.of("HX-Request", "true", "HX-Target", "search-quick"));
        assertThat(tooShort.status()).isEqualTo(200);
        assertThat(tooShort.body()).contains("Zadejte alespoň 3 znaky");
        // an empty box shows no dropdown at all
        assertThat(manager.get("/search?q=", Map.of("HX-Request", "true", "HX-Target", "search-quick")).body())
                .isBlank();
    }

    @Test
    void amounts_read_as_money_in_the_readers_language() {
        Http api = apiAs(Role.MANAGER);
        String mark = unique();
        long company = company(api, "Kwoty " + mark, "PL", null);
        api.postJson("/api/v1/deals", "{\"name\": \"Dostawa %s\", \"companyId\": %d, \"amount\": 9151.20, "
                .formatted(mark, company) + "\"currency\": \"PLN\"}");

        for (Map.Entry<String, String> reader : Map.of("pl", "Kwoty %s · 9\u00a0151,20 PLN", "cs",
                "Kwoty %s · 9\u00a0151,20 PLN", "en", "Kwoty %s · 9,151.20 PLN").entrySet()) {
            JsonNode found = api(testUsers.create(Role.MANAGER, reader.getKey()))
                    .get("/api/v1/search?kinds=deal&q=" + mark).json();
            assertThat(group(found, "deal").get("items").get(0).get("detail").asString()).as(reader.getKey())
                    .isEqualTo(reader.getValue().formatted(mark));
        }
    }

    private static String unique() {
        return "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static List<String> kinds(JsonNode answer) {
        return answer.get("groups").findValues("kind").stream().map(JsonNode::asString).toList();
    }

    private static JsonNode group(JsonNode answer, String kind) {
        for (JsonNode group : answer.get("groups")) {
            if (group.get("kind").asString().equals(kind)) {
                return group;
            }
        }
        throw new AssertionError("no group " + kind + " in " + answer);
    }

    private static List<Long> ids(JsonNode answer, String kind) {
        return group(answer, kind).get("items").findValues("id").stream().map(JsonNode::asLong).toList();
    }
}
