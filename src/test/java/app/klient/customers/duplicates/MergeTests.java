package app.klient.customers.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MergeTests extends WebTest {

    private static final String ADDRESS = ", \"billingAddress\": {\"street\": \"ul. Długa 5\", \"city\": \"Łódź\", "
            + "\"postalCode\": \"90-001\", \"country\": \"PL\"}";
    private static final String LINE = "\"lines\": [{\"description\": \"Usługa\", \"quantity\": 1, "
            + "\"unitPrice\": 100, \"taxRate\": 23}]";

    private final String marker = "Mg" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void merging_companies_moves_everything_to_the_survivor_and_issued_invoices_keep_their_buyer() {
        Http api = api(testUsers.create(Role.MANAGER));
        long survivor = company(api, marker + " Stavby Novák s.r.o.", "\"email\": \"biuro@" + marker + ".pl\"");
        long merged = company(api, marker + " Stavby Novak a.s.", "\"phones\": [\"602 123 456\"], \"country\": \"CZ\", "
                + "\"tags\": [\"south\"]");
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"" + marker + " Dvořák\", \"companyId\": "
                + merged + "}").json().get("id").asLong();
        long deal = api.postJson("/api/v1/deals", "{\"name\": \"" + marker + " deal\", \"companyId\": " + merged + "}")
                .json().get("id").asLong();
        Http.Response issued = api.postJson("/api/v1/invoices", "{\"companyId\": " + merged + ", " + LINE + "}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode invoice = issued.json();
        assertThat(api.postJson("/api/v1/companies/" + merged + "/notes", "{\"body\": \"" + marker + " met them\"}")
                .status()).isLessThan(300);

        JsonNode preview = api.get("/api/v1/duplicates/companies/merge?ids=" + survivor + "," + merged).json();
        assertThat(preview.get("defaults").get("name").asLong()).isEqualTo(survivor);
        // a field the survivor leaves empty is filled from the merged record unless told otherwise
        assertThat(preview.get("defaults").get("country").asLong()).isEqualTo(merged);

        Http.Response done = api.postJson("/api/v1/duplicates/companies/merge", """
                {"survivorId": %d, "mergedIds": [%d], "fields": {"name": %d}}""".formatted(survivor, merged, merged));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        JsonNode company = done.json();
        assertThat(company.get("name").asString()).isEqualTo(marker + " Stavby Novak a.s.");
        assertThat(company.get("email").asString()).isEqualTo("biuro@" + marker.toLowerCase() + ".pl");
        assertThat(company.get("phones").toString()).contains("+420602123456");
        assertThat(company.get("tags").toString()).contains("south");

        assertThat(api.get("/api/v1/companies/" + merged).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contacts/" + contact).json().get("companyId").asLong()).isEqualTo(survivor);
        assertThat(api.get("/api/v1/deals/" + deal).json().get("companyId").asLong()).isEqualTo(survivor);
        JsonNode moved = api.get("/api/v1/invoices/" + invoice.get("id").asLong()).json();
        assertThat(moved.get("companyId").asLong()).isEqualTo(survivor);
        assertThat(jdbc.sql("select buyer_name from invoices where id = :id").param("id", invoice.get("id").asLong())
                .query(String.class).single()).isEqualTo(marker + " Stavby Novak a.s.");

        String timeline = api.get("/api/v1/companies/" + survivor + "/timeline").body();
        assertThat(timeline).contains(marker + " met them").contains("MERGED");
        assertThat(jdbc.sql("select count(*) from customer_merges where survivor_id = :s and :m = any (merged_ids)")
                .param("s", survivor).param("m", merged).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_events where entity_type = 'company' and entity_id = :id
                   and summary_code ->> 'key' = 'audit.summary.merged'""").param("id", String.valueOf(survivor)).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void an_issued_invoice_still_refuses_to_change_its_customer_outside_a_merge() {
        Http api = api(testUsers.create(Role.MANAGER));
        long one = company(api, marker + " Jeden", null);
        long other = company(api, marker + " Drugi", null);
        long invoice = api.postJson("/api/v1/invoices", "{\"companyId\": " + one + ", " + LINE + "}").json().get("id")
                .asLong();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update invoices set company_id = :other where id = :id").param("other", other).param("id", invoice)
                .update()).hasMessageContaining("cannot be changed");
    }

    @Test
    void merging_contacts_joins_their_addresses_and_keeps_a_person_on_a_deal_once() {
        Http api = api(testUsers.create(Role.SALES));
        long survivor = contact(api, "Jan", marker + " Kowalski", "jan@" + marker + ".pl");
        long merged = contact(api, "Jan", marker + " Kowalski", "j.kowalski@" + marker + ".pl");
        long deal = api.postJson("/api/v1/deals", "{\"name\": \"" + marker + " deal\"}").json().get("id").asLong();
        for (long person : new long[] { survivor, merged }) {
            jdbc.sql("insert into deal_contacts (deal_id, contact_id) values (:deal, :person)").param("deal", deal)
                    .param("person", person).update();
        }
        Http.Response done = api.postJson("/api/v1/duplicates/contacts/merge", """
                {"survivorId": %d, "mergedIds": [%d]}""".formatted(survivor, merged));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("emails").toString()).contains("jan@" + marker.toLowerCase() + ".pl",
                "j.kowalski@" + marker.toLowerCase() + ".pl");
        assertThat(jdbc.sql("select contact_id from deal_contacts where deal_id = :deal").param("deal", deal)
                .query(Long.class).list()).containsExactly(survivor);
        assertThat(api.get("/api/v1/contacts/" + merged).status()).isEqualTo(404);
    }

    @Test
    void a_merge_keeps_every_stored_number_even_one_today_s_rules_refuse() {
        Http api = api(testUsers.create(Role.SALES));
        long survivor = contact(api, "Ewa", marker + " Nowak", "ewa@" + marker + ".pl");
        long merged = contact(api, "Ewa", marker + " Nowak", "e.nowak@" + marker + ".pl");
        // numbers stored before the rules (an import, old demo data): not numbers libphonenumber accepts
        jdbc.sql("update contacts set phones = array['+420664289381'] where id = :id").param("id", survivor).update();
        jdbc.sql("update contacts set phones = array['+420615982414', '+48601234567'] where id = :id")
                .param("id", merged).update();

        Http.Response done = api.postJson("/api/v1/duplicates/contacts/merge", """
                {"survivorId": %d, "mergedIds": [%d]}""".formatted(survivor, merged));

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(jdbc.sql("select phones from contacts where id = :id").param("id", survivor)
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray())).single())
                .containsExactly("+420664289381", "+420615982414", "+48601234567");
        Http.Response typedNow = api.postJson("/api/v1/contacts?force=true", """
                {"lastName": "%s Inny", "phones": ["+420 699 999 999"]}""".formatted(marker));
        assertThat(typedNow.status()).as("a number typed now is still checked").isEqualTo(400);
    }

    @Test
    void a_record_is_not_merged_with_itself_and_nothing_changes() {
        Http api = api(testUsers.create(Role.MANAGER));
        long one = company(api, marker + " Sam", null);
        Http.Response refused = api.postJson("/api/v1/duplicates/companies/merge", """
                {"survivorId": %d, "mergedIds": [%d]}""".formatted(one, one));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("mergedIds");
        assertThat(api.get("/api/v1/companies/" + one).json().get("version").asInt()).isZero();
    }

    @Test
    void a_record_gone_is_named_by_its_number_as_written() {
        Http api = api(testUsers.create(Role.MANAGER)).language("pl");
        long one = company(api, marker + " Jeden", null);
        Http.Response refused = api.postJson("/api/v1/duplicates/companies/merge",
                "{\"survivorId\": 9999999, \"mergedIds\": [%d]}".formatted(one));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).startsWith("Rekord 9999999 ");
    }

    @Test
    void two_people_merging_the_same_records_at_once_one_wins_and_the_other_is_told() {
        Http first = api(testUsers.create(Role.MANAGER));
        Http second = api(testUsers.create(Role.ADMIN));
        long a = company(first, marker + " Alfa", null);
        long b = company(first, marker + " Alfa bis", null);
        long c = company(first, marker + " Alfa ter", null);
        List<Http.Response> answers = Race.run(
                () -> first.postJson("/api/v1/duplicates/companies/merge",
                        "{\"survivorId\": %d, \"mergedIds\": [%d, %d]}".formatted(a, b, c)),
                () -> second.postJson("/api/v1/duplicates/companies/merge",
                        "{\"survivorId\": %d, \"mergedIds\": [%d, %d]}".formatted(c, a, b)));
        assertThat(answers).extracting(Http.Response::status).containsExactlyInAnyOrder(200, 409);
        Http.Response loser = answers.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(loser.contentType()).startsWith("application/problem+json");
        assertThat(loser.json().get("detail").asString()).contains("merged or deleted");
        assertThat(jdbc.sql("select count(*) from companies where id in (:ids)").param("ids", List.of(a, b, c))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from customer_merges where :a = survivor_id or :a = any (merged_ids)")
                .param("a", a).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_row_no_module_moved_stops_the_merge_instead_of_losing_its_customer() {
        Http api = api(testUsers.create(Role.MANAGER));
        long survivor = company(api, marker + " Gamma", null);
        long merged = company(api, marker + " Gamma 2", null);
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"" + marker + " Nowak\", \"companyId\": "
                + merged + "}").json().get("id").asLong();
        String table = "merge_test_" + marker.toLowerCase();
        jdbc.sql("create table " + table + " (company_id bigint references companies (id) on delete set null)").update();
        try {
            jdbc.sql("insert into " + table + " values (:id)").param("id", merged).update();
            Http.Response refused = api.postJson("/api/v1/duplicates/companies/merge", """
                    {"survivorId": %d, "mergedIds": [%d]}""".formatted(survivor, merged));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains(table);
            // nothing half-done: the contact still belongs to the record that was to be merged
            assertThat(api.get("/api/v1/contacts/" + contact).json().get("companyId").asLong()).isEqualTo(merged);
            assertThat(api.get("/api/v1/companies/" + merged).status()).isEqualTo(200);
        }
        finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    @Test
    void a_read_only_user_merges_nothing() {
        Http manager = api(testUsers.create(Role.MANAGER));
        long one = company(manager, marker + " Delta", null);
        long two = company(manager, marker + " Delta 2", null);
        UserSummary reader = testUsers.create(Role.READ_ONLY);
        assertThat(api(reader).postJson("/api/v1/duplicates/companies/merge", """
                {"survivorId": %d, "mergedIds": [%d]}""".formatted(one, two)).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/companies/" + two).status()).isEqualTo(200);
    }

    @Test
    void the_merge_page_shows_both_records_and_merges_with_the_chosen_values() {
        Http browser = signedInAs(Role.MANAGER);
        Http api = api(testUsers.create(Role.MANAGER));
        long survivor = company(api, marker + " Epsilon", "\"industry\": \"Stavebnictví\"");
        long merged = company(api, marker + " Epsilon Sp. z o.o.", "\"industry\": \"Budownictwo\"");
        Http.Response page = browser.get("/duplicates/companies/merge?ids=" + survivor + "," + merged);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Stavebnictví", "Budownictwo", "name=\"field.industry\"");
        Http.Response done = browser.postForm("/duplicates/companies/merge", java.util.Map.of("survivorId",
                String.valueOf(survivor), "ids", survivor + "," + merged, "field.industry", String.valueOf(merged)));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/companies/" + survivor);
        assertThat(api.get("/api/v1/companies/" + survivor).json().get("industry").asString()).isEqualTo("Budownictwo");
    }

    @Test
    void a_merge_page_whose_record_went_meanwhile_says_so_on_the_queue() {
        Http browser = signedIn(testUsers.create(Role.MANAGER, "pl"));
        long one = company(api(testUsers.create(Role.MANAGER)), marker + " Zeta", null);
        assertThat(browser.get("/duplicates/companies").status()).isEqualTo(200);
        Http.Response refused = browser.postForm("/duplicates/companies/merge", java.util.Map.of("survivorId",
                "9999999", "ids", "9999999," + one));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/duplicates/companies");
        assertThat(browser.get("/duplicates/companies").body()).contains("Rekord 9999999 już nie istnieje");
    }

    @Test
    void the_merge_page_names_the_language_writes_the_birthday_as_pages_do_and_fits_a_phone() {
        Http browser = signedInAs(Role.MANAGER);
        Http api = api(testUsers.create(Role.MANAGER));
        String contact = "{\"firstName\": \"Rajmund\", \"lastName\": \"Ptak%s\", \"birthday\": \"1978-12-24\","
                + " \"preferredLanguage\": \"pl\"}";
        long one = api.postJson("/api/v1/contacts", contact.formatted(marker)).json().get("id").asLong();
        long two = api.postJson("/api/v1/contacts", contact.formatted(marker)).json().get("id").asLong();

        String page = browser.get("/duplicates/contacts/merge?ids=" + one + "," + two).body();

        assertThat(page).contains("Dec 24, 1978", ">Polish<").doesNotContain("1978-12-24", ">pl<");
        assertThat(browser.get("/css/klient.css").body().replaceAll("\\s+", " "))
                .as("on a phone the records' values share the width instead of running off the screen")
                .contains(".merge-table tr { display: flex; flex-wrap: wrap; }");
    }

    private long company(Http api, String name, String more) {
        Http.Response created = api.postJson("/api/v1/companies", "{\"name\": \"" + name + "\"" + ADDRESS
                + (more == null ? "" : ", " + more) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long contact(Http api, String first, String last, String email) {
        Http.Response created = api.postJson("/api/v1/contacts", "{\"firstName\": \"" + first + "\", \"lastName\": \""
                + last + "\", \"emails\": [\"" + email + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
