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

/** A free-text deal line carries the VAT rate the salesperson chose, and a quote from the deal takes that choice. */
class DealLineRateTests extends WebTest {

    @Test
    void a_free_text_deal_line_needs_a_chosen_rate_and_a_quote_from_the_deal_takes_it() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller).language("en");
        long company = company(api, "Deal rate " + UUID.randomUUID(), "PL", null);

        Http.Response unchosen = api.postJson("/api/v1/deals", """
                {"name": "No rate", "companyId": %d, "lines": [
                  {"description": "Consulting", "quantity": 1, "unitPrice": 100}]}""".formatted(company));
        assertThat(unchosen.status()).isEqualTo(400);
        assertThat(unchosen.json().get("errors").findValuesAsString("field")).contains("lines[0].taxRate");

        long deal = api.postJson("/api/v1/deals", """
                {"name": "Chosen rates", "companyId": %d, "lines": [
                  {"description": "Consulting", "quantity": 1, "unitPrice": 100, "taxRate": 8},
                  {"description": "Training", "quantity": 1, "unitPrice": 100, "taxExempt": true},
                  {"description": "Export", "quantity": 1, "unitPrice": 100, "taxRate": 0}]}""".formatted(company))
                .json().get("id").asLong();
        JsonNode lines = api.postJson("/api/v1/quotes", "{\"dealId\": %d}".formatted(deal)).json().get("lines");
        assertThat(lines.get(0).get("taxRate").decimalValue()).isEqualByComparingTo("8");
        assertThat(lines.get(1).get("taxExempt").asBoolean()).as("exempt stays exempt").isTrue();
        assertThat(lines.get(2).get("taxRate").decimalValue()).as("0 % when chosen").isEqualByComparingTo("0");
        assertThat(lines.get(2).get("taxExempt").asBoolean()).isFalse();

        // the deal page asks for the rate of a free-text line, and refuses a line without one
        Http browser = signedIn(seller);
        String url = "/deals/" + deal;
        assertThat(browser.get(url).body()).contains("name=\"taxRate\"", "name=\"taxExempt\"");
        long before = count("deal_lines where deal_id = " + deal);
        int version = api.get("/api/v1/deals/" + deal).json().get("version").asInt();
        Map<String, String> line = new HashMap<>(Map.of("productId", "", "description", "Audit", "quantity", "1",
                "unitPrice", "50", "discountPercent", "0", "version", String.valueOf(version)));
        browser.postForm(url + "/lines", line);
        assertThat(browser.get(url).body()).contains("Choose the VAT rate (or exempt)");
        assertThat(count("deal_lines where deal_id = " + deal)).isEqualTo(before);
        line.put("taxRate", "23");
        browser.postForm(url + "/lines", line);
        assertThat(jdbc.sql("select tax_rate from deal_lines where deal_id = :deal and description = 'Audit'")
                .param("deal", deal).query(java.math.BigDecimal.class).single()).isEqualByComparingTo("23");
    }

    @Test
    void an_earlier_free_text_deal_line_whose_rate_nobody_chose_is_not_quoted_at_zero() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller).language("en");
        long company = company(api, "Old deal line " + UUID.randomUUID(), "PL", null);
        long deal = api.postJson("/api/v1/deals", """
                {"name": "Older line", "companyId": %d, "lines": [
                  {"description": "Installation", "quantity": 1, "unitPrice": 300, "taxRate": 23}]}"""
                .formatted(company)).json().get("id").asLong();
        // as V043 leaves a line stored before the deal page asked for the rate (its 0 % was the default)
        jdbc.sql("update deal_lines set tax_rate = null where deal_id = :deal").param("deal", deal).update();

        Http.Response quote = api.postJson("/api/v1/quotes", "{\"dealId\": %d}".formatted(deal));
        assertThat(quote.status()).as(quote.body()).isEqualTo(400);
        assertThat(quote.json().get("errors").findValuesAsString("field")).contains("lines[0].taxRate");

        // the quote form from the deal shows the rate empty, for the salesperson to choose
        String form = signedIn(seller).get("/quotes/new?dealId=" + deal).body();
        assertThat(form).contains("Installation");
        String rate = form.substring(form.indexOf("name=\"lines[0].taxRate\""));
        rate = rate.substring(0, rate.indexOf("</select>"));
        assertThat(rate).doesNotContain("selected");
    }
}
