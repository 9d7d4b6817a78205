package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What an issued invoice says stays as issued; what is still due reads like every other amount. */
class IssuedInvoiceTests extends WebTest {

    @Test
    void no_printed_field_of_an_issued_invoice_changes_in_the_database_but_its_payments_do() {
        Http api = apiAs(Role.MANAGER);
        long buyer = company(api, "Frozen " + UUID.randomUUID(), "PL", null);
        long id = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 2, "unitPrice": 500, "taxRate": 23}]}"""
                .formatted(buyer)).json().get("id").asLong();
        for (String change : new String[] { "exemption_basis = 'art. 43 ust. 1 pkt 2'",
                "seller_registration_number = '123456785'", "buyer_registration_number = '123456785'",
                "seller_country = 'CZ'", "exchange_rate_date = date '2026-01-02'", "exchange_rate_table = '1/A/NBP/2026'",
                "buyer_address = 'elsewhere'", "seller_bank_account = 'PL00 0000'", "payment_method = 'CASH'",
                "exchange_rate = 4.1", "language = 'cs'" }) {
            assertThatThrownBy(() -> jdbc.sql("update invoices set " + change + " where id = " + id).update())
                    .as(change).hasMessageContaining("cannot be changed");
        }
        // the payment state still follows payments, and the owner (who earns the commission) may change
        assertThat(api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 200}".formatted(id)).status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/invoices/" + id).json().get("status").asString()).isEqualTo("PARTIALLY_PAID");
        long colleague = testUsers.create(Role.SALES).id();
        assertThat(jdbc.sql("update invoices set owner_id = " + colleague + " where id = " + id).update()).isOne();
    }

    @Test
    void too_large_a_payment_names_what_is_still_due_in_the_readers_number_format() {
        Http api = apiAs(Role.MANAGER);
        long buyer = company(api, "Still due " + UUID.randomUUID(), "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "currency": "PLN", "lines": [{"description": "Pump", "quantity": 2,
                 "unitPrice": 500.5, "taxRate": 23}]}""".formatted(buyer)).json();
        long id = invoice.get("id").asLong();
        assertThat(invoice.get("grossTotal").decimalValue()).isEqualByComparingTo("1231.23");

        Http.Response polish = api.language("pl").postJson("/api/v1/payments",
                "{\"invoiceId\": %d, \"amount\": 5000}".formatted(id));
        assertThat(polish.status()).isEqualTo(400);
        assertThat(polish.body()).contains("231,23 PLN").doesNotContain("1231.23");
        Http.Response english = api.language("en").postJson("/api/v1/payments",
                "{\"invoiceId\": %d, \"amount\": 5000}".formatted(id));
        assertThat(english.body()).contains("more than the 1,231.23 PLN still due");
    }
}
