package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

class LeadPagesTests extends WebTest {

    @Test
    void a_lead_typed_in_is_qualified_and_converted_on_its_page() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/leads/new");
        String surname = "Zielińska-" + UUID.randomUUID().toString().substring(0, 4);
        Http.Response created = browser.postForm("/leads", Map.of("firstName", "Olga", "lastName", surname,
                "email", "olga@zielinska-" + surname.substring(10) + ".pl", "companyName", "Zielińska " + surname,
                "ownerId", String.valueOf(seller.id())));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String page = created.location();
        assertThat(browser.get(page).body()).contains(surname).contains("score");
        assertThat(browser.get("/leads?q=" + surname.substring(0, 9)).body()).contains(surname);

        browser.postForm(page + "/status", Map.of("status", "QUALIFIED", "version", "0"));
        assertThat(browser.get(page).body()).contains("Qualified").contains("Open a deal too");
        Http.Response converted = browser.postForm(page + "/convert", Map.of("createDeal", "true", "version", "1"));
        assertThat(converted.location()).startsWith("/contacts/");
        assertThat(browser.get(converted.location()).body()).contains(surname).contains("converted a lead");
    }

    @Test
    void bad_leads_and_bad_status_changes_are_refused_with_a_message() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/leads/new");
        long before = count("leads");
        assertThat(browser.postForm("/leads", Map.of("firstName", "Only")).body())
                .contains("Give at least a last name, an e-mail, a phone or a company.");
        assertThat(browser.postForm("/leads", Map.of("lastName", "X", "email", "not-mail")).body())
                .contains("Enter a valid e-mail address.");
        assertThat(browser.postForm("/leads", Map.of("lastName", "L".repeat(101))).body()).contains("field-error");
        assertThat(count("leads")).isEqualTo(before);

        String page = browser.postForm("/leads", Map.of("lastName", "Disq", "ownerId", String.valueOf(seller.id())))
                .location();
        browser.get(page);
        browser.postForm(page + "/status", Map.of("status", "DISQUALIFIED", "version", "0"));
        assertThat(browser.get(page).body()).contains("Say why the lead is disqualified");
        assertThat(browser.postForm(page + "/convert", Map.of("version", "0")).location()).isEqualTo(page);
        assertThat(browser.get(page).body()).contains("Only a qualified lead can be converted");
        assertThat(signedInAs(Role.READ_ONLY).get("/leads/new").status()).isEqualTo(403);
    }
}
