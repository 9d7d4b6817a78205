package app.klient.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Projects over the API as a manager, a team member, a colleague outside the team and a reader meet them. */
class ProjectTests extends WebTest {

    long company(Http api, String name) {
        Http.Response made = api.postJson("/api/v1/companies", "{\"name\": \"" + name + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    JsonNode project(Http api, String body) {
        Http.Response made = api.postJson("/api/v1/projects", body);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json();
    }

    @Test
    void a_project_is_planned_run_and_closed_by_its_transitions_and_told_on_the_customers_timeline() {
        UserSummary manager = testUsers.create(Role.SALES);
        UserSummary member = testUsers.create(Role.SUPPORT);
        Http api = api(manager);
        long company = company(api, "Wdrożenie Sp. z o.o.");
        JsonNode made = project(api, """
                {"name": "Wdrożenie CRM", "companyId": %d, "startsOn": "2026-12-01", "dueOn": "2027-02-26",
                 "budgetHours": 120, "budgetAmount": 48000, "currency": "pln", "memberIds": [%d]}"""
                .formatted(company, member.id()));
        long id = made.get("id").asLong();
        assertThat(made.get("status").asString()).isEqualTo("PLANNED");
        assertThat(made.get("managerId").asLong()).as("whoever starts it manages it").isEqualTo(manager.id());
        assertThat(made.get("currency").asString()).isEqualTo("PLN");
        assertThat(made.get("members").findValuesAsString("name")).containsExactly(member.name());
        assertThat(made.get("next").toString()).contains("ACTIVE", "ON_HOLD", "CANCELLED").doesNotContain("DONE");

        // Planned → Done is not a transition; Planned → Active → Done is
        Http.Response skipped = api.postJson("/api/v1/projects/" + id + "/status",
                "{\"status\": \"DONE\", \"version\": 0}");
        assertThat(skipped.status()).isEqualTo(409);
        JsonNode active = api.postJson("/api/v1/projects/" + id + "/status", "{\"status\": \"ACTIVE\", \"version\": 0}")
                .json();
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        // a second person with the version read before: their change is refused, not lost
        assertThat(api(member).postJson("/api/v1/projects/" + id + "/status",
                "{\"status\": \"ON_HOLD\", \"version\": 0}").status()).isEqualTo(409);

        // the health flag needs a reason unless all is well, and says who set it
        assertThat(api(member).postJson("/api/v1/projects/" + id + "/health",
                "{\"health\": \"RED\", \"version\": 1}").status()).isEqualTo(400);
        JsonNode red = api(member).postJson("/api/v1/projects/" + id + "/health",
                "{\"health\": \"RED\", \"comment\": \"Klient nie dostarczył danych\", \"version\": 1}").json();
        assertThat(red.get("health").asString()).isEqualTo("RED");
        assertThat(red.get("healthByName").asString()).isEqualTo(member.name());

        JsonNode done = api.postJson("/api/v1/projects/" + id + "/status", "{\"status\": \"DONE\", \"version\": 2}")
                .json();
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("closedAt").isNull()).isFalse();

        String timeline = api.get("/api/v1/companies/" + company + "/timeline").body();
        assertThat(timeline).contains("PROJECT_CREATED", "PROJECT_STATUS", "PROJECT_HEALTH",
                "Klient nie dostarczył danych");
        assertThat(api.get("/api/v1/projects?companyId=" + company).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void tasks_start_after_each_other_across_a_weekend_and_time_adds_up_against_the_budget() {
        UserSummary manager = testUsers.create(Role.SALES);
        Http api = api(manager);
        long company = company(api, "Montáž s.r.o.");
        LocalDate friday = LocalDate.now().minusDays(14).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        long id = project(api, """
                {"name": "Instalace", "companyId": %d, "startsOn": "%s", "dueOn": "%s", "budgetHours": 2}"""
                .formatted(company, friday.minusDays(4), friday.plusDays(30))).get("id").asLong();
        JsonNode milestone = api.postJson("/api/v1/projects/" + id + "/milestones",
                "{\"name\": \"Předání\", \"dueOn\": \"" + friday.plusDays(10) + "\"}").json();
        long survey = api.postJson("/api/v1/projects/" + id + "/tasks", "{\"title\": \"Zaměření\", \"dueOn\": \""
                + friday + "\", \"milestoneId\": " + milestone.get("id").asLong() + "}").json().get("task").get("id")
                .asLong();
        Http.Response after = api.postJson("/api/v1/projects/" + id + "/tasks", "{\"title\": \"Montáž\", \"dueOn\": \""
                + friday.plusDays(5) + "\", \"startsAfterTaskId\": " + survey + ", \"estimateHours\": 1.5}");
        assertThat(after.status()).as(after.body()).isEqualTo(201);
        assertThat(after.json().get("startsOn").asString()).as("the Monday after the Friday it waits for")
                .isEqualTo(friday.plusDays(3).toString());
        assertThat(after.json().get("blocked").asBoolean()).isTrue();
        assertThat(after.json().get("estimateMinutes").asInt()).isEqualTo(90);
        assertThat(after.json().get("task").get("companyId").asLong()).as("an ordinary task on the customer")
                .isEqualTo(company);
        // a task that waits for another does not start before that one is due (it was saved so before)
        Http.Response early = api.postJson("/api/v1/projects/" + id + "/tasks", "{\"title\": \"Revize\", \"startsOn\": \""
                + friday.minusDays(1) + "\", \"dueOn\": \"" + friday.plusDays(5) + "\", \"startsAfterTaskId\": " + survey + "}");
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().get("errors").get(0).get("field").asString()).isEqualTo("startsOn");
        // a task of another project is not one to wait for
        long other = project(api, "{\"name\": \"Jiný\", \"companyId\": " + company + ", \"startsOn\": \"" + friday
                + "\"}").get("id").asLong();
        assertThat(api.postJson("/api/v1/projects/" + other + "/tasks", "{\"title\": \"x\", \"dueOn\": \"" + friday
                + "\", \"startsAfterTaskId\": " + survey + "}").status()).isEqualTo(400);

        // time: 90 + 45 billable + 15 not billable = 2.5 h of a 2 h budget
        assertThat(api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"" + friday
                + "\", \"minutes\": 90, \"taskId\": " + survey + ", \"note\": \"měření\"}").status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"" + friday.plusDays(3)
                + "\", \"minutes\": 45}").status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"" + friday.plusDays(3)
                + "\", \"minutes\": 15, \"billable\": false}").status()).isEqualTo(201);
        JsonNode read = api.get("/api/v1/projects/" + id).json();
        assertThat(read.get("loggedMinutes").asLong()).isEqualTo(150);
        assertThat(read.get("billableMinutes").asLong()).isEqualTo(135);
        assertThat(read.get("unbilledMinutes").asLong()).isEqualTo(135);
        assertThat(read.get("overBudget").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/projects?overBudget=true&companyId=" + company).json().get("items")
                .findValuesAsString("name")).containsExactly("Instalace");

        // ticking off the first task unblocks the second; the milestone counts its tasks
        JsonNode task = api.get("/api/v1/tasks/" + survey).json();
        assertThat(api.postJson("/api/v1/tasks/" + survey + "/done", "{\"done\": true, \"version\": "
                + task.get("version").asInt() + "}").status()).isLessThan(300);
        JsonNode tasks = api.get("/api/v1/projects/" + id + "/tasks").json();
        assertThat(tasks.get(0).get("task").get("title").asString()).isEqualTo("Zaměření");
        assertThat(tasks.get(1).get("blocked").asBoolean()).isFalse();
        JsonNode milestones = api.get("/api/v1/projects/" + id + "/milestones").json();
        assertThat(milestones.get(0).get("tasks").asLong()).isEqualTo(1);
        assertThat(milestones.get(0).get("tasksDone").asLong()).isEqualTo(1);

        // bad input: a clear 400 and nothing written
        long before = count("time_entries");
        for (String bad : new String[] { "{\"workedOn\": \"" + friday + "\", \"minutes\": 0}",
            "{\"workedOn\": \"" + friday + "\", \"minutes\": 1441}", "{\"minutes\": 30}",
            "{\"workedOn\": \"" + LocalDate.now().plusDays(5) + "\", \"minutes\": 30}",
            "{\"workedOn\": \"" + friday + "\", \"minutes\": 30, \"taskId\": 987654321}",
            "{\"workedOn\": \"" + friday + "\", \"minutes\": 30, \"note\": \"" + "x".repeat(1001) + "\"}" }) {
            Http.Response refused = api.postJson("/api/v1/projects/" + id + "/time", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(count("time_entries")).isEqualTo(before);
    }

    @Test
    void the_team_and_managers_change_a_project_others_read_it_and_a_hidden_customers_project_is_not_there() {
        UserSummary manager = testUsers.create(Role.SALES);
        UserSummary member = testUsers.create(Role.MARKETING);
        UserSummary colleague = testUsers.create(Role.SALES);
        Http api = api(manager);
        long company = company(api, "Přístup a.s.");
        JsonNode made = project(api, "{\"name\": \"Kampaň\", \"companyId\": " + company
                + ", \"startsOn\": \"2026-11-02\", \"memberIds\": [" + member.id() + "]}");
        long id = made.get("id").asLong();
        String rename = "{\"name\": \"Přejmenováno\", \"companyId\": " + company
                + ", \"startsOn\": \"2026-11-02\", \"memberIds\": [" + member.id() + "], \"version\": 0}";

        // a colleague outside the team reads it and may change nothing
        Http colleagues = api(colleague);
        assertThat(colleagues.get("/api/v1/projects/" + id).json().get("canChange").asBoolean()).isFalse();
        for (Http.Response refused : new Http.Response[] { colleagues.putJson("/api/v1/projects/" + id, rename),
            colleagues.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-03\", \"minutes\": 5}"),
            colleagues.postJson("/api/v1/projects/" + id + "/milestones", "{\"name\": \"x\", \"dueOn\": \"2026-12-01\"}"),
            colleagues.postJson("/api/v1/projects/" + id + "/status", "{\"status\": \"ACTIVE\", \"version\": 0}"),
            // without a version it is still "not yours", not "send the version" (a 400 came first before)
            colleagues.postJson("/api/v1/projects/" + id + "/health", "{\"health\": \"RED\", \"comment\": \"x\"}"),
            colleagues.postJson("/api/v1/projects/" + id + "/status", "{\"status\": \"ACTIVE\"}") }) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("Kampaň");
        }
        assertThat(apiAs(Role.READ_ONLY).get("/api/v1/projects/" + id).status()).isEqualTo(200);
        assertThat(apiAs(Role.READ_ONLY).putJson("/api/v1/projects/" + id, rename).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/projects/" + id).json().get("version").asInt()).as("nothing changed").isZero();

        // a member changes it; a manager changes any
        assertThat(api(member).putJson("/api/v1/projects/" + id, rename).status()).isEqualTo(200);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/projects/" + id + "/status",
                "{\"status\": \"ACTIVE\", \"version\": 1}").status()).isEqualTo(200);
        // a member logs time; another member's entry is not theirs to change
        long entry = api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-03\", \"minutes\": 60}")
                .json().get("id").asLong();
        assertThat(api(member).putJson("/api/v1/projects/" + id + "/time/" + entry,
                "{\"workedOn\": \"2026-11-03\", \"minutes\": 5, \"version\": 0}").status()).isEqualTo(403);

        // where the salespeople read only their own companies, the project of another's company is not found
        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "company", "OWN", "OWN");
        try {
            assertThat(colleagues.get("/api/v1/projects/" + id).status()).isEqualTo(404);
            assertThat(colleagues.get("/api/v1/projects?companyId=" + company).json().get("total").asLong()).isZero();
            assertThat(api.get("/api/v1/projects/" + id).status()).isEqualTo(200);
        }
        finally {
            AccessRules.set(admin, Role.SALES, "company", "ALL", "OWN");
        }
        // unknown and foreign ids
        assertThat(api.get("/api/v1/projects/987654321").status()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/projects", "{\"name\": \"x\", \"companyId\": 987654321, "
                + "\"startsOn\": \"2026-11-02\"}").status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/projects", "{\"name\": \"x\", \"startsOn\": \"2026-11-02\"}").status())
                .as("no customer").isEqualTo(400);
    }

    @Test
    void billable_time_becomes_an_order_at_the_customers_price_list_rate_and_is_then_fixed() {
        Http admin = apiAs(Role.ADMIN);
        String group = "projects-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        long service = admin.postJson("/api/v1/products", """
                {"sku": "H-%s", "name": "Consulting hour", "kind": "SERVICE", "unit": "h", "unitPrice": 200,
                 "currency": "PLN", "taxRate": 23}""".formatted(group)).json().get("id").asLong();
        long list = admin.postJson("/api/v1/price-lists", "{\"name\": \"" + group + "\", \"currency\": \"PLN\", "
                + "\"customerGroup\": \"" + group + "\"}").json().get("id").asLong();
        admin.putJson("/api/v1/price-lists/" + list + "/items/" + service, "{\"unitPrice\": 180}");
        UserSummary manager = testUsers.create(Role.SALES);
        Http api = api(manager);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Billed Sp. z o.o.\", \"tags\": [\"" + group
                + "\"]}").json().get("id").asLong();
        long id = project(api, "{\"name\": \"Audyt\", \"companyId\": " + company
                + ", \"startsOn\": \"2026-11-02\"}").get("id").asLong();
        long task = api.postJson("/api/v1/projects/" + id + "/tasks", "{\"title\": \"Wywiady\", \"dueOn\": "
                + "\"2026-11-20\"}").json().get("task").get("id").asLong();
        long entry = api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-03\", \"minutes\": 90, "
                + "\"taskId\": " + task + "}").json().get("id").asLong();
        api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-04\", \"minutes\": 45}");
        api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-04\", \"minutes\": 30, "
                + "\"billable\": false}");

        Http.Response billed = api.postJson("/api/v1/projects/" + id + "/time/bill", "{\"productId\": " + service + "}");
        assertThat(billed.status()).as(billed.body()).isEqualTo(201);
        JsonNode lines = billed.json().get("lines");
        assertThat(lines.size()).isEqualTo(2);
        assertThat(lines.get(0).get("description").asString()).isEqualTo("Audyt — Wywiady");
        assertThat(lines.get(0).get("quantity").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(lines.get(0).get("unitPrice").decimalValue()).as("the customer's price list").isEqualByComparingTo("180");
        assertThat(lines.get(1).get("quantity").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(billed.json().get("companyId").asLong()).isEqualTo(company);
        assertThat(api.get("/api/v1/projects/" + id).json().get("unbilledMinutes").asLong()).isZero();

        // billed time is fixed, and billed once
        assertThat(api.putJson("/api/v1/projects/" + id + "/time/" + entry, "{\"workedOn\": \"2026-11-03\", "
                + "\"minutes\": 10, \"version\": 1}").status()).isEqualTo(409);
        assertThat(api.postJson("/api/v1/projects/" + id + "/time/bill", "{\"productId\": " + service + "}").status())
                .isEqualTo(409);
        assertThat(api.postJson("/api/v1/projects/" + id + "/time/bill", "{}").status()).isEqualTo(400);

        // the order cancelled, its time is billable again (it stayed fixed for ever before), and bills anew
        long order = billed.json().get("id").asLong();
        Http.Response cancelled = api.postJson("/api/v1/orders/" + order + "/status", "{\"status\": \"CANCELLED\", "
                + "\"version\": " + billed.json().get("version").asInt() + "}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/projects/" + id).json().get("unbilledMinutes").asLong()).isEqualTo(135);
        assertThat(api.get("/api/v1/projects/" + id + "/time").json().findValues("orderId").stream()
                .allMatch(JsonNode::isNull)).isTrue();
        assertThat(api.postJson("/api/v1/projects/" + id + "/time/bill", "{\"productId\": " + service + "}").status())
                .isEqualTo(201);

        // time is billed by the hour: a product sold by the piece, or a service by the day, is refused
        api.postJson("/api/v1/projects/" + id + "/time", "{\"workedOn\": \"2026-11-05\", \"minutes\": 60}");
        long machine = admin.postJson("/api/v1/products", """
                {"sku": "M-%s", "name": "Packaging machine", "kind": "PRODUCT", "unit": "pcs", "unitPrice": 84000,
                 "currency": "PLN", "taxRate": 23}""".formatted(group)).json().get("id").asLong();
        long day = admin.postJson("/api/v1/products", """
                {"sku": "D-%s", "name": "Training day", "kind": "SERVICE", "unit": "day", "unitPrice": 3200,
                 "currency": "PLN", "taxRate": 23}""".formatted(group)).json().get("id").asLong();
        for (long product : new long[] { machine, day }) {
            Http.Response refused = api.postJson("/api/v1/projects/" + id + "/time/bill", "{\"productId\": " + product
                    + "}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("by the hour");
        }
    }

    @Test
    void a_person_logs_no_more_than_a_day_of_time_a_day_and_none_for_tomorrow() {
        UserSummary person = testUsers.create(Role.SALES);
        Http api = api(person);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Hours Sp. z o.o.\"}").json().get("id").asLong();
        long first = project(api, "{\"name\": \"One\", \"companyId\": " + company
                + ", \"startsOn\": \"2026-11-02\"}").get("id").asLong();
        long second = project(api, "{\"name\": \"Two\", \"companyId\": " + company
                + ", \"startsOn\": \"2026-11-02\"}").get("id").asLong();
        assertThat(api.postJson("/api/v1/projects/" + first + "/time", "{\"workedOn\": \"2026-11-03\", "
                + "\"minutes\": 1200}").status()).isEqualTo(201);
        // 20 hours on one project and 5 on another make more than a day (each was allowed on its own before)
        Http.Response over = api.postJson("/api/v1/projects/" + second + "/time", "{\"workedOn\": \"2026-11-03\", "
                + "\"minutes\": 300}");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.body()).contains("more than 24 hours");
        assertThat(api.postJson("/api/v1/projects/" + second + "/time", "{\"workedOn\": \"2026-11-03\", "
                + "\"minutes\": 240}").status()).isEqualTo(201);
        // tomorrow, in the person's own time zone, has not come yet (the API took it before)
        String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of(person.timeZone() == null ? "Europe/Warsaw"
                : person.timeZone())).plusDays(1).toString();
        assertThat(api.postJson("/api/v1/projects/" + first + "/time", "{\"workedOn\": \"" + tomorrow + "\", "
                + "\"minutes\": 30}").status()).isEqualTo(400);
    }
}
