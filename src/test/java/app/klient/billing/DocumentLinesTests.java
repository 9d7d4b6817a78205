package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The quote, order and invoice forms take as many lines as a person adds, in order, up to a sane maximum. */
class DocumentLinesTests extends WebTest {

    @Test
    void add_line_without_a_script_brings_the_form_back_with_more_rows_and_what_was_typed() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        long company = company(api(seller), "Wiersze " + UUID.randomUUID(), "PL", null);
        for (String page : List.of("/quotes/new", "/orders/new", "/invoices/new")) {
            assertThat(browser.get(page).body()).as(page).contains("name=\"addLines\"").contains("data-add-line")
                    .contains("/js/document-lines.js");
        }
        Map<String, String> form = new HashMap<>(Map.of("companyId", String.valueOf(company), "addLines", "1",
                "lines[0].description", "Typed before adding", "lines[0].quantity", "2",
                "lines[0].unitPrice", "10", "lines[0].taxRate", "23"));
        for (String path : List.of("/quotes", "/orders", "/invoices")) {
            Http.Response more = browser.postForm(path, form);
            assertThat(more.status()).as(path).isEqualTo(200);
            assertThat(more.body()).contains("Typed before adding").contains("name=\"lines[5].description\"")
                    .doesNotContain("name=\"lines[6].description\"");
        }
        assertThat(rows("invoices where buyer_name like 'Wiersze%'")).as("nothing issued by adding a row").isZero();
    }

    @Test
    void an_invoice_takes_hundreds_of_lines_in_order_and_refuses_more_than_the_maximum() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        long company = company(api(seller), "Długa " + UUID.randomUUID(), "PL", null);
        browser.get("/invoices/new");
        Map<String, String> form = new HashMap<>(Map.of("companyId", String.valueOf(company)));
        for (int i = 0; i < 300; i++) {
            if (i == 7) {
                continue; // a removed row leaves a gap
            }
            form.put("lines[" + i + "].description", "Item " + i);
            form.put("lines[" + i + "].quantity", "1");
            form.put("lines[" + i + "].unitPrice", "1");
            form.put("lines[" + i + "].taxRate", "23");
        }
        form.put("lines[300].quantity", "1"); // an empty row, ignored
        Http.Response issued = browser.postForm("/invoices", form);
        assertThat(issued.location()).as(issued.body()).startsWith("/invoices/");
        JsonNode invoice = api(seller).get("/api/v1" + issued.location()).json();
        List<String> descriptions = invoice.get("lines").findValuesAsString("description");
        assertThat(descriptions).hasSize(299);
        assertThat(descriptions.subList(0, 9)).containsExactly("Item 0", "Item 1", "Item 2", "Item 3", "Item 4",
                "Item 5", "Item 6", "Item 8", "Item 9");
        assertThat(descriptions.get(298)).isEqualTo("Item 299");

        for (int i = 300; i < 502; i++) {
            form.put("lines[" + i + "].description", "Item " + i);
            form.put("lines[" + i + "].quantity", "1");
            form.put("lines[" + i + "].unitPrice", "1");
            form.put("lines[" + i + "].taxRate", "23");
        }
        Http.Response tooMany = browser.postForm("/invoices", form);
        assertThat(tooMany.status()).isEqualTo(200);
        assertThat(tooMany.body()).contains("A document has at most 500 lines.");
    }

    private long rows(String fromWhere) {
        return jdbc.sql("select count(*) from " + fromWhere).query(Long.class).single();
    }
}
