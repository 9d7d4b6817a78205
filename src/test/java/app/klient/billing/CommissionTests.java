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

class CommissionTests extends WebTest {

    @Test
    void commissions_follow_the_most_specific_rule_count_paid_invoices_only_and_corrections_lower_them() {
        Http admin = apiAs(Role.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long team = admin.postJson("/api/v1/teams", "{\"name\": \"Commission team " + suffix + "\"}").json()
                .get("id").asLong();
        UserSummary annUser = testUsers.create(Role.SALES, "ann-" + suffix, java.util.Set.of(team));
        UserSummary bobUser = testUsers.create(Role.SALES, "bob-" + suffix, java.util.Set.of(team));
        long ann = annUser.id();
        long bob = bobUser.id();
        String machines = "Machines " + suffix;
        long press = admin.postJson("/api/v1/products", """
                {"sku": "P-%s", "name": "Press", "category": "%s", "unitPrice": 500, "currency": "PLN", "taxRate": 23}"""
                .formatted(suffix, machines)).json().get("id").asLong();

        assertThat(admin.postJson("/api/v1/commission-rules", "{\"teamId\": %d, \"percent\": 2}".formatted(team))
                .status()).isEqualTo(201);
        admin.postJson("/api/v1/commission-rules", "{\"userId\": %d, \"percent\": 4}".formatted(ann));
        admin.postJson("/api/v1/commission-rules", "{\"userId\": %d, \"percent\": 5}".formatted(ann));
        admin.postJson("/api/v1/commission-rules", "{\"userId\": %d, \"category\": \"%s\", \"percent\": 10}"
                .formatted(ann, machines));
        assertThat(admin.get("/api/v1/commission-rules").json().findValues("userId").stream()
                .filter(v -> v.asLong() == ann).count()).as("the 4 % rule was replaced by 5 %").isEqualTo(2);
        assertThat(admin.postJson("/api/v1/commission-rules", "{\"userId\": %d, \"teamId\": %d, \"percent\": 1}"
                .formatted(ann, team)).status()).isEqualTo(400);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/commission-rules", "{\"teamId\": %d, \"percent\": 50}"
                .formatted(team)).status()).isEqualTo(403);

        Http annApi = api(annUser);
        long company = company(annApi, "Commission buyer " + suffix, "PL", null);
        JsonNode invoice = annApi.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 2},
                 {"description": "Installation", "quantity": 1, "unitPrice": 500, "taxRate": 23}]}"""
                .formatted(company, press)).json();
        annApi.postJson("/api/v1/invoices/" + invoice.get("id").asLong() + "/corrections", """
                {"reason": "One press returned", "lines": [{"productId": %d, "quantity": -1, "unitPrice": 500,
                 "taxRate": 23}]}""".formatted(press));
        annApi.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": %s}".formatted(
                invoice.get("id").asLong(), annApi.get("/api/v1/invoices/" + invoice.get("id").asLong()).json()
                        .get("outstanding").decimalValue().toPlainString()));
        JsonNode unpaid = annApi.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Later", "quantity": 1, "unitPrice": 9999, "taxRate": 23}]}"""
                .formatted(company)).json();
        annApi.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 100}".formatted(unpaid.get("id").asLong()));

        Http bobApi = api(bobUser);
        JsonNode bobs = bobApi.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Training", "quantity": 1, "unitPrice": 300, "taxRate": 23}]}"""
                .formatted(company)).json();
        bobApi.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": 369}".formatted(bobs.get("id").asLong()));

        String month = YearMonth.now().toString();
        JsonNode statement = annApi.get("/api/v1/commissions/statement?month=" + month).json();
        // 2 × 500 machines at 10 % = 100, installation 500 at 5 % = 25, the returned press −500 at 10 % = −50
        assertThat(statement.get("base").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(statement.get("commission").decimalValue()).isEqualByComparingTo("75.00");
        assertThat(statement.get("rows").findValuesAsString("invoiceNumber")).as("the partly paid one not yet")
                .doesNotContain(unpaid.get("number").asString());
        assertThat(bobApi.get("/api/v1/commissions/statement?month=" + month).json().get("commission")
                .decimalValue()).as("the team's 2 % of 300").isEqualByComparingTo("6.00");

        assertThat(bobApi.get("/api/v1/commissions/statement?userId=" + ann).status()).isEqualTo(403);
        assertThat(bobApi.get("/api/v1/commissions/team").status()).isEqualTo(403);
        assertThat(annApi.get("/api/v1/commissions/statement?month=November").status()).isEqualTo(400);
        JsonNode everybody = apiAs(Role.MANAGER).get("/api/v1/commissions/team?month=" + month).json();
        assertThat(everybody.findValuesAsString("userName")).contains("ann-" + suffix, "bob-" + suffix);

        String page = signedIn(annUser).get("/commissions").body();
        assertThat(page).contains("75.00").contains(invoice.get("number").asString());
        assertThat(administrator().get("/commissions?userId=" + ann).body()).contains("meter").contains("ann-" + suffix)
                .contains(machines);
    }
}
