package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deep pages of the customer lists are reached by cursors, which walk the same rows as page numbers do. */
class KeysetPagingTests extends WebTest {

    @Test
    void next_and_previous_cursors_walk_the_same_rows_as_page_numbers_in_both_sorts() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        Http manager = apiAs(Role.MANAGER);
        StringBuilder csv = new StringBuilder("firstName,lastName,email,city\n");
        for (int i = 0; i < 23; i++) {
            // twins in the last name and people without a first name: the key's later columns must decide
            csv.append(i % 4 == 0 ? "" : "Jan" + (i % 3)).append(",Keyset").append(i % 5).append(',')
                    .append("k").append(i).append('.').append(s).append("@firma.pl,Keyset").append(s).append('\n');
        }
        assertThat(manager.postRaw("/api/v1/contacts/import", "text/csv", csv.toString()).json().get("imported")
                .asLong()).isEqualTo(23);
        for (String sort : List.of("name", "updatedAt,desc", "createdAt")) {
            String base = "/api/v1/contacts?city=Keyset" + s + "&size=5&sort=" + sort;
            List<Long> byNumber = new ArrayList<>();
            for (int page = 0; page < 5; page++) {
                manager.get(base + "&page=" + page).json().get("items").forEach(c -> byNumber.add(c.get("id").asLong()));
            }
            assertThat(byNumber).as(sort).hasSize(23).doesNotHaveDuplicates();

            List<Long> byCursor = new ArrayList<>();
            List<String> previous = new ArrayList<>();
            JsonNode page = manager.get(base).json();
            assertThat(page.has("previous")).as("the first page has nothing before it").isFalse();
            while (true) {
                page.get("items").forEach(c -> byCursor.add(c.get("id").asLong()));
                if (!page.has("next")) {
                    break;
                }
                page = manager.get(base + "&after=" + page.get("next").asString()).json();
                previous.add(page.get("previous").asString());
            }
            assertThat(byCursor).as(sort).isEqualTo(byNumber);

            // back from the last page: the page before it is the fourth, as by number
            JsonNode back = manager.get(base + "&before=" + previous.get(previous.size() - 1)).json();
            List<Long> fourth = new ArrayList<>();
            back.get("items").forEach(c -> fourth.add(c.get("id").asLong()));
            assertThat(fourth).as(sort).isEqualTo(byNumber.subList(15, 20));
            assertThat(back.has("next")).isTrue();
        }
    }

    @Test
    void a_bad_cursor_is_a_clear_error_not_a_failure() {
        Http reader = apiAs(Role.READ_ONLY);
        String someCursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("updatedAt;3:abc;1:1;".getBytes());
        String nameCursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("name;5:nowak;0:;2:x1;".getBytes());
        for (String bad : List.of("not-base64!!", "bm9uc2Vuc2U", someCursor, nameCursor, "x".repeat(3000))) {
            Http.Response response = reader.get("/api/v1/contacts?sort=updatedAt&after=" + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).contains("cursor").doesNotContain("Exception");
        }
        // a cursor of one sort does not fit another
        JsonNode first = reader.get("/api/v1/companies?size=1&sort=name").json();
        if (first.has("next")) {
            assertThat(reader.get("/api/v1/companies?sort=updatedAt&after=" + first.get("next").asString()).status())
                    .isEqualTo(400);
        }
        assertThat(reader.get("/api/v1/contacts?after=a&before=b").status()).isEqualTo(400);
        Http.Response page = signedInAs(Role.READ_ONLY).get("/contacts?after=" + someCursor);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("The page cursor is not valid").doesNotContain("Exception");
    }

    @Test
    void the_list_page_links_to_the_next_page_by_cursor_and_back() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        StringBuilder csv = new StringBuilder("lastName,email,city\n");
        for (int i = 0; i < 30; i++) {
            csv.append("Strona").append(i < 10 ? "0" : "").append(i).append(",p").append(i).append('.').append(s)
                    .append("@firma.pl,Pager").append(s).append('\n');
        }
        apiAs(Role.MANAGER).postRaw("/api/v1/contacts/import", "text/csv", csv.toString());
        Http page = signedInAs(Role.SALES);
        // the city is not "Strona…": a random part starting with 25 would then match "Strona25"
        String first = page.get("/contacts?city=Pager" + s).body();
        assertThat(first).contains("Strona00").doesNotContain("Strona25");
        String next = first.replaceAll("(?s).*href=\"([^\"]*after=[^\"]*)\".*", "$1").replace("&amp;", "&");
        assertThat(next).startsWith("/contacts?city=Pager" + s).contains("page=1");
        String second = page.get(next).body();
        assertThat(second).contains("Strona25").contains("Strona29").doesNotContain("Strona24<");
        assertThat(second).contains("href=\"/contacts?city=Pager" + s + "&amp;page=0\"")
                .doesNotContain("export.csv?city=Pager" + s + "&amp;page");
    }
}
