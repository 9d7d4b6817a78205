package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DealPagesTests extends WebTest {

    @Test
    void a_deal_made_with_the_form_shows_on_the_board_the_list_and_its_own_page() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/deals/new");
        Http.Response created = browser.postForm("/deals", deal("Boiler room", "1500", seller));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String page = browser.get(created.location()).body();
        assertThat(page).contains("Boiler room").contains("1,500").contains("Qualification");
        assertThat(browser.get("/deals/board?ownerId=" + seller.id()).body()).contains("Boiler room");
        assertThat(browser.get("/deals/list?ownerId=" + seller.id()).body()).contains("Boiler room");
        assertThat(browser.get("/deals/list?ownerId=" + seller.id(), Map.of("HX-Request", "true")).body())
                .contains("Boiler room").doesNotContain("<html");
        assertThat(browser.get("/deals/list?closeFrom=nonsense").body()).contains("One of the filters is not valid");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no name | name | ''",
            "negative amount | amount | -5",
            "amount not a number | amount | many",
            "unknown currency | currency | ABC",
            "stage that does not exist | stageId | 987654",
            "close date not a date | expectedCloseDate | soon"
    })
    void a_bad_deal_form_comes_back_with_its_errors_and_stores_nothing(String why, String field, String value) {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/deals/new");
        long before = count("deals");
        Map<String, String> form = deal("Bad deal", "100", seller);
        form.put(field, value);
        Http.Response response = browser.postForm("/deals", form);
        assertThat(response.status()).as(why).isEqualTo(200);
        assertThat(response.body()).as(why).containsAnyOf("field-error", "flash error");
        assertThat(count("deals")).isEqualTo(before);
    }

    @Test
    void an_edit_from_a_stale_page_is_refused_with_a_message() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/deals/new");
        String url = browser.postForm("/deals", deal("Edited twice", "10", seller)).location();
        browser.get(url + "/edit");
        Map<String, String> first = deal("First edit", "10", seller);
        first.put("version", "0");
        assertThat(browser.postForm(url, first).location()).isEqualTo(url);
        Http.Response stale = browser.postForm(url, deal("Second edit", "10", seller));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).contains("Someone else changed this record");
        assertThat(signedInAs(Role.SALES).get(url + "/edit").status()).as("not the owner").isEqualTo(403);
    }

    private static Map<String, String> deal(String name, String amount, UserSummary owner) {
        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("amount", amount);
        form.put("currency", "PLN");
        form.put("expectedCloseDate", "2027-05-31");
        form.put("ownerId", String.valueOf(owner.id()));
        form.put("version", "0");
        return form;
    }
}
