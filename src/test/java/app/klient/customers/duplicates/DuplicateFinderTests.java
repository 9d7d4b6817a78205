package app.klient.customers.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DuplicateFinderTests extends WebTest {

    private final String marker = "Dq" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_name_compares_without_its_legal_form_diacritics_and_punctuation() {
        for (String[] pair : new String[][] { { "Żabka Polska Sp. z o.o.", "zabka polska" },
                { "ŠKODA AUTO a.s.", "skoda auto" }, { "Kovo, s.r.o.", "kovo" }, { "Acme GmbH", "acme" },
                { "ACME Ltd.", "acme" }, { "Acme, Inc.", "acme" }, { "Orlen S.A.", "orlen" },
                { "Příliš žluťoučký kůň, spol. s r.o.", "prilis zlutoucky kun" },
                { "Assa Abloy", "assa abloy" } }) {
            assertThat(jdbc.sql("select customer_name_key(:name)").param("name", pair[0]).query(String.class)
                    .single()).as(pair[0]).isEqualTo(pair[1]);
        }
    }

    @Test
    void the_queue_scores_same_identifiers_and_similar_names_and_forgets_a_dismissed_pair() {
        Http api = api(testUsers.create(Role.MANAGER));
        String nip = nip();
        long taxA = company(api, marker + " Alfa", "\"country\": \"PL\", \"taxId\": \"" + nip + "\"");
        long taxB = company(api, marker + " Zupełnie inna", "\"country\": \"PL\", \"taxId\": \"PL" + nip + "\"");
        long nameA = company(api, marker + " Żabka Polska Sp. z o.o.", null);
        long nameB = company(api, marker + " Zabka Polska SA", null);
        long other = company(api, marker + " Wodociągi Miejskie", null);
        long mailA = company(api, marker + " Beta", "\"email\": \"biuro@" + marker + ".pl\"");
        long mailB = company(api, marker + " Gamma", "\"email\": \"BIURO@" + marker + ".pl\"");

        Http.Response scanned = api.postJson("/api/v1/duplicates/companies/scan", "{}");
        assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
        assertThat(scanned.json().get("pairs").asInt()).isGreaterThanOrEqualTo(3);

        List<JsonNode> mine = queue(api);
        assertThat(pair(mine, taxA, taxB).get("score").asInt()).isEqualTo(100);
        assertThat(pair(mine, taxA, taxB).get("reasons").toString()).contains("TAX_ID");
        assertThat(pair(mine, nameA, nameB).get("score").asInt()).isEqualTo(90);
        assertThat(pair(mine, nameA, nameB).get("reasons").toString()).contains("NAME");
        assertThat(pair(mine, mailA, mailB).get("reasons").toString()).contains("EMAIL");
        assertThat(mine).noneMatch(p -> p.get("first").get("id").asLong() == other
                || p.get("second").get("id").asLong() == other);

        assertThat(api.postJson("/api/v1/duplicates/companies/dismissals",
                "{\"firstId\": %d, \"secondId\": %d}".formatted(nameB, nameA)).status()).isEqualTo(204);
        assertThat(queue(api)).noneMatch(p -> p.get("first").get("id").asLong() == nameA
                && p.get("second").get("id").asLong() == nameB);
        api.postJson("/api/v1/duplicates/companies/scan", "{}");
        assertThat(queue(api)).noneMatch(p -> p.get("first").get("id").asLong() == nameA
                && p.get("second").get("id").asLong() == nameB);
        assertThat(queue(api)).anyMatch(p -> p.get("first").get("id").asLong() == taxA);
    }

    @Test
    void contacts_with_the_same_e_mail_or_a_similar_name_at_one_company_are_suggested() {
        Http api = api(testUsers.create(Role.SALES));
        long company = company(api, marker + " Firma", null);
        long a = contact(api, "Tomáš", marker + " Dvořák", "tomas@" + marker + ".cz", company);
        long b = contact(api, "Tomas", marker + " Dvorak", null, company);
        long c = contact(api, "Eva", marker + " Nová", "TOMAS@" + marker + ".cz", null);
        api.postJson("/api/v1/duplicates/contacts/scan", "{}");
        List<JsonNode> pairs = new java.util.ArrayList<>();
        api.get("/api/v1/duplicates/contacts?size=100").json().get("items").forEach(pairs::add);
        for (int page = 1; pairs.stream().noneMatch(p -> p.get("first").get("id").asLong() == a
                && p.get("second").get("id").asLong() == b) && page < 50; page++) {
            JsonNode more = api.get("/api/v1/duplicates/contacts?size=100&page=" + page).json().get("items");
            if (more.isEmpty()) {
                break;
            }
            more.forEach(pairs::add);
        }
        assertThat(pair(pairs, a, b).get("reasons").toString()).contains("NAME", "SAME_COMPANY");
        assertThat(pair(pairs, a, c).get("reasons").toString()).contains("EMAIL");
    }

    @Test
    void anonymized_people_are_nobody_s_duplicates() {
        Http api = api(testUsers.create(Role.SALES));
        long company = company(api, marker + " Anonim", null);
        long a = contact(api, "Jan", marker + " Pierwszy", null, company);
        long b = contact(api, "Jan", marker + " Drugi", null, company);
        jdbc.sql("update contacts set first_name = null, last_name = '[erased]' where id in (:a, :b)")
                .param("a", a).param("b", b).update();

        api.postJson("/api/v1/duplicates/contacts/scan", "{}");

        assertThat(jdbc.sql("""
                select count(*) from duplicate_candidates where kind = 'CONTACT' and (first_id = :a or second_id = :a)""")
                .param("a", a).query(Long.class).single()).isZero();
    }

    @Test
    void the_queue_page_lists_pairs_with_their_reasons_in_the_readers_language() {
        Http api = api(testUsers.create(Role.MANAGER));
        company(api, marker + " Kovo s.r.o.", null);
        company(api, marker + " KOVO a.s.", null);
        assertThat(api.postJson("/api/v1/duplicates/companies/scan", "{}").status()).isEqualTo(200);
        Http browser = signedIn(testUsers.create(Role.SALES, "pl"));
        Http.Response page = browser.get("/duplicates/companies");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Duplikaty", "Szukaj duplikatów");
        assertThat(browser.get("/duplicates/contacts").status()).isEqualTo(200);
    }

    private List<JsonNode> queue(Http api) {
        List<JsonNode> mine = new java.util.ArrayList<>();
        for (int page = 0; page < 100; page++) {
            JsonNode items = api.get("/api/v1/duplicates/companies?size=100&page=" + page).json().get("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(p -> {
                if (p.get("first").get("name").asString().startsWith(marker)) {
                    mine.add(p);
                }
            });
        }
        return mine;
    }

    private static JsonNode pair(List<JsonNode> pairs, long one, long other) {
        return pairs.stream().filter(p -> p.get("first").get("id").asLong() == Math.min(one, other)
                && p.get("second").get("id").asLong() == Math.max(one, other)).findFirst()
                .orElseThrow(() -> new AssertionError("no pair " + one + "/" + other + " in " + pairs));
    }

    private long company(Http api, String name, String more) {
        Http.Response created = api.postJson("/api/v1/companies", "{\"name\": \"" + name + "\""
                + (more == null ? "" : ", " + more) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long contact(Http api, String first, String last, String email, Long company) {
        Http.Response created = api.postJson("/api/v1/contacts", "{\"firstName\": \"" + first + "\", \"lastName\": \""
                + last + "\"" + (email == null ? "" : ", \"emails\": [\"" + email + "\"]")
                + (company == null ? "" : ", \"companyId\": " + company) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A valid Polish NIP nobody else in the suite is likely to use. */
    static String nip() {
        int[] weights = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
        while (true) {
            StringBuilder digits = new StringBuilder();
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                int d = i == 0 ? 1 + ThreadLocalRandom.current().nextInt(9) : ThreadLocalRandom.current().nextInt(10);
                digits.append(d);
                sum += d * weights[i];
            }
            if (sum % 11 != 10) {
                return digits.append(sum % 11).toString();
            }
        }
    }
}
