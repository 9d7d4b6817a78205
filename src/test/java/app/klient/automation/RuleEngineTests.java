package app.klient.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.klient.automation.Rule.Action;
import app.klient.automation.Rule.Condition;
import app.klient.automation.Rule.Conditions;
import app.klient.automation.Rule.Trigger;
import app.klient.automation.Rule.TriggerKind;
import app.klient.automation.internal.RuleEngine;
import app.klient.automation.internal.TimeTriggers;
import app.klient.identity.Role;
import app.klient.identity.TeamForm;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rules act on what happens: the trigger, the conditions, the actions, the log, retries and loop protection. */
class RuleEngineTests extends WebTest {

    @Autowired
    Rules rules;

    @Autowired
    RuleEngine engine;

    @Autowired
    TimeTriggers clock;

    @Autowired
    Users users;

    @Autowired
    Teams teams;

    @Autowired
    app.klient.mail.EmailTemplates emailTemplates;

    @Autowired
    app.klient.platform.web.Phrases phrases;

    @AfterEach
    void removeRules() {
        users.actingAs(adminId(), () -> {
            rules.list().forEach(r -> rules.delete(r.id()));
            return null;
        });
        drain();
        jdbc.sql("delete from automation_changes").update();
    }

    private long adminId() {
        return jdbc.sql("select id from users where email = 'admin@klient.test'").query(Long.class).single();
    }

    private Rule make(String type, Trigger trigger, Conditions conditions, Action... actions) {
        return users.actingAs(adminId(), () -> {
            Rule made = rules.create(new Rule(null, "Rule " + UUID.randomUUID(), null, type, trigger, conditions,
                    List.of(actions), false, null, null, null, null, null, null));
            return rules.setEnabled(made.id(), true, made.version());
        });
    }

    /** Lets the engine do everything queued, as the job would. */
    private void drain() {
        while (engine.dispatch(1000) + engine.runDue(250) > 0) {
            // again until nothing is left
        }
    }

    private static Action task(String title) {
        return new Action("CREATE_TASK", "OWNER", null, null, title, null, null, null, 2, null, null, null, null);
    }

    private static Action notifyTeam(long team, String text) {
        return new Action("NOTIFY", "TEAM", null, team, text, null, null, null, null, null, null, null, null);
    }

    private long deal(Http api, long owner, int amount) {
        return api.postJson("/api/v1/deals", "{\"name\": \"Deal " + UUID.randomUUID() + "\", \"amount\": " + amount
                + ", \"currency\": \"PLN\", \"ownerId\": " + owner + "}").json().get("id").asLong();
    }

    @Test
    void a_won_deal_over_the_amount_gets_a_task_for_its_owner_and_a_notice_to_another_team() {
        long warehouse = teams.create(new TeamForm("Warehouse " + UUID.randomUUID(), null)).id();
        UserSummary keeper = testUsers.create(Role.SUPPORT, "Keeper", Set.of(warehouse));
        UserSummary seller = testUsers.create(Role.SALES);
        Rule rule = make("deal", Trigger.of(TriggerKind.DEAL_WON),
                new Conditions("ALL", List.of(Condition.on("amount", "GE", "1000"))),
                task("Onboard {record}"), notifyTeam(warehouse, "Prepare the delivery"));
        Http api = api(seller);
        long big = deal(api, seller.id(), 5000);
        long small = deal(api, seller.id(), 500);
        assertThat(api.postJson("/api/v1/deals/" + big + "/won", "{\"version\": 0}").status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/deals/" + small + "/won", "{\"version\": 0}").status()).isEqualTo(200);

        // nothing happens inside the request: the rule runs after the change committed
        assertThat(jdbc.sql("select count(*) from tasks where deal_id = :d").param("d", big).query(Long.class)
                .single()).isZero();
        drain();

        String bigName = jdbc.sql("select name from deals where id = :id").param("id", big).query(String.class)
                .single();
        assertThat(jdbc.sql("select title from tasks where deal_id = :d and assignee_id = :u").param("d", big)
                .param("u", seller.id()).query(String.class).list()).containsExactly("Onboard " + bigName);
        assertThat(jdbc.sql("select count(*) from tasks where deal_id = :d").param("d", small).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u and kind = 'automation'")
                .param("u", keeper.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select state from automation_runs where rule_id = :r and record_id = :d")
                .param("r", rule.id()).param("d", big).query(String.class).single()).isEqualTo("DONE");
        assertThat(jdbc.sql("select state || ' ' || conditions::text from automation_runs where rule_id = :r"
                + " and record_id = :d").param("r", rule.id()).param("d", small).query(String.class).single())
                .isEqualTo("SKIPPED [false]");
        assertThat(jdbc.sql("""
                select string_agg(action || ':' || outcome, ',' order by position) from automation_run_steps s
                join automation_runs r on r.id = s.run_id where r.rule_id = :r and r.record_id = :d""")
                .param("r", rule.id()).param("d", big).query(String.class).single())
                .isEqualTo("CREATE_TASK:DONE,NOTIFY:DONE");

        // run again: each run has been done once, and is not done again
        drain();
        assertThat(jdbc.sql("select count(*) from tasks where deal_id = :d").param("d", big).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void a_deleted_rule_s_runs_stay_in_the_record_s_log_and_what_a_waiting_run_had_left_is_cancelled() {
        long warehouse = teams.create(new TeamForm("Warehouse " + UUID.randomUUID(), null)).id();
        UserSummary keeper = testUsers.create(Role.SUPPORT, "Keeper", Set.of(warehouse));
        UserSummary seller = testUsers.create(Role.SALES);
        Rule rule = make("deal", Trigger.of(TriggerKind.DEAL_WON), new Conditions("ALL", List.of()),
                task("Onboard {record}"), new Action("WAIT", null, null, null, null, null, null, null, 1, "HOURS",
                        null, null, null), notifyTeam(warehouse, "Prepare the delivery"));
        Http api = api(seller);
        long deal = deal(api, seller.id(), 5000);
        assertThat(api.postJson("/api/v1/deals/" + deal + "/won", "{\"version\": 0}").status()).isEqualTo(200);
        drain();
        Http admin = apiAs(Role.ADMIN);
        String log = "/api/v1/automation/runs?recordType=deal&recordId=" + deal;
        long run = admin.get(log).json().get("items").get(0).get("id").asLong();
        assertThat(admin.get("/api/v1/automation/runs/" + run).json().get("state").asString()).isEqualTo("WAITING");

        // the page says what deleting does to the runs
        assertThat(administrator().get("/automation/rules/" + rule.id()).body())
                .contains("Its run stays in the record’s log, marked “rule deleted”; what one queued or waiting run"
                        + " had still to do is cancelled.");
        assertThat(admin.delete("/api/v1/automation/rules/" + rule.id()).status()).isEqualTo(204);

        assertThat(admin.get("/api/v1/automation/rules/" + rule.id()).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/automation/rules").body()).doesNotContain(rule.name());
        tools.jackson.databind.JsonNode kept = admin.get(log).json().get("items");
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).get("ruleName").asString()).isEqualTo(rule.name());
        assertThat(kept.get(0).get("ruleDeleted").asBoolean()).isTrue();
        tools.jackson.databind.JsonNode stopped = admin.get("/api/v1/automation/runs/" + run).json();
        assertThat(stopped.get("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("error").asString()).isEqualTo("Stopped: the rule was deleted.");
        assertThat(stopped.get("steps")).extracting(s -> s.get("action").asString() + ":" + s.get("outcome").asString())
                .containsExactly("CREATE_TASK:DONE", "WAIT:CANCELLED", "NOTIFY:CANCELLED");
        assertThat(stopped.get("steps").get(2).get("detail").asString()).isEqualTo("Cancelled: the rule was deleted.");

        // the wait's end does nothing more, and the pages still show the run under the rule's name
        jdbc.sql("update automation_runs set due_at = now() - interval '1 minute' where id = :id").param("id", run)
                .update();
        drain();
        assertThat(jdbc.sql("select count(*) from notifications where user_id = :u").param("u", keeper.id())
                .query(Long.class).single()).isZero();
        assertThat(signedIn(testUsers.create(Role.ADMIN, "pl")).get("/automation/runs?type=deal&id=" + deal).body())
                .contains(rule.name(), "reguła usunięta");
        assertThat(administrator().get("/automation/runs/" + run).body()).contains(rule.name(), "rule deleted",
                "Cancelled: the rule was deleted.");
    }

    @Test
    void a_task_due_today_made_after_the_working_day_is_not_born_overdue() {
        UserSummary seller = testUsers.create(Role.SALES);
        // wherever the tests run, the seller lives where it is now 20:00-something, past the end of the working day
        int offset = Math.floorMod(20 - java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 12, 24) - 12;
        String zone = "Etc/GMT" + (offset > 0 ? "-" + offset : "+" + -offset);
        jdbc.sql("update users set time_zone = :zone where id = :id").param("zone", zone).param("id", seller.id())
                .update();
        make("deal", Trigger.of(TriggerKind.DEAL_WON), new Conditions("ALL", List.of()),
                new Action("CREATE_TASK", "OWNER", null, null, "Call today", null, null, null, 0, null, null, null,
                        null));
        Http api = api(seller);
        long deal = deal(api, seller.id(), 100);
        assertThat(api.postJson("/api/v1/deals/" + deal + "/won", "{\"version\": 0}").status()).isEqualTo(200);
        drain();

        long task = jdbc.sql("select id from tasks where deal_id = :d").param("d", deal).query(Long.class).single();
        tools.jackson.databind.JsonNode made = api.get("/api/v1/tasks/" + task).json();
        assertThat(made.get("overdue").asBoolean()).isFalse();
        assertThat(Instant.parse(made.get("dueAt").asString())).isAfter(Instant.now())
                .isBeforeOrEqualTo(Instant.now().plus(java.time.Duration.ofHours(1)));
    }

    @Test
    void an_import_that_sets_a_rule_off_on_every_row_rings_each_person_s_bell_once_with_the_count() {
        long sales = teams.create(new TeamForm("Sales Praha " + UUID.randomUUID(), null)).id();
        UserSummary filiberto = testUsers.create(Role.SALES, "Filiberto", Set.of(sales));
        UserSummary tad = testUsers.create(Role.SALES, "Tad", Set.of(sales));
        String marker = "Importowany" + UUID.randomUUID().toString().substring(0, 6);
        make("contact", Trigger.of(TriggerKind.CREATED),
                new Conditions("ALL", List.of(Condition.on("name", "CONTAINS", marker))),
                notifyTeam(sales, "New contact {record}"));
        StringBuilder csv = new StringBuilder("First name;Last name;E-mail\n");
        for (int i = 0; i < 200; i++) {
            csv.append("Tester;").append(i < 150 ? marker : "Other").append(String.format("%03d", i)).append(';')
                    .append(marker.toLowerCase()).append(i).append("@example.com\n");
        }
        Http.Response imported = apiAs(Role.ADMIN).postRaw("/api/v1/contacts/import", "text/csv; charset=utf-8",
                csv.toString());
        assertThat(imported.json().get("imported").asLong()).as(imported.body()).isEqualTo(200);
        drain();

        for (UserSummary person : List.of(filiberto, tad)) {
            List<String> bell = api(person).get("/api/v1/notifications").json().findValuesAsString("title");
            assertThat(bell).hasSizeBetween(1, 3);
            assertThat(bell.get(bell.size() - 1)).contains("Contacts (", "Tester " + marker + "0", ", …");
            assertThat(bell.stream().mapToInt(title -> title.contains("Contacts (") ? Integer.parseInt(title
                    .replaceAll(".*Contacts \\((\\d+)\\).*", "$1")) : 1).sum()).isEqualTo(150);
        }
    }

    @Test
    void a_run_s_page_names_what_changed_and_each_condition_and_a_finished_wait_no_longer_says_waiting() {
        UserSummary seller = testUsers.create(Role.SALES);
        Rule rule = make("deal", Trigger.of(TriggerKind.DEAL_WON),
                new Conditions("ALL", List.of(Condition.on("amount", "GE", "1000"), Condition.on("owner", "NOT_EMPTY",
                        null))), new Action("WAIT", null, null, null, null, null, null, null, 1, "HOURS", null, null,
                        null), task("Onboard {record}"));
        Http api = api(seller);
        long deal = deal(api, seller.id(), 5000);
        assertThat(api.postJson("/api/v1/deals/" + deal + "/won", "{\"version\": 0}").status()).isEqualTo(200);
        drain();
        long run = jdbc.sql("select id from automation_runs where rule_id = :r").param("r", rule.id())
                .query(Long.class).single();
        jdbc.sql("update automation_runs set due_at = now() - interval '1 minute' where id = :id").param("id", run)
                .update();
        drain();

        tools.jackson.databind.JsonNode done = apiAs(Role.ADMIN).get("/api/v1/automation/runs/" + run).json();
        assertThat(done.get("state").asString()).isEqualTo("DONE");
        assertThat(done.get("changed")).extracting(tools.jackson.databind.JsonNode::asString).contains("status")
                .noneMatch(f -> f.startsWith("search"));
        assertThat(done.get("steps")).extracting(st -> st.get("action").asString() + ":" + st.get("outcome")
                .asString()).containsExactly("WAIT:DONE", "CREATE_TASK:DONE");
        assertThat(done.get("steps").get(0).get("detail").asString()).startsWith("Waited until");

        String page = administrator().get("/automation/runs/" + run).body();
        assertThat(page).contains("Amount is at least 1000 — ", "Owner is filled in — ", "class=\"run-detail\"")
                .doesNotContain("Waiting until", "closedAt");
        assertThat(page).containsPattern("<dd>[^<]*Status[^<]*</dd>");
        String log = administrator().get("/automation/runs?type=deal&id=" + deal).body();
        assertThat(log).contains("class=\"runs-log\"").doesNotContain("hide-narrow\">Outcome");
    }

    @Test
    void a_condition_on_the_owner_s_team_and_a_change_from_to_pick_the_records_a_rule_acts_on() {
        long krakow = teams.create(new TeamForm("Kraków " + UUID.randomUUID(), null)).id();
        UserSummary inTeam = testUsers.create(Role.SALES, "In Team", Set.of(krakow));
        UserSummary outside = testUsers.create(Role.SALES);
        Rule rule = make("deal", Trigger.of(TriggerKind.CHANGED), new Conditions("ALL", List.of(
                Condition.on("ownerTeam", "EQ", String.valueOf(krakow)),
                new Condition("status", "CHANGED", null, "OPEN", "LOST", null, null))), task("Why lost: {record}"));
        long mine = deal(api(inTeam), inTeam.id(), 100);
        long theirs = deal(api(outside), outside.id(), 100);
        long won = deal(api(inTeam), inTeam.id(), 100);
        api(inTeam).postJson("/api/v1/deals/" + mine + "/lost", "{\"lostReason\": \"price\", \"version\": 0}");
        api(outside).postJson("/api/v1/deals/" + theirs + "/lost", "{\"lostReason\": \"price\", \"version\": 0}");
        api(inTeam).postJson("/api/v1/deals/" + won + "/won", "{\"version\": 0}");
        drain();

        assertThat(jdbc.sql("select deal_id from tasks where title like 'Why lost:%' and deal_id in (:a, :b, :c)")
                .param("a", mine).param("b", theirs).param("c", won).query(Long.class).list()).containsExactly(mine);
        assertThat(jdbc.sql("select conditions::text from automation_runs where rule_id = :r and record_id = :d")
                .param("r", rule.id()).param("d", won).query(String.class).list()).contains("[true, false]")
                .doesNotContain("[true, true]");
    }

    @Test
    void runs_made_before_a_rule_changed_its_kind_of_record_are_stopped_not_run_on_the_wrong_table() {
        UserSummary seller = testUsers.create(Role.SALES);
        Rule rule = make("deal", Trigger.of(TriggerKind.CREATED), Conditions.NONE, task("Call about {record}"));
        long deal = deal(api(seller), seller.id(), 100);
        engine.dispatch(1000);
        users.actingAs(adminId(), () -> rules.update(rule.id(), new Rule(rule.id(), rule.name(), null, "company",
                Trigger.of(TriggerKind.CREATED), Conditions.NONE, List.of(task("Call about {record}")), null, null,
                null, null, null, null, rule.version())));
        drain();

        assertThat(jdbc.sql("select state || ' ' || error from automation_runs where rule_id = :r and record_id = :d")
                .param("r", rule.id()).param("d", deal).query(String.class).single())
                .startsWith("STOPPED").contains("automation.run.ruleChanged");
        assertThat(jdbc.sql("select count(*) from tasks where title like 'Call about%' and (deal_id = :d"
                + " or company_id = :d)").param("d", deal).query(Long.class).single()).isZero();
    }

    @Test
    void an_action_refused_inside_another_module_fails_its_own_run_and_the_other_rules_still_act() {
        UserSummary seller = testUsers.create(Role.SALES);
        UserSummary leaver = testUsers.create(Role.SALES);
        Rule broken = make("deal", Trigger.of(TriggerKind.CREATED), Conditions.NONE, task("For the owner"));
        Rule working = make("deal", Trigger.of(TriggerKind.CREATED), Conditions.NONE, new Action("CREATE_TASK",
                "USER", seller.id(), null, "Welcome {record}", null, null, null, 1, null, null, null, null));
        long deal = deal(api(seller), leaver.id(), 100);
        // the owner leaves before the rule runs: the task service refuses them, inside its own transaction
        users.deactivate(leaver.id(), adminId());
        drain();

        assertThat(jdbc.sql("select title from tasks where deal_id = :d").param("d", deal).query(String.class)
                .list()).singleElement().asString().startsWith("Welcome");
        assertThat(jdbc.sql("select state || ' ' || attempts from automation_runs where rule_id = :r")
                .param("r", broken.id()).query(String.class).single()).isEqualTo("PENDING 1");
        assertThat(jdbc.sql("select state from automation_runs where rule_id = :r").param("r", working.id())
                .query(String.class).single()).isEqualTo("DONE");
    }

    @Test
    void after_an_assignment_in_turn_the_task_for_the_owner_goes_to_the_new_owner_and_lists_take_the_customer() {
        long team = teams.create(new TeamForm("Turn " + UUID.randomUUID(), null)).id();
        UserSummary first = testUsers.create(Role.SALES, "First", Set.of(team));
        UserSummary seller = testUsers.create(Role.SALES);
        long list = jdbc.sql("insert into segments (name, kind) values (:n, 'STATIC') returning id")
                .param("n", "Rule list " + UUID.randomUUID()).query(Long.class).single();
        make("contact", Trigger.of(TriggerKind.CREATED), Conditions.NONE,
                new Action("ASSIGN", "TEAM", null, team, null, null, null, null, null, null, null, null, null),
                task("Call {record}"),
                new Action("ADD_TO_LIST", null, null, null, null, null, null, null, null, null, list, null, null));
        long contact = api(seller).postJson("/api/v1/contacts", "{\"lastName\": \"Turn " + UUID.randomUUID()
                + "\", \"ownerId\": " + seller.id() + "}").json().get("id").asLong();
        drain();

        assertThat(jdbc.sql("select owner_id from contacts where id = :c").param("c", contact).query(Long.class)
                .single()).isEqualTo(first.id());
        assertThat(jdbc.sql("select assignee_id from tasks where contact_id = :c").param("c", contact)
                .query(Long.class).single()).isEqualTo(first.id());
        assertThat(jdbc.sql("select added_by from segment_members where segment_id = :s and contact_id = :c")
                .param("s", list).param("c", contact).query(String.class).single()).isEqualTo("RULE");
    }

    @Test
    void two_rules_that_undo_each_other_stop_at_the_depth_limit_and_the_log_says_so() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Loop " + UUID.randomUUID() + "\"}").json()
                .get("id").asLong();
        drain();
        Rule add = make("company", Trigger.of(TriggerKind.CHANGED), Conditions.NONE,
                new Action("ADD_TAG", null, null, null, null, null, null, "ping", null, null, null, null, null));
        Rule remove = make("company", Trigger.of(TriggerKind.CHANGED), Conditions.NONE,
                new Action("REMOVE_TAG", null, null, null, null, null, null, "ping", null, null, null, null,
                        null));
        api.patchJson("/api/v1/companies/" + company, "{\"industry\": \"Loops\", \"version\": 0}");
        drain();

        List<String> stopped = jdbc.sql("""
                select error from automation_runs where record_id = :c and rule_id in (:a, :b) and state = 'STOPPED'""")
                .param("c", company).param("a", add.id()).param("b", remove.id()).query(String.class).list();
        assertThat(stopped).isNotEmpty().allMatch(e -> e.contains("automation.run.loop"));
        assertThat(jdbc.sql("select max(depth) from automation_runs where record_id = :c and rule_id in (:a, :b)")
                .param("c", company).param("a", add.id()).param("b", remove.id()).query(Integer.class).single())
                .isEqualTo(5);
        // each rule runs once a level, not once for each change the level made: no doubling
        assertThat(jdbc.sql("select count(*) from automation_runs where record_id = :c and rule_id in (:a, :b)")
                .param("c", company).param("a", add.id()).param("b", remove.id()).query(Long.class).single())
                .isLessThanOrEqualTo(12);
    }

    @Test
    void an_action_that_fails_is_rolled_back_and_tried_again_later_then_marked_failed() {
        UserSummary seller = testUsers.create(Role.SALES);
        UserSummary author = testUsers.create(Role.ADMIN);
        long list = jdbc.sql("insert into segments (name, kind) values (:n, 'STATIC') returning id")
                .param("n", "List " + UUID.randomUUID()).query(Long.class).single();
        Rule rule = users.actingAs(author.id(), () -> {
            Rule made = rules.create(new Rule(null, "Listed " + UUID.randomUUID(), null, "contact",
                    Trigger.of(TriggerKind.CREATED), Conditions.NONE, List.of(task("First call"), new Action(
                            "ADD_TO_LIST", null, null, null, null, null, null, null, null, null, list, null, null)),
                    false, null, null, null, null, null, null));
            return rules.setEnabled(made.id(), true, made.version());
        });
        // the list is added to with its author's rights: an author who has left cannot
        users.deactivate(author.id(), adminId());
        long contact = api(seller).postJson("/api/v1/contacts", "{\"lastName\": \"Fails " + UUID.randomUUID()
                + "\", \"ownerId\": " + seller.id() + "}").json().get("id").asLong();
        drain();

        // the task of the first action was rolled back with the failing e-mail: nothing half-done
        assertThat(jdbc.sql("select count(*) from tasks where contact_id = :c").param("c", contact)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select state || ' ' || attempts from automation_runs where rule_id = :r")
                .param("r", rule.id()).query(String.class).single()).isEqualTo("PENDING 1");
        for (int i = 0; i < 4; i++) {
            jdbc.sql("update automation_runs set due_at = now() where rule_id = :r").param("r", rule.id()).update();
            drain();
        }
        assertThat(jdbc.sql("select state from automation_runs where rule_id = :r").param("r", rule.id())
                .query(String.class).single()).isEqualTo("FAILED");
        assertThat(jdbc.sql("""
                select count(*) from automation_run_steps s join automation_runs r on r.id = s.run_id
                where r.rule_id = :r and s.outcome = 'FAILED' and s.detail::text like '%noAuthor%'""")
                .param("r", rule.id()).query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void a_contract_end_reminder_fires_once_thirty_days_before_and_a_removed_field_switches_the_rule_off() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        LocalDate end = LocalDate.now(java.time.ZoneId.of("Europe/Warsaw")).plusDays(30);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Contract " + UUID.randomUUID()
                + "\", \"customFields\": {\"contractEnd\": \"" + end + "\"}}").json().get("id").asLong();
        Rule rule = make("company", new Trigger(TriggerKind.DATE_REACHED, "custom.contractEnd", null, null, -30,
                null, null, null, null, null, null, null), Conditions.NONE, task("Renew the contract of {record}"));
        assertThat(clock.scan(Instant.now())).isGreaterThanOrEqualTo(1);
        assertThat(clock.scan(Instant.now())).isZero();
        drain();
        assertThat(jdbc.sql("select title from tasks where company_id = :c").param("c", company)
                .query(String.class).list()).singleElement().asString().startsWith("Renew the contract of Contract");

        jdbc.sql("update custom_field_definitions set active = false where entity = 'COMPANY' and key = 'contractEnd'")
                .update();
        try {
            clock.scan(Instant.now());
            Rule off = users.actingAs(adminId(), () -> rules.get(rule.id()));
            assertThat(off.enabled()).isFalse();
            assertThat(off.offReason()).isEqualTo("automation.off.fieldGone");
            assertThat(off.offArgument()).isEqualTo("custom.contractEnd");
            assertThat(jdbc.sql("select count(*) from notifications where kind = 'automation-off' and source_id = :r")
                    .param("r", rule.id()).query(Long.class).single()).isEqualTo(1);
            // the bell names the field by its label in the reader's language, not by its key
            String notice = jdbc.sql("select title_code::text from notifications where kind = 'automation-off'"
                    + " and source_id = :r").param("r", rule.id()).query(String.class).single();
            String labelPl = jdbc.sql("select label_pl from custom_field_definitions where entity = 'COMPANY'"
                    + " and key = 'contractEnd'").query(String.class).single();
            org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("pl"));
            try {
                assertThat(phrases.render(phrases.parse(notice))).contains(labelPl).doesNotContain("custom.");
            }
            finally {
                org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
            }
        }
        finally {
            jdbc.sql("update custom_field_definitions set active = true where entity = 'COMPANY'"
                    + " and key = 'contractEnd'").update();
        }
    }

    @Test
    void a_rule_with_a_wrong_condition_is_refused_with_the_field_named() {
        assertThatThrownBy(() -> make("deal", Trigger.of(TriggerKind.DEAL_WON),
                new Conditions("ALL", List.of(Condition.on("amount", "GE", "lots"), Condition.on("colour", "EQ",
                        "red"))), task("x")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(InvalidFields.FieldError::field)
                        .containsExactly("conditions.items[0].value", "conditions.items[1].field"));
    }

    @Test
    void a_welcome_e_mail_goes_to_a_new_customer_in_their_language_and_stays_on_their_timeline() {
        String name = "Welcome " + UUID.randomUUID().toString().substring(0, 8);
        users.actingAs(adminId(), () -> {
            emailTemplates.save(new app.klient.mail.EmailTemplates.Template(null, name, "en", "Welcome, {{contact.firstName}}",
                    "Hello {{contact.firstName}}", null));
            return emailTemplates.save(new app.klient.mail.EmailTemplates.Template(null, name, "pl",
                    "Witamy, {{contact.firstName}}", "Dzień dobry, {{contact.firstName}}", null));
        });
        make("contact", Trigger.of(TriggerKind.CREATED), Conditions.NONE, new Action("SEND_EMAIL", "CUSTOMER", null,
                null, null, name, null, null, null, null, null, null, null));
        String address = "ola." + UUID.randomUUID().toString().substring(0, 6) + "@welcome.test";
        long contact = apiAs(Role.SALES).postJson("/api/v1/contacts", """
                {"firstName": "Ola", "lastName": "Nowak", "emails": ["%s"], "preferredLanguage": "pl"}"""
                .formatted(address)).json().get("id").asLong();
        drain();

        assertThat(jdbc.sql("select subject from outgoing_mail where :a = any(to_addresses)").param("a", address)
                .query(String.class).list()).singleElement().asString().startsWith("Witamy");
        assertThat(jdbc.sql("""
                select e.subject from emails e join activities a on a.id = e.activity_id
                where e.contact_id = :c and e.direction = 'OUTBOUND' and a.contact_id = :c and a.type = 'EMAIL'""")
                .param("c", contact).query(String.class).list()).singleElement().asString().startsWith("Witamy");
    }

    @Test
    void a_web_form_lead_gets_the_auto_reply_and_a_received_e_mail_tells_its_customer_s_owner_with_the_subject() {
        String name = "Auto-reply " + UUID.randomUUID().toString().substring(0, 8);
        users.actingAs(adminId(), () -> emailTemplates.save(new app.klient.mail.EmailTemplates.Template(null, name,
                "en", "We have your message", "We will call you back.", null)));
        make("lead", Trigger.of(TriggerKind.CREATED), Conditions.NONE, new Action("SEND_EMAIL", "CUSTOMER", null,
                null, null, name, null, null, null, null, null, null, null));
        make("email", Trigger.of(TriggerKind.CREATED), Conditions.NONE, new Action("NOTIFY", "OWNER", null, null,
                "Answer {record}", null, null, null, null, null, null, null, null));
        String address = "form." + UUID.randomUUID().toString().substring(0, 6) + "@lead.test";
        assertThat(apiAs(Role.SALES).postJson("/api/v1/leads", "{\"lastName\": \"Form\", \"email\": \""
                + address + "\"}").status()).isEqualTo(201);
        UserSummary seller = testUsers.create(Role.SALES);
        long contact = api(seller).postJson("/api/v1/contacts", "{\"lastName\": \"Writer\", \"ownerId\": "
                + seller.id() + "}").json().get("id").asLong();
        String subject = "Broken kettle " + UUID.randomUUID().toString().substring(0, 6);
        jdbc.sql("""
                insert into emails (direction, message_id, from_address, to_addresses, subject, body, contact_id,
                    status)
                values ('INBOUND', :id, 'writer@mail.test', 'desk@klient.test', :subject, 'It leaks', :contact,
                    'RECEIVED')""").param("id", "<" + UUID.randomUUID() + "@mail.test>").param("subject", subject)
                .param("contact", contact).update();
        drain();

        assertThat(jdbc.sql("select subject from outgoing_mail where :a = any(to_addresses)").param("a", address)
                .query(String.class).list()).containsExactly("We have your message");
        assertThat(jdbc.sql("select title_code::text from notifications where user_id = :u and kind = 'automation'")
                .param("u", seller.id()).query(String.class).list()).singleElement().asString()
                .contains("Answer " + subject).doesNotContain("{record}");
    }

    @Test
    void a_shipped_template_chosen_by_its_english_name_reaches_a_czech_customer_in_czech() {
        make("contact", Trigger.of(TriggerKind.CREATED), Conditions.NONE, new Action("SEND_EMAIL", "CUSTOMER", null,
                null, null, "Follow-up after a meeting", null, null, null, null, null, null, null));
        String address = "tess." + UUID.randomUUID().toString().substring(0, 6) + "@family.test";
        apiAs(Role.SALES).postJson("/api/v1/contacts", """
                {"firstName": "Tess", "lastName": "Carter", "emails": ["%s"], "preferredLanguage": "cs"}"""
                .formatted(address));
        drain();

        assertThat(jdbc.sql("select subject from outgoing_mail where :a = any(to_addresses)").param("a", address)
                .query(String.class).list()).containsExactly("Děkuji za schůzku, Tess");
    }
}
