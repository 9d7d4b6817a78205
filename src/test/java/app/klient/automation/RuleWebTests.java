package app.klient.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.TeamForm;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rules made and read in the browser and over the API: in three languages, refused fields named, managers scoped. */
class RuleWebTests extends WebTest {

    @Autowired
    Teams teams;

    @AfterEach
    void removeRules() {
        jdbc.sql("delete from automation_rules where template_key is null").update();
    }

    private static String rule(String name, String extra) {
        return "{\"name\": \"" + name + "\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"DEAL_WON\"}, "
                + "\"conditions\": {\"match\": \"ALL\", \"items\": [{\"field\": \"amount\", \"op\": \"GE\", "
                + "\"value\": \"1000\"}]}, \"actions\": [{\"type\": \"CREATE_TASK\", \"who\": \"OWNER\", \"text\": "
                + "\"Onboard {record}\", \"amount\": 2}]" + extra + "}";
    }

    @Test
    void a_rule_made_over_the_api_is_read_in_words_on_the_page_in_each_language() {
        Http api = apiAs(Role.ADMIN);
        Http.Response made = api.postJson("/api/v1/automation/rules", rule("Won " + UUID.randomUUID(), ""));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        assertThat(made.json().get("enabled").asBoolean()).isFalse();

        Http admin = administrator();
        assertThat(admin.get("/automation/rules").body()).contains("Onboard {record}", "Amount is at least 1000");
        assertThat(signedIn(testUsers.create(Role.ADMIN, "pl")).get("/automation/rules/" + id).body())
                .contains("Przebieg testowy", "Kwota co najmniej 1000");
        assertThat(signedIn(testUsers.create(Role.ADMIN, "cs")).get("/automation/rules").body())
                .contains("Automatizace", "Vytvořit úkol „Onboard {record}“");

        Http.Response on = api.postJson("/api/v1/automation/rules/" + id + "/switch",
                "{\"enabled\": true, \"version\": " + made.json().get("version").asInt() + "}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().get("enabled").asBoolean()).isTrue();
        // a second switch from the same version is stale
        assertThat(api.postJson("/api/v1/automation/rules/" + id + "/switch", "{\"enabled\": false, \"version\": "
                + made.json().get("version").asInt() + "}").status()).isEqualTo(409);
        api.postJson("/api/v1/automation/rules/" + id + "/switch", "{\"enabled\": false, \"version\": "
                + on.json().get("version").asInt() + "}");
    }

    @Test
    void a_wrong_rule_is_refused_with_each_field_named_on_the_api_and_beside_its_input_on_the_page() {
        String wrong = "{\"name\": \"Wrong\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"SLA_BREACHED\"},"
                + " \"conditions\": {\"items\": [{\"field\": \"amount\", \"op\": \"GE\", \"value\": \"a lot\"}]},"
                + " \"actions\": [{\"type\": \"CREATE_TASK\", \"who\": \"USER\", \"userId\": 987654321}]}";
        Http.Response refused = apiAs(Role.ADMIN).postJson("/api/v1/automation/rules", wrong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).contains("problem+json");
        assertThat(refused.body()).contains("trigger.kind", "conditions.items[0].value", "actions[0].text",
                "actions[0].userId");

        Http page = administrator();
        page.get("/automation/rules/new");
        Http.Response shown = page.postForm("/automation/rules", Map.of("rule", wrong));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("The rule was not saved", "conditions.items[0].value");
        assertThat(count("automation_rules where name = 'Wrong'")).isZero();
        page.get("/automation/rules/new");
        assertThat(page.postForm("/automation/rules", Map.of("rule", "{not json")).body())
                .contains("could not be read");
    }

    @Test
    void a_test_run_counts_what_matches_now_and_says_what_the_rule_would_do() {
        UserSummary seller = testUsers.create(Role.SALES);
        String marker = "Test run " + UUID.randomUUID();
        for (int amount : new int[] { 500, 1500, 2500 }) {
            api(seller).postJson("/api/v1/deals", "{\"name\": \"" + marker + " " + amount + "\", \"amount\": "
                    + amount + ", \"currency\": \"PLN\", \"ownerId\": " + seller.id() + "}");
        }
        String rule = "{\"name\": \"T\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"CREATED\"}, "
                + "\"conditions\": {\"match\": \"ALL\", \"items\": [{\"field\": \"name\", \"op\": \"CONTAINS\", "
                + "\"value\": \"" + marker + "\"}, {\"field\": \"amount\", \"op\": \"GE\", \"value\": \"1000\"}]}, "
                + "\"actions\": [{\"type\": \"CREATE_TASK\", \"who\": \"OWNER\", \"text\": \"Call\", \"amount\": 1}]}";
        Http.Response test = apiAs(Role.MANAGER).postJson("/api/v1/automation/rules/test", rule);
        // a manager in no team cannot make a rule about anyone's records
        assertThat(test.status()).isEqualTo(400);
        Http.Response tested = apiAs(Role.ADMIN).postJson("/api/v1/automation/rules/test", rule);
        assertThat(tested.status()).as(tested.body()).isEqualTo(200);
        assertThat(tested.json().get("matching").asLong()).isEqualTo(2);
        assertThat(tested.json().get("sample").findValuesAsString("label")).containsExactlyInAnyOrder(
                marker + " 1500", marker + " 2500");
        Http page = administrator();
        page.get("/automation/rules/new");
        assertThat(page.postForm("/automation/rules/test", Map.of("rule", rule)).body())
                .contains("records match the conditions now", marker + " 2500", "Create the task “Call” for the owner");
        assertThat(count("tasks where title = 'Call'")).isZero();
    }

    @Test
    void a_manager_makes_rules_for_their_own_team_and_sees_no_others_and_a_salesperson_none() {
        long team = teams.create(new TeamForm("Rules team " + UUID.randomUUID(), null)).id();
        UserSummary manager = testUsers.create(Role.MANAGER, "Rule Manager", Set.of(team));
        Http.Response mine = api(manager).postJson("/api/v1/automation/rules", rule("Team rule", ""));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(mine.json().get("teamId").asLong()).isEqualTo(team);
        long other = apiAs(Role.ADMIN).postJson("/api/v1/automation/rules", rule("Admin rule", "")).json().get("id")
                .asLong();

        assertThat(api(manager).get("/api/v1/automation/rules").body()).contains("Team rule")
                .doesNotContain("Admin rule");
        assertThat(api(manager).get("/api/v1/automation/rules/" + other).status()).isEqualTo(404);
        assertThat(api(manager).postJson("/api/v1/automation/rules", rule("Elsewhere", ", \"teamId\": 987654321"))
                .status()).isEqualTo(400);

        Http.Response refused = apiAs(Role.SALES).get("/api/v1/automation/rules");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("Team rule", "Admin rule");
        assertThat(signedInAs(Role.SALES).get("/automation/rules/" + other).status()).isEqualTo(403);
        // a body the right role would be told is wrong tells the wrong role nothing: refused before it is read
        assertThat(apiAs(Role.SALES).postJson("/api/v1/automation/rules", "{\"name\": 5, \"trigger\": []}")
                .status()).isEqualTo(403);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/automation/webhooks", "{\"url\": []}").status())
                .isEqualTo(403);
    }

    @Test
    void the_logs_page_like_every_other_list_and_following_next_to_the_end_collects_every_run_and_delivery() {
        Http api = apiAs(Role.ADMIN);
        long rule = api.postJson("/api/v1/automation/rules", rule("Paged " + UUID.randomUUID(), "")).json().get("id")
                .asLong();
        long record = 900_000_000L + new java.util.Random().nextInt(1_000_000);
        jdbc.sql("""
                insert into automation_runs (rule_id, record_type, record_id, state)
                select :rule, 'deal', case when g % 2 = 0 then :record else g end, 'DONE' from generate_series(1, 13) g""")
                .param("rule", rule).param("record", record).update();
        List<Long> runs = jdbc.sql("select id from automation_runs where rule_id = :r order by id desc")
                .param("r", rule).query(Long.class).list();

        assertThat(follow(api, "/api/v1/automation/rules/" + rule + "/runs?size=5")).isEqualTo(runs);
        assertThat(follow(api, "/api/v1/automation/runs?recordType=deal&recordId=" + record + "&size=4"))
                .isEqualTo(runs.stream().filter(id -> jdbc.sql("select record_id from automation_runs where id = :id")
                        .param("id", id).query(Long.class).single() == record).toList());
        tools.jackson.databind.JsonNode first = api.get("/api/v1/automation/rules/" + rule + "/runs?size=5").json();
        tools.jackson.databind.JsonNode second = api.get("/api/v1/automation/rules/" + rule + "/runs?size=5&after="
                + first.get("next").asString()).json();
        assertThat(api.get("/api/v1/automation/rules/" + rule + "/runs?size=5&before=" + second.get("previous")
                .asString()).json().get("items")).isEqualTo(first.get("items"));
        assertThat(api.get("/api/v1/automation/rules/" + rule + "/runs?after=nonsense").status()).isEqualTo(400);

        // the deliveries list answers the same shape as the runs list, and pages the same way
        long webhook = api.postJson("/api/v1/automation/webhooks", "{\"url\": \"https://203.0.113.10/klient\", "
                + "\"eventTypes\": [\"deal.won\"]}").json().get("id").asLong();
        api.postJson("/api/v1/automation/webhooks/" + webhook + "/disable", "{\"version\": 0}");
        jdbc.sql("""
                insert into webhook_deliveries (message_id, subscription_id, event_type, payload, state)
                select 'msg_paged_' || :webhook || '_' || g, :webhook, 'deal.won', '{}', 'FAILED'
                from generate_series(1, 7) g""").param("webhook", webhook).update();
        List<Long> deliveries = jdbc.sql("select id from webhook_deliveries where subscription_id = :s order by id desc")
                .param("s", webhook).query(Long.class).list();
        assertThat(follow(api, "/api/v1/automation/webhooks/" + webhook + "/deliveries?size=3")).isEqualTo(deliveries);
        assertThat(api.get("/api/v1/automation/webhooks/" + webhook + "/deliveries?size=3").json().propertyNames())
                .containsExactlyInAnyOrderElementsOf(first.propertyNames());
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("items", "total", "page", "size", "totalExact",
                "next");
        api.delete("/api/v1/automation/webhooks/" + webhook);
    }

    /** Every id of a list, reached by following its {@code next} cursor from the first page to the last. */
    private static List<Long> follow(Http api, String first) {
        List<Long> ids = new java.util.ArrayList<>();
        String url = first;
        for (int pages = 0; url != null; pages++) {
            assertThat(pages).isLessThan(20);
            Http.Response page = api.get(url);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
            tools.jackson.databind.JsonNode next = page.json().get("next");
            url = next == null || next.isNull() ? null : first + "&after=" + next.asString();
        }
        return ids;
    }

    @Test
    void a_rule_is_read_with_names_not_ids_and_with_the_plurals_and_grammar_of_each_language() {
        var stage = jdbc.sql("""
                select s.id, p.name || ' · ' || coalesce(s.name_pl, s.name) from stages s
                join pipelines p on p.id = s.pipeline_id order by s.id desc limit 1""")
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).single();
        Http api = apiAs(Role.ADMIN);
        Http.Response made = api.postJson("/api/v1/automation/rules", "{\"name\": \"Negotiation " + UUID.randomUUID()
                + "\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"FIELD_CHANGED\", \"field\": \"stage\", "
                + "\"to\": \"" + stage.getKey() + "\"}, \"conditions\": {\"match\": \"ALL\", \"items\": [{\"field\": "
                + "\"owner\", \"op\": \"NOT_EMPTY\"}]}, \"actions\": [{\"type\": \"WAIT\", \"amount\": 1, "
                + "\"unit\": \"HOURS\"}, {\"type\": \"WAIT\", \"amount\": 2, \"unit\": \"DAYS\"}]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        Http polish = signedIn(testUsers.create(Role.ADMIN, "pl"));
        // D4: the stage by its name, on the rule's page and in the list
        assertThat(polish.get("/automation/rules/" + id).body()).contains("Etap się zmienia na " + stage.getValue())
                .doesNotContain("zmienia na " + stage.getKey() + "<")
                // D6: the adjective agrees with "pole", whatever the field's gender; a count takes its plural
                .contains("pole „Opiekun” jest wypełnione", "Czekaj 1 godzinę", "Czekaj 2 dni");
        assertThat(polish.get("/automation/rules").body()).contains("Etap się zmienia na " + stage.getValue());
        assertThat(administrator().get("/automation/rules/" + id).body()).contains("Wait 1 hour<", "Wait 2 days");
        long reminder = api.postJson("/api/v1/automation/rules", "{\"name\": \"Warranty " + UUID.randomUUID()
                + "\", \"recordType\": \"contact\", \"trigger\": {\"kind\": \"DATE_REACHED\", \"field\": "
                + "\"birthday\", \"days\": -2}, \"actions\": [{\"type\": \"WAIT\", \"amount\": 5, \"unit\": "
                + "\"DAYS\"}]}").json().get("id").asLong();
        assertThat(signedIn(testUsers.create(Role.ADMIN, "cs")).get("/automation/rules/" + reminder).body())
                .contains("2 dny před", "Počkat 5 dní");
    }

    @Test
    void a_rule_keeps_only_the_options_each_action_and_condition_reads() {
        Http api = apiAs(Role.ADMIN);
        Http.Response made = api.postJson("/api/v1/automation/rules", "{\"name\": \"Leftovers " + UUID.randomUUID()
                + "\", \"recordType\": \"deal\", \"trigger\": {\"kind\": \"DEAL_WON\"}, \"conditions\": {\"match\":"
                + " \"ALL\", \"items\": [{\"field\": \"owner\", \"op\": \"NOT_EMPTY\", \"value\": \"1\"}, {\"match\": "
                + "\"ANY\", \"items\": [{\"field\": \"amount\", \"op\": \"GE\", \"value\": \"1000\", \"from\": \"5\"}]}]},"
                + " \"actions\": [{\"type\": \"CREATE_TASK\", \"who\": \"OWNER\", \"userId\": 1, \"text\": \"Call\", "
                + "\"amount\": 2, \"template\": \"Follow-up after a meeting\", \"unit\": \"DAYS\"}, {\"type\": \"NOTIFY\", "
                + "\"who\": \"OWNER\", \"text\": \"Won\", \"template\": \"Follow-up after a meeting\", \"priority\": "
                + "\"HIGH\"}]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        tools.jackson.databind.JsonNode rule = api.get("/api/v1/automation/rules/" + made.json().get("id").asLong())
                .json();
        tools.jackson.databind.JsonNode task = rule.get("actions").get(0);
        assertThat(task.get("text").asString()).isEqualTo("Call");
        assertThat(task.get("amount").asInt()).isEqualTo(2);
        assertThat(List.of("userId", "template", "unit")).allMatch(f -> task.path(f).isMissingNode() || task.get(f)
                .isNull());
        tools.jackson.databind.JsonNode notice = rule.get("actions").get(1);
        assertThat(List.of("template", "priority", "amount")).allMatch(f -> notice.path(f).isMissingNode()
                || notice.get(f).isNull());
        tools.jackson.databind.JsonNode filled = rule.get("conditions").get("items").get(0);
        assertThat(filled.path("value").isMissingNode() || filled.get("value").isNull()).isTrue();
        tools.jackson.databind.JsonNode nested = rule.get("conditions").get("items").get(1).get("items").get(0);
        assertThat(nested.get("value").asString()).isEqualTo("1000");
        assertThat(nested.path("from").isMissingNode() || nested.get("from").isNull()).isTrue();
    }

    @Test
    void on_a_phone_no_legend_stands_under_a_hidden_column_and_no_rule_s_name_breaks_inside_a_word()
            throws java.io.IOException {
        apiAs(Role.ADMIN).postJson("/api/v1/automation/rules", rule("Szansa wygrana " + UUID.randomUUID(), ""));
        assertThat(administrator().get("/automation/rules").body())
                .containsPattern("<p class=\"muted small hide-narrow\">[^<]*skipped");
        String css = new String(getClass().getResourceAsStream("/static/css/klient.css").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(css.substring(css.lastIndexOf("/* autofix */"))).contains("table.rules td { overflow-wrap: break-word; }",
                "table.runs-log, table.run-steps { table-layout: fixed; width: 100%; }");
    }

    @Test
    void the_ready_made_rules_are_listed_switched_off_in_the_reader_s_language() {
        assertThat(signedIn(testUsers.create(Role.ADMIN, "pl")).get("/automation/rules").body())
                .contains("Wygrana szansa: zadanie wdrożenia", "Reklamacja produktu: powiadom produkcję",
                        "Umowa kończy się za 30 dni");
        long dealWon = jdbc.sql("select id from automation_rules where template_key = 'deal-won'").query(Long.class)
                .single();
        // it needs its team before it can be switched on: the refusal names the field
        Http.Response on = apiAs(Role.ADMIN).postJson("/api/v1/automation/rules/" + dealWon + "/switch",
                "{\"enabled\": true, \"version\": 0}");
        assertThat(on.status()).isEqualTo(400);
        assertThat(on.body()).contains("actions[1].teamId");
    }
}
