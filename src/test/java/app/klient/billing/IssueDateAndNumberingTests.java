package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import app.klient.billing.internal.Numbering;
import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Numbers follow issue dates within a series, and every number a pattern prints is printed once. */
class IssueDateAndNumberingTests extends WebTest {

    private static final ZoneId COMPANY = ZoneId.of("Europe/Warsaw");

    @Test
    void a_pattern_whose_counter_would_repeat_is_refused() {
        assertThat(Numbering.namesItsPeriod("FV/{yyyy}/{MM}/{nnnn}")).isTrue();
        assertThat(Numbering.namesItsPeriod("FV/{nnnn}/{yy}")).isTrue();
        assertThat(Numbering.namesItsPeriod("FV/{nnnn}")).isFalse();
        assertThat(Numbering.namesItsPeriod("FV/{MM}/{nnnn}")).as("a monthly counter repeats each year").isFalse();

        Http admin = apiAs(Role.ADMIN);
        JsonNode before = admin.get("/api/v1/seller").json();
        for (String pattern : new String[] { "FV/{nnnn}", "FV/{MM}/{nnnn}" }) {
            ObjectNode changed = (ObjectNode) before.deepCopy();
            changed.put("invoicePattern", pattern);
            Http.Response refused = admin.putJson("/api/v1/seller", changed.toString());
            assertThat(refused.status()).as(pattern).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("invoicePattern");
            assertThat(refused.json().get("errors").findValuesAsString("message").get(0)).contains("{yyyy}");
        }
        ObjectNode correction = (ObjectNode) before.deepCopy();
        correction.put("correctionPattern", "KOR/{nnnn}");
        assertThat(admin.putJson("/api/v1/seller", correction.toString()).json().get("errors")
                .findValuesAsString("field")).containsExactly("correctionPattern");
        assertThat(admin.get("/api/v1/seller").json().get("invoicePattern").asString())
                .isEqualTo(before.get("invoicePattern").asString());
    }

    @Test
    void an_issue_date_before_the_last_invoice_or_after_today_is_refused_unless_the_administrator_opens_the_period() {
        Http api = apiAs(Role.SALES);
        long buyer = company(api, "Daty " + UUID.randomUUID(), "PL", null);
        LocalDate today = LocalDate.now(COMPANY);
        String line = "\"lines\": [{\"description\": \"A\", \"quantity\": 1, \"unitPrice\": 10, \"taxRate\": 23}]";
        assertThat(api.postJson("/api/v1/invoices", "{\"companyId\": %d, %s}".formatted(buyer, line)).status())
                .isEqualTo(201);

        Http.Response backdated = api.postJson("/api/v1/invoices", "{\"companyId\": %d, \"issueDate\": \"%s\", %s}"
                .formatted(buyer, today.minusDays(3), line));
        assertThat(backdated.status()).isEqualTo(400);
        assertThat(backdated.json().get("errors").findValuesAsString("field")).containsExactly("issueDate");
        assertThat(backdated.json().get("errors").findValuesAsString("message").get(0))
                .contains(today.toString()).contains("administrator");
        Http.Response future = api.postJson("/api/v1/invoices", "{\"companyId\": %d, \"issueDate\": \"%s\", %s}"
                .formatted(buyer, today.plusDays(1), line));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("errors").findValuesAsString("message").get(0)).contains("after today");
        assertThat(api.language("pl").postJson("/api/v1/invoices", "{\"companyId\": %d, \"issueDate\": \"%s\", %s}"
                .formatted(buyer, today.plusDays(1), line)).json().get("errors").findValuesAsString("message")
                .get(0)).contains("dziś");

        Http admin = apiAs(Role.ADMIN);
        JsonNode seller = admin.get("/api/v1/seller").json();
        ObjectNode opened = (ObjectNode) seller.deepCopy();
        opened.put("backdatingUntil", today.toString());
        JsonNode saved = admin.putJson("/api/v1/seller", opened.toString()).json();
        try {
            JsonNode forgotten = api.postJson("/api/v1/invoices", "{\"companyId\": %d, \"issueDate\": \"%s\", %s}"
                    .formatted(buyer, today.minusDays(3), line)).json();
            assertThat(forgotten.get("issueDate").asString()).isEqualTo(today.minusDays(3).toString());
            assertThat(jdbc.sql("select count(*) from audit_events where entity_type = 'seller' "
                    + "and changes::text like '%backdatingUntil%'").query(Long.class).single())
                    .as("opening the period is audited").isPositive();
        }
        finally {
            ObjectNode closed = (ObjectNode) saved.deepCopy();
            closed.putNull("backdatingUntil");
            assertThat(admin.putJson("/api/v1/seller", closed.toString()).status()).isEqualTo(200);
        }
        assertThat(api.postJson("/api/v1/invoices", "{\"companyId\": %d, \"issueDate\": \"%s\", %s}"
                .formatted(buyer, today.minusDays(3), line)).status()).as("closed again").isEqualTo(400);
    }
}
