package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Settlement follows payments and corrections together, and every view of it agrees. */
class SettlementTests extends WebTest {

    @Test
    void an_invoice_settled_by_a_payment_and_a_correction_is_paid_everywhere_and_counts_for_commission() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String buyerName = "Rozliczenie " + UUID.randomUUID();
        long buyer = company(api, buyerName, "PL", null);
        JsonNode invoice = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 2, "unitPrice": 500, "taxRate": 23}]}"""
                .formatted(buyer)).json();
        long id = invoice.get("id").asLong();
        api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 615}".formatted(id));
        assertThat(api.get("/api/v1/invoices/" + id).json().get("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(numbers(api, buyer, "PAID")).isEmpty();

        api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "One pump returned", "lines": [{"description": "Pump", "quantity": -1, "unitPrice": 500,
                 "taxRate": 23}]}""");
        JsonNode settled = api.get("/api/v1/invoices/" + id).json();
        assertThat(settled.get("status").asString()).isEqualTo("PAID");
        assertThat(settled.get("outstanding").decimalValue()).isEqualByComparingTo("0");
        String number = invoice.get("number").asString();
        assertThat(numbers(api, buyer, "PAID")).containsExactly(number);
        assertThat(numbers(api, buyer, "UNPAID")).isEmpty();
        assertThat(numbers(api, buyer, "PARTIALLY_PAID")).isEmpty();
        assertThat(signedIn(seller).get("/invoices?status=PAID&q=" + number).body()).contains(number);

        JsonNode statement = api.get("/api/v1/commissions/statement?month=" + YearMonth.now()).json();
        assertThat(statement.get("rows").findValuesAsString("invoiceNumber")).as("counts, with its correction")
                .contains(number);
        assertThat(statement.get("base").decimalValue()).isEqualByComparingTo("500.00");
    }

    @Test
    void a_correction_raising_the_amount_reopens_a_paid_invoice() {
        Http api = apiAs(Role.MANAGER);
        long buyer = company(api, "Dopłata " + UUID.randomUUID(), "PL", null);
        long id = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 1, "unitPrice": 100, "taxRate": 23}]}"""
                .formatted(buyer)).json().get("id").asLong();
        api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 123}".formatted(id));
        assertThat(api.get("/api/v1/invoices/" + id).json().get("status").asString()).isEqualTo("PAID");
        api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "Forgotten item", "lines": [{"description": "Seal", "quantity": 1, "unitPrice": 10,
                 "taxRate": 23}]}""");
        JsonNode reopened = api.get("/api/v1/invoices/" + id).json();
        assertThat(reopened.get("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(reopened.get("outstanding").decimalValue()).isEqualByComparingTo("12.30");
        assertThat(numbers(api, buyer, "PAID")).isEmpty();
    }

    private static java.util.List<String> numbers(Http api, long company, String status) {
        return api.get("/api/v1/invoices?companyId=%d&status=%s".formatted(company, status)).json().get("items")
                .findValuesAsString("number");
    }
}
