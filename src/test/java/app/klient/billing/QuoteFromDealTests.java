package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A quote made from a deal is addressed to the deal's person and valid for 30 days of the company's calendar. */
class QuoteFromDealTests extends WebTest {

    @Test
    void a_quote_made_from_a_deal_takes_the_deals_contact() {
        Http api = apiAs(Role.SALES);
        String s = UUID.randomUUID().toString().substring(0, 8);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Quote deal " + s + "\", \"country\": \"CZ\"}")
                .json().get("id").asLong();
        long contact = api.postJson("/api/v1/contacts", """
                {"firstName": "Petr", "lastName": "Novák %s", "companyId": %d}""".formatted(s, company)).json()
                .get("id").asLong();
        long deal = api.postJson("/api/v1/deals", """
                {"name": "Line %s", "companyId": %d, "contactIds": [%d], "currency": "PLN",
                 "lines": [{"description": "Montáž", "quantity": 1, "unitPrice": 100, "taxRate": 23}]}"""
                .formatted(s, company, contact)).json().get("id").asLong();

        JsonNode quote = api.postJson("/api/v1/quotes", "{\"dealId\": " + deal + "}").json();
        assertThat(quote.get("contactId").asLong()).isEqualTo(contact);
        assertThat(LocalDate.parse(quote.get("validUntil").asString()))
                .isEqualTo(LocalDate.now(java.time.ZoneId.of("Europe/Warsaw")).plusDays(30));
    }
}
