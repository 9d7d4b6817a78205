package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Record-level access: the administrator's rules per role and kind decide what a user reads (enforced by the
 * database's row policy, so lists, counts, search and the record itself agree) and what they change (a clear 403).
 */
class RecordAccessTests extends WebTest {

    private final String marker = "Access " + UUID.randomUUID().toString().substring(0, 8);

    /** Every rule back as it came: the other tests meet the small company's defaults. */
    @AfterEach
    void defaults() {
        jdbc.sql("""
                update access_rules set read_scope = 'ALL',
                       change_scope = case role when 'ADMIN' then 'ALL' when 'MANAGER' then 'ALL'
                                                when 'READ_ONLY' then 'NONE' else 'OWN' end
                """).update();
        // a rule saved through the service takes its kind's policy off again, now that no role reads less
        Http admin = apiAs(Role.ADMIN);
        for (String table : List.of("companies", "contacts", "leads", "deals", "quotes", "orders", "invoices",
                "tickets", "activities", "generated_documents")) {
            if (restricted(table)) {
                AccessRules.set(admin, Role.SALES, kindOf(table), "ALL", "OWN");
            }
        }
    }

    @Test
    void by_default_no_table_carries_a_policy_and_everybody_reads_every_record() {
        for (String table : List.of("companies", "contacts", "deals", "invoices", "tickets", "generated_documents")) {
            assertThat(restricted(table)).as(table).isFalse();
        }
        UserSummary alice = testUsers.create(Role.SALES);
        long deal = deal(api(alice), alice);
        assertThat(apiAs(Role.SALES).get("/api/v1/deals/" + deal).status()).isEqualTo(200);
        assertThat(apiAs(Role.READ_ONLY).get("/api/v1/deals/" + deal).status()).isEqualTo(200);
    }

    @Test
    void a_salesperson_restricted_to_their_own_deals_reads_only_those_everywhere_from_their_next_request() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        Http aliceApi = api(alice);
        Http bobApi = api(bob);
        Http alicePages = signedIn(alice);
        long mine = deal(aliceApi, alice);
        long bobs = deal(bobApi, bob);
        assertThat(names(aliceApi)).as("before the rule").hasSize(2);

        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "deal", "OWN", "OWN");
        assertThat(restricted("deals")).isTrue();

        // the same token and the same session, signed in before the change: the next request reads by the new rule
        assertThat(names(aliceApi)).containsExactly(marker + " deal " + alice.id());
        assertThat(aliceApi.get("/api/v1/deals?q=" + enc(marker)).json().get("total").asLong()).isEqualTo(1);
        assertThat(aliceApi.get("/api/v1/deals/" + bobs).status()).as("another's deal is not found").isEqualTo(404);
        assertThat(aliceApi.get("/api/v1/deals/" + mine).status()).isEqualTo(200);
        Http.Response page = alicePages.get("/deals/" + bobs);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).doesNotContain(marker + " deal " + bob.id());
        assertThat(alicePages.get("/deals?q=" + enc(marker)).body()).contains(marker + " deal " + alice.id())
                .doesNotContain(marker + " deal " + bob.id());
        // managers and the other roles keep reading all of them
        assertThat(names(apiAs(Role.MANAGER))).hasSize(2);
        assertThat(names(apiAs(Role.MARKETING))).hasSize(2);

        // shared with her: readable, and still not hers to change
        jdbc.sql("insert into record_shares (kind, record_id, user_id) values ('deal', :deal, :user)")
                .param("deal", bobs).param("user", alice.id()).update();
        assertThat(names(aliceApi)).hasSize(2);
        JsonNode shared = aliceApi.get("/api/v1/deals/" + bobs).json();
        Http.Response change = aliceApi.patchJson("/api/v1/deals/" + bobs, "{\"name\": \"" + marker + " taken\", "
                + "\"version\": " + shared.get("version").asInt() + "}");
        assertThat(change.status()).isEqualTo(403);
        assertThat(change.contentType()).startsWith("application/problem+json");

        // back to the default: the policy is taken off
        AccessRules.set(admin, Role.SALES, "deal", "ALL", "OWN");
        assertThat(restricted("deals")).isFalse();
    }

    @Test
    void the_customer_card_tells_nothing_of_a_deal_its_reader_may_not_see() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        Http admin = apiAs(Role.ADMIN);
        long company = company(admin, marker + " shared customer", "PL", null);
        jdbc.sql("update companies set owner_id = null where id = :id").param("id", company).update();
        String bobsDeal = marker + " secret pipeline deal";
        api(bob).postJson("/api/v1/deals", "{\"name\": \"" + bobsDeal + "\", \"companyId\": " + company
                + ", \"ownerId\": " + bob.id() + "}");
        Http alicePages = signedIn(alice);
        assertThat(alicePages.get("/companies/" + company).body()).as("before the rule").contains(bobsDeal);

        AccessRules.set(admin, Role.SALES, "deal", "OWN", "OWN");
        assertThat(restricted("timeline_entries")).isTrue();
        assertThat(alicePages.get("/companies/" + company).body()).doesNotContain(bobsDeal);
        assertThat(signedIn(bob).get("/companies/" + company).body()).contains(bobsDeal);
        assertThat(signedInAs(Role.MANAGER).get("/companies/" + company).body()).contains(bobsDeal);

        AccessRules.set(admin, Role.SALES, "deal", "ALL", "OWN");
        assertThat(restricted("timeline_entries")).isFalse();
    }

    @Test
    void a_shared_deal_opens_when_one_of_its_people_is_hidden_and_keeps_them() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        Http bobApi = api(bob);
        long person = bobApi.postJson("/api/v1/contacts", "{\"lastName\": \"" + marker + " hidden person\", "
                + "\"ownerId\": " + bob.id() + "}").json().get("id").asLong();
        long deal = bobApi.postJson("/api/v1/deals", "{\"name\": \"" + marker + " with a person\", \"ownerId\": "
                + bob.id() + ", \"contactIds\": [" + person + "]}").json().get("id").asLong();
        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "deal", "OWN", "OWN");
        AccessRules.set(admin, Role.SALES, "contact", "OWN", "OWN");
        jdbc.sql("insert into record_shares (kind, record_id, user_id, can_change) values ('deal', :deal, :user, true)")
                .param("deal", deal).param("user", alice.id()).update();

        Http aliceApi = api(alice);
        Http.Response read = aliceApi.get("/api/v1/deals/" + deal);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("contacts").get(0).get("name").isNull()).as("unnamed to her").isTrue();
        assertThat(signedIn(alice).get("/deals/" + deal).body()).contains("A person your access does not show")
                .doesNotContain("hidden person");
        // what she sends back keeps the person on the deal
        assertThat(aliceApi.patchJson("/api/v1/deals/" + deal, "{\"name\": \"" + marker + " renamed\", \"version\": "
                + read.json().get("version").asInt() + "}").status()).isEqualTo(200);
        assertThat(bobApi.get("/api/v1/deals/" + deal).json().get("contactIds").get(0).asLong()).isEqualTo(person);
    }

    @Test
    void a_team_scope_reaches_the_records_of_everyone_sharing_a_team() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary teammate = testUsers.create(Role.SALES);
        UserSummary outsider = testUsers.create(Role.SALES);
        testUsers.inNewTeam(alice, teammate);
        Http aliceApi = api(alice);
        long teammates = deal(api(teammate), teammate);
        long outsiders = deal(api(outsider), outsider);
        long unowned = deal(apiAs(Role.ADMIN), null);

        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "deal", "TEAM", "TEAM");

        assertThat(names(aliceApi)).containsExactlyInAnyOrder(marker + " deal " + teammate.id(), marker + " deal -");
        assertThat(aliceApi.get("/api/v1/deals/" + outsiders).status()).isEqualTo(404);
        assertThat(aliceApi.get("/api/v1/deals/" + unowned).status()).as("nobody's is everybody's").isEqualTo(200);
        JsonNode deal = aliceApi.get("/api/v1/deals/" + teammates).json();
        assertThat(aliceApi.patchJson("/api/v1/deals/" + teammates, "{\"name\": \"" + marker + " deal "
                + teammate.id() + "\", \"version\": " + deal.get("version").asInt() + "}").status())
                .as("a teammate's deal is hers to change").isEqualTo(200);
    }

    @Test
    void a_record_shared_to_change_may_be_changed_beyond_the_rules() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        long bobs = deal(api(bob), bob);
        Http aliceApi = api(alice);
        JsonNode deal = aliceApi.get("/api/v1/deals/" + bobs).json();
        String body = "{\"name\": \"" + marker + " renamed\", \"version\": " + deal.get("version").asInt() + "}";
        assertThat(aliceApi.patchJson("/api/v1/deals/" + bobs, body).status()).isEqualTo(403);
        jdbc.sql("insert into record_shares (kind, record_id, user_id, can_change) values ('deal', :deal, :user, true)")
                .param("deal", bobs).param("user", alice.id()).update();
        assertThat(aliceApi.patchJson("/api/v1/deals/" + bobs, body).status()).isEqualTo(200);
    }

    @Test
    void rules_that_make_no_sense_are_refused_in_the_readers_words() {
        Http admin = apiAs(Role.ADMIN);
        JsonNode sales = AccessRules.rule(admin, Role.SALES, "invoice");
        String path = "/api/v1/record-access/" + sales.get("id").asLong();
        int version = sales.get("version").asInt();

        Http.Response none = admin.language("pl").putJson(path, "{\"read\": \"NONE\", \"change\": \"NONE\", "
                + "\"version\": " + version + "}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("Każdy widzi przynajmniej własne rekordy");
        assertThat(admin.putJson(path, "{\"read\": \"OWN\", \"change\": \"ALL\", \"version\": " + version + "}")
                .status()).as("changing further than reading").isEqualTo(400);
        assertThat(admin.putJson(path, "{\"read\": \"ALL\", \"change\": \"OWN\", \"version\": " + (version + 7) + "}")
                .status()).as("a stale version").isEqualTo(409);
        assertThat(admin.putJson(path, "{\"read\": \"SOME\", \"change\": \"OWN\", \"version\": " + version + "}")
                .status()).isEqualTo(400);
        assertThat(admin.putJson(path, "{\"read\": \"ALL\", \"change\": \"OWN\"}").status()).isEqualTo(400);
        JsonNode adminRule = AccessRules.rule(admin, Role.ADMIN, "invoice");
        assertThat(admin.putJson("/api/v1/record-access/" + adminRule.get("id").asLong(), "{\"read\": \"OWN\", "
                + "\"change\": \"OWN\", \"version\": " + adminRule.get("version").asInt() + "}").status())
                .as("administrators keep everything").isEqualTo(409);
        assertThat(admin.putJson("/api/v1/record-access/987654321", "{\"read\": \"ALL\", \"change\": \"OWN\", "
                + "\"version\": 0}").status()).isEqualTo(404);
        assertThat(apiAs(Role.MANAGER).get("/api/v1/record-access").status()).isEqualTo(403);
        assertThat(restricted("invoices")).isFalse();
    }

    @Test
    void the_administrator_sets_a_rule_on_the_page_and_the_change_is_audited() {
        Http page = administrator();
        String html = page.get("/admin/record-access?role=SUPPORT").body();
        assertThat(html).contains("Record access").contains("Tickets").contains("Their team");
        JsonNode rule = AccessRules.rule(apiAs(Role.ADMIN), Role.SUPPORT, "ticket");
        Http.Response saved = page.postForm("/admin/record-access/" + rule.get("id").asLong(), java.util.Map.of(
                "read", "TEAM", "change", "OWN", "version", String.valueOf(rule.get("version").asInt())));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/admin/record-access?role=SUPPORT");
        assertThat(restricted("tickets")).isTrue();
        assertThat(page.get("/admin/record-access?role=SUPPORT").body()).contains("The rule is saved");
        assertThat(jdbc.sql("select count(*) from audit_events where entity_type = 'access_rule' and entity_id = :id")
                .param("id", String.valueOf(rule.get("id").asLong())).query(Long.class).single()).isPositive();
        Http.Response hostile = page.postForm("/admin/record-access/" + rule.get("id").asLong(), java.util.Map.of(
                "read", "NONE\u0000", "change", "OWN", "version", "x"));
        assertThat(hostile.status()).isEqualTo(400);
        Http.Response wrong = page.postForm("/admin/record-access/" + rule.get("id").asLong(), java.util.Map.of(
                "read", "OWN", "change", "ALL", "version", String.valueOf(rule.get("version").asInt() + 1)));
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(page.get(wrong.location()).body()).contains("Changing cannot reach further than reading");
        assertThat(AccessRules.rule(apiAs(Role.ADMIN), Role.SUPPORT, "ticket").get("read").asString()).isEqualTo("TEAM");
    }

    @Test
    void a_record_is_shared_on_its_page_and_the_share_shows_there() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        Http aliceApi = api(alice);
        Http bobApi = api(bob);
        long company = company(aliceApi, marker + " company", "PL", null);
        long deal = aliceApi.postJson("/api/v1/deals", "{\"name\": \"" + marker + " shared deal\", \"companyId\": "
                + company + ", \"ownerId\": " + alice.id() + "}").json().get("id").asLong();
        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "deal", "OWN", "OWN");
        AccessRules.set(admin, Role.SALES, "company", "OWN", "OWN");
        assertThat(bobApi.get("/api/v1/deals/" + deal).status()).isEqualTo(404);
        assertThat(bobApi.postJson("/api/v1/shares", "{\"kind\": \"deal\", \"recordId\": " + deal + ", \"userId\": "
                + bob.id() + "}").status()).as("nobody shares what they cannot see").isEqualTo(404);

        Http page = signedIn(alice);
        assertThat(page.get("/deals/" + deal).body()).contains("Shared with").contains("action=\"/shares\"");
        Http.Response refused = aliceApi.language("cs").postJson("/api/v1/shares", "{\"kind\": \"deal\", "
                + "\"recordId\": " + deal + ", \"userId\": " + bob.id() + "}");
        assertThat(refused.status()).as("bob may not see the deal's company").isEqualTo(409);
        assertThat(refused.body()).contains("nejprve s ní sdílejte firmu");
        assertThat(aliceApi.postJson("/api/v1/shares", "{\"kind\": \"company\", \"recordId\": " + company
                + ", \"userId\": " + bob.id() + "}").status()).isEqualTo(201);

        Http.Response shared = page.postForm("/shares", java.util.Map.of("kind", "deal", "recordId",
                String.valueOf(deal), "whom", "user:" + bob.id(), "back", "/deals/" + deal));
        assertThat(shared.status()).isEqualTo(302);
        assertThat(shared.location()).endsWith("/deals/" + deal);
        assertThat(page.get("/deals/" + deal).body()).contains("The record is shared.").contains(bob.name());
        assertThat(bobApi.get("/api/v1/deals/" + deal).status()).isEqualTo(200);
        String bobsView = signedIn(bob).get("/deals/" + deal).body();
        assertThat(bobsView).contains("Shared with").doesNotContain("action=\"/shares\"");
        JsonNode shares = aliceApi.get("/api/v1/shares?kind=deal&recordId=" + deal).json();
        assertThat(shares).hasSize(1);
        assertThat(shares.get(0).get("canChange").asBoolean()).isFalse();
        assertThat(bobApi.delete("/api/v1/shares/" + shares.get(0).get("id").asLong()).status())
                .as("only who may change the record takes a share back").isEqualTo(403);

        assertThat(aliceApi.delete("/api/v1/shares/" + shares.get(0).get("id").asLong()).status()).isEqualTo(204);
        assertThat(bobApi.get("/api/v1/deals/" + deal).status()).isEqualTo(404);
        assertThat(aliceApi.postJson("/api/v1/shares", "{\"kind\": \"planet\", \"recordId\": 1, \"userId\": 1}")
                .status()).isEqualTo(400);
        assertThat(aliceApi.postJson("/api/v1/shares", "{\"kind\": \"deal\", \"recordId\": " + deal + "}")
                .status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from audit_events where entity_type = 'record_share'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void a_restricted_kind_is_still_searched_through_its_indexes() {
        AccessRules.set(apiAs(Role.ADMIN), Role.SALES, "contact", "OWN", "OWN");
        String plan = transactions.execute(tx -> {
            jdbc.sql("set local enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("explain select id from contacts where search_text like '%kowal%'")
                    .query(String.class).list());
        });
        // the embedded setup declared the search functions leak-proof: the row policy keeps the trigram index usable
        assertThat(plan).contains("contacts_search_idx").doesNotContain("Seq Scan on contacts");
    }

    // ---------------------------------------------------------------- helpers

    private long deal(Http api, UserSummary owner) {
        String name = marker + " deal " + (owner == null ? "-" : owner.id());
        JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"" + name + "\"" + (owner == null ? ""
                : ", \"ownerId\": " + owner.id()) + "}").json();
        if (owner == null) {
            jdbc.sql("update deals set owner_id = null where id = :id").param("id", deal.get("id").asLong()).update();
        }
        return deal.get("id").asLong();
    }

    private List<String> names(Http api) {
        List<String> names = new ArrayList<>();
        api.get("/api/v1/deals?size=100&q=" + enc(marker)).json().get("items")
                .forEach(d -> names.add(d.get("name").asString()));
        return names;
    }



    private boolean restricted(String table) {
        return jdbc.sql("select relrowsecurity from pg_class where oid = cast(:t as regclass)").param("t", table)
                .query(Boolean.class).single();
    }

    private static String kindOf(String table) {
        return switch (table) {
            case "companies" -> "company";
            case "activities" -> "activity";
            case "generated_documents" -> "document";
            default -> table.substring(0, table.length() - 1);
        };
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @org.springframework.beans.factory.annotation.Autowired
    RecordShares shares;

    @Test
    void the_shares_card_of_a_record_deleted_while_its_page_renders_is_empty_not_an_error() {
        // the page read the record; someone deleted it before the card below was read
        RecordShares.Card card = shares.card("company", 987_654_321L);
        assertThat(card.shares()).isEmpty();
        assertThat(card.canShare()).isFalse();
    }
}
