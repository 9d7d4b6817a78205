package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InvoiceApiTests extends WebTest {

    @Test
    void an_invoice_gets_the_next_number_freezes_the_parties_and_adds_up() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long buyer = company(api, "Łódzka Spółka Żółw", "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "paymentMethod": "TRANSFER", "exemptionBasis": "art. 43 ust. 1 pkt 29 ustawy o VAT",
                 "lines": [
                  {"description": "Montaż", "quantity": 2, "unitPrice": 100, "discountPercent": 10, "taxRate": 23},
                  {"description": "Dojazd", "quantity": 1, "unitPrice": 49.99, "taxRate": 8},
                  {"description": "Szkolenie", "quantity": 3, "unitPrice": 10, "taxExempt": true}]}"""
                .formatted(buyer)).json();
        // the company's today (its seller is in Poland), which is the issue date's default
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Warsaw"));
        assertThat(invoice.get("number").asString())
                .matches("FV/%d/%02d/\\d{4}".formatted(today.getYear(), today.getMonthValue()));
        assertThat(invoice.get("netTotal").decimalValue()).isEqualByComparingTo("259.99");
        assertThat(invoice.get("taxTotal").decimalValue()).as("41.40 + 4.00").isEqualByComparingTo("45.40");
        assertThat(invoice.get("grossTotal").decimalValue()).isEqualByComparingTo("305.39");
        assertThat(invoice.get("byRate").findValuesAsString("code")).containsExactly("23", "8", "EXEMPT");
        assertThat(invoice.get("buyer").get("name").asString()).isEqualTo("Łódzka Spółka Żółw");
        assertThat(invoice.get("dueDate").asString()).isEqualTo(today.plusDays(14).toString());
        assertThat(invoice.get("language").asString()).isEqualTo("pl");
        assertThat(invoice.get("status").asString()).isEqualTo("UNPAID");
        long id = invoice.get("id").asLong();

        api.putJson("/api/v1/companies/" + buyer, """
                {"name": "Renamed", "country": "PL", "version": 0, "billingAddress": {"street": "ul. Nowa 2",
                 "city": "Łódź", "postalCode": "90-002", "country": "PL"}}""");
        assertThat(api.get("/api/v1/invoices/" + id).json().get("buyer").get("name").asString())
                .as("frozen at issue").isEqualTo("Łódzka Spółka Żółw");

        JsonNode next = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "X", "quantity": 1, "unitPrice": 1, "taxRate": 23}]}"""
                .formatted(buyer)).json();
        int first = Integer.parseInt(invoice.get("number").asString().substring(11));
        assertThat(next.get("number").asString()).endsWith("/%04d".formatted(first + 1));
    }

    @Test
    void an_issued_invoice_is_never_changed_only_corrected_and_payments_follow_the_corrections() {
        Http api = apiAs(Role.MANAGER);
        long buyer = company(api, "Korekta " + UUID.randomUUID(), "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 2, "unitPrice": 500, "taxRate": 23}]}"""
                .formatted(buyer)).json();
        long id = invoice.get("id").asLong();
        String before = api.get("/api/v1/invoices/" + id).body();
        for (Http.Response change : new Http.Response[] { api.putJson("/api/v1/invoices/" + id, "{}"),
                api.delete("/api/v1/invoices/" + id) }) {
            assertThat(change.status()).isEqualTo(409);
            assertThat(change.json().get("detail").asString()).contains("never changed");
        }
        assertThatThrownBy(() -> jdbc.sql("update invoices set gross_total = 1 where id = " + id).update())
                .as("the database refuses too").hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> jdbc.sql("update invoice_lines set unit_price = 1 where invoice_id = " + id).update())
                .hasMessageContaining("cannot be changed");
        assertThat(api.get("/api/v1/invoices/" + id).body()).isEqualTo(before);

        Http.Response refused = api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "Return", "lines": [{"description": "Pump", "quantity": -3, "unitPrice": 500, "taxRate": 23}]}""");
        assertThat(refused.status()).as("takes back more than invoiced").isEqualTo(400);
        JsonNode correction = api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "One pump returned", "lines": [{"description": "Pump", "quantity": -1, "unitPrice": 500,
                 "taxRate": 23}]}""").json();
        assertThat(correction.get("kind").asString()).isEqualTo("CORRECTION");
        assertThat(correction.get("number").asString()).startsWith("KOR/");
        assertThat(correction.get("correctsId").asLong()).isEqualTo(id);
        assertThat(correction.get("correctsNumber").asString()).isEqualTo(invoice.get("number").asString());
        assertThat(correction.get("grossTotal").decimalValue()).isEqualByComparingTo("-615.00");

        JsonNode original = api.get("/api/v1/invoices/" + id).json();
        assertThat(original.get("correctionIds").get(0).asLong()).isEqualTo(correction.get("id").asLong());
        assertThat(original.get("outstanding").decimalValue()).as("1230 − 615").isEqualByComparingTo("615.00");
        assertThat(original.get("grossTotal").decimalValue()).as("the original itself stays").isEqualByComparingTo("1230");

        Http.Response tooMuch = api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 615.01}".formatted(id));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().get("errors").findValuesAsString("field")).containsExactly("amount");
        assertThat(api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 200}".formatted(id)).status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/invoices/" + id).json().get("status").asString()).isEqualTo("PARTIALLY_PAID");
        api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 415, \"method\": \"CASH\"}".formatted(id));
        JsonNode paid = api.get("/api/v1/invoices/" + id).json();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("outstanding").decimalValue()).isEqualByComparingTo("0");
        assertThat(api.get("/api/v1/payments?invoiceId=" + id).json().size()).isEqualTo(2);
        assertThat(api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 1}"
                .formatted(correction.get("id").asLong())).status()).as("not on a correction").isEqualTo(400);
    }

    @Test
    void foreign_currency_invoices_carry_the_rate_of_the_last_working_day_before_the_sale_and_reverse_charge_needs_an_eu_vat_id() {
        Http api = apiAs(Role.ADMIN);
        long german = company(api, "Berlin GmbH", "DE", "DE136695976");
        LocalDate sale = LocalDate.now().minusDays(2);
        Http.Response noRate = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "currency": "NOK", "saleDate": "%s", "lines": [{"description": "A", "quantity": 1,
                 "unitPrice": 100, "taxRate": 23}]}""".formatted(german, sale));
        assertThat(noRate.status()).isEqualTo(400);
        assertThat(noRate.json().get("errors").findValuesAsString("field")).containsExactly("currency");

        // the table of the last working day before the sale: an older rate is refused (PrintedInvoiceTests)
        api.postJson("/api/v1/exchange-rates", "{\"currency\": \"NOK\", \"rate\": 0.3812, \"validFrom\": \"%s\"}"
                .formatted(new app.klient.catalog.WorkingDays("PLN").lastBefore(sale)));
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "currency": "NOK", "saleDate": "%s", "language": "en", "lines": [
                 {"description": "A", "quantity": 1, "unitPrice": 1000, "taxRate": 23}]}""".formatted(german, sale))
                .json();
        assertThat(invoice.get("exchangeRate").decimalValue()).isEqualByComparingTo("0.3812");
        assertThat(invoice.get("taxTotalInCompanyCurrency").decimalValue()).as("230 NOK × 0.3812 = 87.676")
                .isEqualByComparingTo("87.68");

        JsonNode reverse = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "reverseCharge": true, "lines": [{"description": "Consulting", "quantity": 10,
                 "unitPrice": 150, "taxRate": 23}]}""".formatted(german)).json();
        assertThat(reverse.get("taxTotal").decimalValue()).isEqualByComparingTo("0");
        assertThat(reverse.get("byRate").get(0).get("code").asString()).isEqualTo("REVERSE_CHARGE");
        long polish = company(api, "Domestic " + UUID.randomUUID(), "PL", null);
        Http.Response domestic = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "reverseCharge": true, "lines": [{"description": "C", "quantity": 1, "unitPrice": 1,
                 "taxRate": 23}]}""".formatted(polish));
        assertThat(domestic.status()).isEqualTo(400);
        assertThat(domestic.json().get("errors").findValuesAsString("field")).containsExactly("reverseCharge");
    }

    @Test
    void bad_invoices_are_refused_by_field_and_nothing_is_half_written() {
        Http api = apiAs(Role.SALES);
        long buyer = company(api, "Bad Input Sp. z o.o.", "PL", null);
        long invoices = count("invoices");
        long lines = count("invoice_lines");
        String counters = jdbc.sql("select coalesce(string_agg(series || period || last_number, ','), '') from "
                + "document_counters").query(String.class).single();
        String good = "{\"description\": \"A\", \"quantity\": 1, \"unitPrice\": 10, \"taxRate\": 23}";
        String[][] cases = {
                {"negative quantity", "{\"companyId\": %d, \"lines\": [{\"description\": \"A\", \"quantity\": -1, "
                        + "\"unitPrice\": 10, \"taxRate\": 23}]}", "lines[0].quantity"},
                {"unknown product", "{\"companyId\": %d, \"lines\": [{\"productId\": 987654321, \"quantity\": 1}]}",
                        "lines[0].productId"},
                {"wrong currency", "{\"companyId\": %d, \"currency\": \"XYZ\", \"lines\": [" + good + "]}", "currency"},
                {"currency in lower case", "{\"companyId\": %d, \"currency\": \"pln\", \"lines\": [" + good + "]}",
                        "currency"},
                {"a rate Poland does not have", "{\"companyId\": %d, \"lines\": [{\"description\": \"A\", "
                        + "\"quantity\": 1, \"unitPrice\": 10, \"taxRate\": 21}]}", "lines[0].taxRate"},
                {"no lines", "{\"companyId\": %d, \"lines\": []}", "lines"},
                {"no buyer", "{\"lines\": [" + good + "]}", "companyId"},
                {"unknown buyer", "{\"companyId\": 987654321, \"lines\": [" + good + "]}", "companyId"},
                {"due before issue", "{\"companyId\": %d, \"issueDate\": \"2026-11-10\", \"dueDate\": \"2026-11-01\", "
                        + "\"lines\": [" + good + "]}", "dueDate"},
                {"huge price", "{\"companyId\": %d, \"lines\": [{\"description\": \"A\", \"quantity\": 1, "
                        + "\"unitPrice\": 1e30, \"taxRate\": 23}]}", "lines[0].unitPrice"},
                {"script description too long", "{\"companyId\": %d, \"lines\": [{\"description\": \"<script>"
                        + "x".repeat(300) + "\", \"quantity\": 1, \"unitPrice\": 1, \"taxRate\": 23}]}",
                        "lines[0].description"},
                {"unknown payment method", "{\"companyId\": %d, \"paymentMethod\": \"BITCOIN\", \"lines\": [" + good
                        + "]}", "paymentMethod"} };
        for (String[] c : cases) {
            Http.Response response = api.postJson("/api/v1/invoices", c[1].contains("%d") ? c[1].formatted(buyer)
                    : c[1]);
            assertThat(response.status()).as(c[0] + ": " + response.body()).isEqualTo(400);
            assertThat(response.json().get("errors").findValuesAsString("field")).as(c[0]).contains(c[2]);
        }
        assertThat(count("invoices")).isEqualTo(invoices);
        assertThat(count("invoice_lines")).isEqualTo(lines);
        assertThat(jdbc.sql("select coalesce(string_agg(series || period || last_number, ','), '') from "
                + "document_counters").query(String.class).single()).as("no number taken").isEqualTo(counters);

        Http support = apiAs(Role.SUPPORT);
        Http.Response forbidden = support.postJson("/api/v1/invoices", "{\"companyId\": %d, \"lines\": [%s]}"
                .formatted(buyer, good));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(count("invoices")).isEqualTo(invoices);
        assertThat(support.get("/api/v1/invoices?companyId=" + buyer).status()).isEqualTo(200);
        assertThat(apiAs(Role.SALES).putJson("/api/v1/seller", "{}").status()).isEqualTo(403);
    }
}
