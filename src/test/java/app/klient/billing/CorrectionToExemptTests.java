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
import tools.jackson.databind.JsonNode;

/** A line taxed by mistake is corrected to "exempt" on the invoice page, with the legal basis an exemption needs. */
class CorrectionToExemptTests extends WebTest {

    @Test
    void the_vat_rate_correction_offers_exempt_and_asks_for_the_legal_basis() {
        Map<String, String> before = seller(Map.of("exemptionBasis", ""));
        try {
            UserSummary seller = testUsers.create(Role.SALES);
            Http api = api(seller);
            long buyer = company(api, "Szkoła " + UUID.randomUUID(), "PL", null);
            long id = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "lines": [{"description": "Language course", "quantity": 1, "unitPrice": 900,
                     "taxRate": 23}]}""".formatted(buyer)).json().get("id").asLong();
            String url = "/invoices/" + id;
            Http browser = signedIn(seller);
            assertThat(browser.get(url).body()).contains("<option value=\"EXEMPT\">exempt</option>");

            long invoices = count("invoices");
            Map<String, String> form = new HashMap<>(Map.of("reason", "The course is exempt", "rate0", "EXEMPT"));
            browser.postForm(url + "/corrections", form);
            assertThat(browser.get(url).body()).contains("give the legal basis of the exemption");
            assertThat(count("invoices")).isEqualTo(invoices);

            form.put("exemptionBasis", "art. 43 ust. 1 pkt 29 lit. a ustawy o VAT");
            Http.Response corrected = browser.postForm(url + "/corrections", form);
            assertThat(corrected.location()).isNotEqualTo(url);
            JsonNode correction = api.get("/api/v1/invoices/" + corrected.location().substring("/invoices/".length()))
                    .json();
            assertThat(correction.get("kind").asString()).isEqualTo("CORRECTION");
            assertThat(correction.get("exemptionBasis").asString()).isEqualTo("art. 43 ust. 1 pkt 29 lit. a ustawy o VAT");
            JsonNode lines = correction.get("lines");
            assertThat(lines.get(0).get("quantity").decimalValue()).isEqualByComparingTo("-1");
            assertThat(lines.get(0).get("taxExempt").asBoolean()).isFalse();
            assertThat(lines.get(1).get("quantity").decimalValue()).isEqualByComparingTo("1");
            assertThat(lines.get(1).get("taxExempt").asBoolean()).as("now exempt").isTrue();
            assertThat(correction.get("grossTotal").decimalValue()).as("the 23 % VAT comes off")
                    .isEqualByComparingTo("-207");
        }
        finally {
            seller(before);
        }
    }
}
