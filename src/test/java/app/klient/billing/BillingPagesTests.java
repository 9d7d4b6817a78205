package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** The quote, order and invoice pages, with the forms a salesperson fills in and what they refuse. */
class BillingPagesTests extends WebTest {

    private static Map<String, String> document(long company, String... rows) {
        Map<String, String> form = new HashMap<>();
        form.put("companyId", String.valueOf(company));
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].split("\\|", -1);
            form.put("lines[" + i + "].description", cells[0]);
            form.put("lines[" + i + "].quantity", cells[1]);
            form.put("lines[" + i + "].unitPrice", cells[2]);
            form.put("lines[" + i + "].taxRate", cells[3]);
        }
        for (int i = rows.length; i < 8; i++) {
            form.put("lines[" + i + "].description", "");
            form.put("lines[" + i + "].quantity", "");
        }
        return form;
    }

    @Test
    void the_invoice_form_refuses_an_over_long_exemption_basis_or_description_on_its_field_and_issues_nothing() {
        UserSummary seller = testUsers.create(Role.SALES);
        long company = company(api(seller), "Long Buyer " + UUID.randomUUID(), "PL", null);
        Http browser = signedIn(seller);
        browser.get("/invoices/new?companyId=" + company);
        long before = count("invoices");

        Map<String, String> basis = document(company, "Kurs|1|100|23");
        basis.put("exemptionBasis", "x".repeat(1_000));
        Http.Response longBasis = browser.postForm("/invoices", basis);
        assertThat(longBasis.status()).isEqualTo(200);
        assertThat(longBasis.body()).contains("At most 300 characters.");

        Http.Response longLine = browser.postForm("/invoices", document(company, "y".repeat(600) + "|1|100|23"));
        assertThat(longLine.status()).isEqualTo(200);
        assertThat(longLine.body()).contains("At most 300 characters.").contains("field-error")
                .doesNotContain("quantity above 0");
        assertThat(count("invoices")).as("nothing issued").isEqualTo(before);
        assertThat(longLine.body()).as("Remove line looks like the other secondary buttons")
                .contains("class=\"btn secondary small\" data-remove-line");
    }

    @Test
    void a_refusal_about_the_buyers_data_links_the_customers_card_where_it_is_corrected() {
        UserSummary seller = testUsers.create(Role.SALES);
        long company = api(seller).postJson("/api/v1/companies", """
                {"name": "No Address %s", "country": "PL"}""".formatted(UUID.randomUUID()))
                .json().get("id").asLong();
        Http browser = signedIn(seller);
        browser.get("/invoices/new?companyId=" + company);
        long before = count("invoices");
        Http.Response refused = browser.postForm("/invoices", document(company, "Kurs|1|100|23"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("enter the address on the customer&#39;s card")
                .contains("href=\"/companies/" + company + "\"")
                .contains("Correct the buyer&#39;s data on the customer&#39;s card");
        assertThat(count("invoices")).isEqualTo(before);
    }

    @Test
    void a_salesperson_issues_an_invoice_records_payments_and_corrects_it_on_the_pages() {
        UserSummary seller = testUsers.create(Role.SALES);
        long company = company(api(seller), "Page Buyer " + UUID.randomUUID(), "PL", null);
        Http browser = signedIn(seller);
        assertThat(browser.get("/invoices/new?companyId=" + company).body()).contains("Page Buyer");
        long before = count("invoices");

        Http.Response bad = browser.postForm("/invoices", document(company, "Hostile <b>row</b>|-2|10|23"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("Enter a quantity above 0", "invalid");
        Http.Response empty = browser.postForm("/invoices", document(company));
        assertThat(empty.body()).contains("Add at least one line");
        Http.Response wrongRate = browser.postForm("/invoices", document(company, "Service|1|100|21"));
        assertThat(wrongRate.body()).contains("This VAT rate is not one the seller uses");
        assertThat(count("invoices")).isEqualTo(before);

        Http.Response issued = browser.postForm("/invoices", document(company, "Montaż <script>|2|1 000,50|23",
                "Dojazd|1|99,99|8"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(302);
        String url = issued.location();
        String page = browser.get(url).body();
        assertThat(page).contains("The invoice was issued").contains("2,569.22").contains("2,001.00").contains("Unpaid")
                .contains("Montaż &lt;script&gt;").doesNotContain("Montaż <script>");

        String issuedPage = browser.get(url).body();
        assertThat(issuedPage).doesNotContain(url + "/edit");
        assertThat(browser.get(url + "/edit").status()).as("no edit page").isIn(404, 405);
        assertThat(browser.postForm(url, document(company, "Changed|1|1|23")).status()).isIn(404, 405);
        assertThat(browser.get(url).body()).contains("2,569.22");
        browser.postForm(url + "/payments", Map.of("amount", "3000", "method", "TRANSFER"));
        assertThat(browser.get(url).body()).contains("The payment is more than the 2,569.22 PLN still due");
        browser.postForm(url + "/payments", Map.of("amount", "569.22", "method", "CASH", "reference", "KP/1"));
        assertThat(browser.get(url).body()).contains("The payment was recorded").contains("Partly paid");

        browser.postForm(url + "/corrections", Map.of("reason", "", "back0", "1"));
        assertThat(browser.get(url).body()).contains("Give a reason");
        browser.postForm(url + "/corrections", Map.of("reason", "Returned", "back0", "3"));
        assertThat(browser.get(url).body()).contains("at most 2 can be taken back");
        Http.Response corrected = browser.postForm(url + "/corrections", Map.of("reason", "One returned", "back0", "1"));
        assertThat(corrected.location()).isNotEqualTo(url);
        assertThat(browser.get(corrected.location()).body()).contains("KOR/").contains("One returned");
        assertThat(browser.get(url).body()).as("1230.62 fewer due: 2569.22 − 1230.62 − 569.22")
                .contains("769.38");
        assertThat(browser.get("/invoices?q=Page%20Buyer").body()).contains("FV/");
        assertThat(browser.get(url + "/pdf").header("Content-Type")).isEqualTo("application/pdf");

        Http support = signedInAs(Role.SUPPORT);
        support.get("/invoices");
        assertThat(support.postForm("/invoices", document(company, "X|1|1|23")).status()).isEqualTo(403);
        assertThat(count("invoices")).isEqualTo(before + 2);
    }

    @Test
    void a_quote_is_made_revised_and_accepted_into_an_order_which_is_invoiced_on_the_pages() {
        UserSummary seller = testUsers.create(Role.MANAGER);
        long company = company(api(seller), "Quote Page " + UUID.randomUUID(), "PL", null);
        Http browser = signedIn(seller);
        browser.get("/quotes/new");
        Http.Response made = browser.postForm("/quotes", document(company, "Audit|1|5000|23"));
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        String url = made.location();
        assertThat(browser.get(url).body()).contains("The quote was made").contains("6,150.00");

        Map<String, String> revised = document(company, "Audit|1|4500|23");
        revised.put("version", "0");
        Http.Response revision = browser.postForm(url, revised);
        assertThat(revision.location()).isNotEqualTo(url);
        String second = revision.location();
        assertThat(browser.get(second).body()).contains("A new revision was made").contains("5,535.00");
        assertThat(browser.get(url).body()).contains("Replaced");

        Http.Response accepted = browser.postForm(second + "/accept", Map.of("version", "0"));
        assertThat(accepted.location()).startsWith("/orders/");
        String order = accepted.location();
        assertThat(browser.get(order).body()).contains("The quote was accepted").contains("5,535.00");
        browser.postForm(order + "/status", Map.of("status", "CONFIRMED", "version", "0"));
        assertThat(browser.get(order).body()).contains("Confirmed");
        browser.postForm(order + "/status", Map.of("status", "NEW", "version", "1"));
        assertThat(browser.get(order).body()).contains("An order moves forward only");

        String invoiceForm = browser.get("/invoices/new?orderId=" + order.substring(8)).body();
        assertThat(invoiceForm).contains("Audit").contains("4500");
        assertThat(browser.get("/companies/" + company).body()).contains("Quotes, orders and invoices")
                .contains("ZAM/");
    }

    @Test
    void the_administrator_sets_the_seller_and_numbering_and_bad_patterns_are_refused() {
        Http admin = administrator();
        String page = admin.get("/admin/seller").body();
        assertThat(page).contains("Seller and numbering").contains("FV/{yyyy}/{MM}/{nnnn}");
        Map<String, String> form = new HashMap<>(Map.of("name", "My company", "country", "PL",
                "invoicePattern", "FV/{yyyy}/{nnnn}/{nnnn}", "correctionPattern", "KOR/{yyyy}/{MM}/{nnnn}",
                "paymentDays", "14", "taxRates", "23,8,5,0"));
        form.put("version", page.replaceAll("(?s).*name=\"version\" value=\"(\\d+)\".*", "$1"));
        Http.Response bad = admin.postForm("/admin/seller", form);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("Use one counter");
        form.put("invoicePattern", "FV/{yyyy}/{MM}/{nnnn}");
        form.put("taxRates", "23,8,abc");
        assertThat(admin.postForm("/admin/seller", form).body()).contains("field-error");
        assertThat(signedInAs(Role.MANAGER).get("/admin/seller").status()).isEqualTo(403);
    }
}
