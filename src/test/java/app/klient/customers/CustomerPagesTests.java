package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerPagesTests extends WebTest {

    @Test
    void a_company_made_with_the_form_has_its_card_timeline_and_place_in_the_list() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        String name = "Formularz " + UUID.randomUUID().toString().substring(0, 6);
        browser.get("/companies/new");
        Map<String, String> form = company(name);
        Http.Response created = browser.postForm("/companies", form);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String card = created.location();
        assertThat(card).matches("/companies/\\d+");
        Http.Response page = browser.get(card);
        assertThat(page.body()).contains(name).contains("The company was created.").contains("526-025-09-95".replace("-", ""))
                .contains("601 234 567").contains("created the record");

        browser.postForm(card + "/notes", Map.of("body", "Met at the Poznań fair"));
        assertThat(browser.get(card).body()).contains("Met at the Poznań fair").contains("wrote a note");

        Http.Response list = browser.get("/companies?q=" + name.replace(" ", "+"));
        assertThat(list.body()).contains(name);
        Http.Response fragment = browser.get("/companies?q=" + name.replace(" ", "+"), Map.of("HX-Request", "true"));
        assertThat(fragment.body()).contains(name).doesNotContain("<html");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty name | name | ''",
            "name too long | name | LONG",
            "wrong NIP | taxId | 5260250994",
            "wrong REGON | registrationNumber | 123456786",
            "wrong VAT | vatId | PL123",
            "wrong phone | phones | 12",
            "wrong e-mail | email | info@",
            "wrong website | website | ::",
            "unknown stage | lifecycleStage | WON",
            "unknown country | country | XX",
            "owner not a number | ownerId | boss"
    })
    void a_bad_company_form_comes_back_with_its_errors_and_stores_nothing(String why, String field, String value) {
        Http browser = signedInAs(Role.SALES);
        browser.get("/companies/new");
        long before = count("companies");
        Map<String, String> form = company("Bad " + UUID.randomUUID());
        form.put(field, value.equals("LONG") ? "N".repeat(201) : value);
        Http.Response response = browser.postForm("/companies", form);
        assertThat(response.status()).as(why).isEqualTo(200);
        assertThat(response.body()).as(why).containsAnyOf("field-error", "flash error");
        assertThat(response.body()).doesNotContain("Exception");
        assertThat(count("companies")).isEqualTo(before);
    }

    @Test
    void a_contact_made_from_the_company_card_shows_there_and_on_its_own_card() {
        Http browser = signedInAs(Role.SALES);
        browser.get("/companies/new");
        String card = browser.postForm("/companies", company("People Co " + UUID.randomUUID())).location();
        long companyId = Long.parseLong(card.substring(card.lastIndexOf('/') + 1));
        browser.get("/contacts/new?companyId=" + companyId);
        Map<String, String> contact = new HashMap<>();
        contact.put("firstName", "Jiří");
        contact.put("lastName", "Dvořák");
        contact.put("companyId", String.valueOf(companyId));
        contact.put("emails", "jiri.dvorak@firma.cz");
        contact.put("phones", "602 123 456");
        contact.put("address.country", "CZ");
        contact.put("marketingConsent", "true");
        contact.put("consentMethod", "PAPER");
        Http.Response created = browser.postForm("/contacts", contact);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        assertThat(browser.get(created.location()).body()).contains("Dvořák").contains("602 123 456")
                .contains("jiri.dvorak@firma.cz");
        assertThat(browser.get(card).body()).contains("Jiří Dvořák");

        contact.put("emails", "broken");
        assertThat(browser.postForm("/contacts", contact).body()).contains("Enter a valid e-mail address.");
    }

    @Test
    void a_read_only_user_sees_customers_but_no_buttons_and_cannot_post() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http seller = signedIn(owner);
        seller.get("/companies/new");
        Map<String, String> form = company("Look Only " + UUID.randomUUID());
        form.put("ownerId", String.valueOf(owner.id()));
        String card = seller.postForm("/companies", form).location();
        Http reader = signedInAs(Role.READ_ONLY);
        Http.Response page = reader.get(card);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("/edit").doesNotContain("note-form");
        assertThat(reader.get("/companies").body()).doesNotContain("/companies/new").doesNotContain("id=\"bulk\"");
        assertThat(reader.get("/companies/new").status()).isEqualTo(403);
        assertThat(reader.postForm(card + "/notes", Map.of("body", "x")).status()).isEqualTo(403);
        assertThat(reader.postForm(card + "/delete", Map.of()).status()).isEqualTo(403);
        assertThat(signedInAs(Role.SALES).get(card + "/edit").status()).as("someone else's company").isEqualTo(403);
    }

    @Test
    void saved_views_keep_a_filter_and_only_their_author_deletes_them() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http browser = signedIn(seller);
        browser.get("/contacts?owner=me&city=Brno");
        String name = "Brno mine " + UUID.randomUUID().toString().substring(0, 4);
        Http.Response saved = browser.postForm("/contacts/views",
                Map.of("viewName", name, "query", "owner=me&city=Brno", "shared", "true"));
        assertThat(saved.location()).as(saved.toString()).isEqualTo("/contacts?owner=me&city=Brno");
        assertThat(browser.get("/contacts").body()).contains(name).contains("/contacts?owner=me&amp;city=Brno");
        assertThat(signedInAs(Role.SUPPORT).get("/contacts").body()).as("shared").contains(name);
        long viewId = jdbc.sql("select id from saved_views where name = :name").param("name", name)
                .query(Long.class).single();
        Http other = signedInAs(Role.SALES);
        other.get("/contacts");
        assertThat(other.postForm("/contacts/views/" + viewId + "/delete", Map.of()).status()).isEqualTo(404);
        assertThat(browser.postForm("/contacts/views", Map.of("viewName", "", "query", "x=1")).location())
                .startsWith("/contacts");
        assertThat(browser.postForm("/contacts/views", Map.of("viewName", "Hostile", "query", "a=<script>")).status())
                .isEqualTo(302);
        assertThat(count("saved_views where name = 'Hostile'")).isZero();
    }

    @Test
    void the_administrator_defines_a_custom_field_on_the_page_and_it_appears_in_the_company_form() {
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/admin/custom-fields");
        String key = "segment" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        Http.Response created = admin.postForm("/admin/custom-fields", Map.of("entity", "COMPANY", "key", key,
                "type", "CHOICE", "labelEn", "Segment", "labelPl", "Segment", "labelCs", "Segment",
                "options", "smb | Small business | Mała firma | Malá firma\nent | Enterprise | Korporacja | Korporace"));
        assertThat(created.location()).isEqualTo("/admin/custom-fields");
        assertThat(admin.get("/companies/new").body()).contains("customFields[" + key + "]").contains("Small business");
        Http.Response bad = admin.postForm("/admin/custom-fields", Map.of("entity", "COMPANY", "key", "x" + key,
                "type", "CHOICE", "labelEn", "S", "labelPl", "S", "labelCs", "S", "options", "Bad Key | only"));
        assertThat(bad.body()).contains("Each option needs a key");
        assertThat(signedInAs(Role.MANAGER).get("/admin/custom-fields").status()).isEqualTo(403);
    }

    private static Map<String, String> company(String name) {
        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("country", "PL");
        form.put("taxId", "526-025-09-95");
        form.put("registrationNumber", "123456785");
        form.put("vatId", "PL5260250995");
        form.put("phones", "601 234 567");
        form.put("email", "biuro@formularz.pl");
        form.put("website", "formularz.pl");
        form.put("lifecycleStage", "PROSPECT");
        form.put("tags", "fair, poznań");
        form.put("billingAddress.city", "Poznań");
        form.put("billingAddress.country", "PL");
        return form;
    }
}
