package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A quote, order or invoice belongs to someone who can act on it: never a read-only or deactivated user. */
class DocumentOwnersTests extends WebTest {

    private static final String LINE = """
            "lines": [{"description": "Pallet rack", "quantity": 1, "unitPrice": 100, "taxRate": 23}]""";

    @Autowired
    Users users;

    @Test
    void a_read_only_or_deactivated_user_cannot_be_made_the_owner_of_a_quote_order_or_invoice() {
        UserSummary reader = testUsers.create(Role.READ_ONLY);
        UserSummary gone = testUsers.create(Role.SALES);
        users.deactivate(gone.id(), users.findByEmail(TestUsers.ADMIN_EMAIL).orElseThrow().id());
        Http manager = apiAs(Role.MANAGER).language("en");
        long company = company(manager, "Owned documents " + UUID.randomUUID(), "PL", null);
        long quotes = count("quotes");
        long orders = count("orders");
        for (String path : new String[] { "/api/v1/quotes", "/api/v1/orders", "/api/v1/invoices" }) {
            Http.Response readOnly = manager.postJson(path, "{\"companyId\": %d, \"ownerId\": %d, %s}"
                    .formatted(company, reader.id(), LINE));
            assertThat(readOnly.status()).as(path).isEqualTo(400);
            assertThat(readOnly.json().get("errors").findValuesAsString("field")).as(path).contains("ownerId");
            assertThat(readOnly.body()).as(path).contains("A read-only user cannot own records");
            Http.Response deactivated = manager.postJson(path, "{\"companyId\": %d, \"ownerId\": %d, %s}"
                    .formatted(company, gone.id(), LINE));
            assertThat(deactivated.status()).as(path).isEqualTo(400);
            assertThat(deactivated.json().get("errors").findValuesAsString("field")).as(path).contains("ownerId");
        }
        assertThat(count("quotes")).isEqualTo(quotes);
        assertThat(count("orders")).isEqualTo(orders);

        // a revision cannot hand the quote to them either, and keeps its owner when none is given
        UserSummary seller = testUsers.create(Role.SALES);
        JsonNode quote = manager.postJson("/api/v1/quotes", "{\"companyId\": %d, \"ownerId\": %d, %s}"
                .formatted(company, seller.id(), LINE)).json();
        assertThat(quote.get("ownerId").asLong()).isEqualTo(seller.id());
        String path = "/api/v1/quotes/" + quote.get("id").asLong();
        Http.Response refused = manager.putJson(path, "{\"companyId\": %d, \"ownerId\": %d, \"version\": %d, %s}"
                .formatted(company, reader.id(), quote.get("version").asInt(), LINE));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).contains("ownerId");
        JsonNode revised = manager.putJson(path, "{\"companyId\": %d, \"version\": %d, %s}"
                .formatted(company, quote.get("version").asInt(), LINE)).json();
        assertThat(revised.get("ownerId").asLong()).as("a manager's revision stays the salesperson's")
                .isEqualTo(seller.id());
    }
}
