package app.klient.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Templates: relative working-day dates over weekends, "starts after" chains, and the project a won deal starts. */
class ProjectTemplateTests extends WebTest {

    static final String TEMPLATE = """
            {"name": "%s", "items": [
              {"key": "kick", "kind": "MILESTONE", "title": "Kick-off", "offsetDays": 0},
              {"key": "live", "kind": "MILESTONE", "title": "Go-live", "offsetDays": 10},
              {"key": "a", "kind": "TASK", "title": "Analysis", "offsetDays": 0, "durationDays": 2, "milestone": "kick"},
              {"key": "b", "kind": "TASK", "title": "Setup", "durationDays": 3, "after": "a", "estimateHours": 6},
              {"key": "c", "kind": "TASK", "title": "Training", "offsetDays": 8, "durationDays": 1, "after": "b",
               "milestone": "live"}]%s}""";

    @Test
    void a_project_from_a_template_places_its_dates_in_working_days_across_weekends() {
        Http admin = apiAs(Role.ADMIN);
        JsonNode template = admin.postJson("/api/v1/project-templates",
                TEMPLATE.formatted("Implementation " + UUID.randomUUID(), "")).json();
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Template Co\"}").json().get("id").asLong();
        // 2026-12-04 is a Friday
        Http.Response started = api.postJson("/api/v1/project-templates/" + template.get("id").asLong() + "/projects",
                "{\"name\": \"Rollout\", \"companyId\": " + company + ", \"startsOn\": \"2026-12-04\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        long id = started.json().get("id").asLong();
        // given no due date, the project is due when the last of its milestones and tasks is
        assertThat(started.json().get("dueOn").asString()).isEqualTo("2026-12-18");

        JsonNode milestones = api.get("/api/v1/projects/" + id + "/milestones").json();
        assertThat(milestones.findValuesAsString("dueOn")).containsExactly("2026-12-04", "2026-12-18");
        JsonNode tasks = api.get("/api/v1/projects/" + id + "/tasks").json();
        assertThat(tasks.findValues("task").stream().map(t -> t.get("title").asString()).toList())
                .containsExactly("Analysis", "Setup", "Training");
        // Analysis: two working days, Fri and Mon; Setup: the Tuesday after, three days to Thu; Training: 8 working
        // days from the start (Wed 16th) is later than the day after Setup (Fri 11th), one day
        assertThat(tasks.get(0).get("startsOn").asString()).isEqualTo("2026-12-04");
        assertThat(tasks.get(0).get("task").get("dueAt").asString()).startsWith("2026-12-07");
        assertThat(tasks.get(1).get("startsOn").asString()).isEqualTo("2026-12-08");
        assertThat(tasks.get(1).get("task").get("dueAt").asString()).startsWith("2026-12-10");
        assertThat(tasks.get(1).get("estimateMinutes").asInt()).isEqualTo(360);
        assertThat(tasks.get(1).get("startsAfterTaskId").asLong()).isEqualTo(tasks.get(0).get("task").get("id").asLong());
        assertThat(tasks.get(2).get("startsOn").asString()).isEqualTo("2026-12-16");
        assertThat(tasks.get(2).get("task").get("dueAt").asString()).startsWith("2026-12-16");
        assertThat(tasks.get(0).get("task").get("assigneeId").asLong()).as("the manager's").isEqualTo(seller.id());
        assertThat(milestones.get(0).get("tasks").asLong()).isEqualTo(1);
        assertThat(milestones.get(1).get("tasks").asLong()).isEqualTo(1);
    }

    @Test
    void a_deal_won_in_a_pipeline_with_a_template_starts_its_project_once() {
        Http admin = apiAs(Role.ADMIN);
        long pipeline = admin.postJson("/api/v1/pipelines", "{\"name\": \"Installs " + UUID.randomUUID().toString()
                .substring(0, 6) + "\", \"stages\": [{\"name\": \"Offer\", \"probability\": 50}]}").json().get("id")
                .asLong();
        long template = admin.postJson("/api/v1/project-templates", TEMPLATE.formatted("Install "
                + UUID.randomUUID(), ", \"pipelineIds\": [" + pipeline + "]")).json().get("id").asLong();
        try {
            UserSummary seller = testUsers.create(Role.SALES);
            Http api = api(seller);
            long company = api.postJson("/api/v1/companies", "{\"name\": \"Won Co\"}").json().get("id").asLong();
            JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"Heat pumps\", \"pipelineId\": " + pipeline
                    + ", \"companyId\": " + company + ", \"amount\": 85000, \"currency\": \"PLN\"}").json();
            long dealId = deal.get("id").asLong();
            assertThat(api.postJson("/api/v1/deals/" + dealId + "/won", "{\"version\": " + deal.get("version").asInt()
                    + "}").status()).isEqualTo(200);

            JsonNode projects = api.get("/api/v1/projects?dealId=" + dealId).json();
            assertThat(projects.get("total").asLong()).isEqualTo(1);
            JsonNode project = projects.get("items").get(0);
            assertThat(project.get("name").asString()).isEqualTo("Heat pumps");
            assertThat(project.get("companyId").asLong()).isEqualTo(company);
            assertThat(project.get("managerId").asLong()).as("the deal's owner").isEqualTo(seller.id());
            assertThat(project.get("budgetAmount").decimalValue()).isEqualByComparingTo("85000");
            assertThat(api.get("/api/v1/projects/" + project.get("id").asLong() + "/tasks").json().size()).isEqualTo(3);
            // the deal's page leads to its project (it did not say there was one before)
            assertThat(signedIn(seller).get("/deals/" + dealId).body()).contains("/projects/" + project.get("id")
                    .asLong() + "\"");

            // reopened and won again: still one project
            int version = api.get("/api/v1/deals/" + dealId).json().get("version").asInt();
            api.postJson("/api/v1/deals/" + dealId + "/reopen", "{\"version\": " + version + "}");
            version = api.get("/api/v1/deals/" + dealId).json().get("version").asInt();
            assertThat(api.postJson("/api/v1/deals/" + dealId + "/won", "{\"version\": " + version + "}").status())
                    .isEqualTo(200);
            assertThat(api.get("/api/v1/projects?dealId=" + dealId).json().get("total").asLong()).isEqualTo(1);
        }
        finally {
            admin.delete("/api/v1/project-templates/" + template);
        }
    }

    @Test
    void a_template_with_a_loop_or_a_wrong_reference_is_refused_and_only_managers_keep_templates() {
        Http admin = apiAs(Role.ADMIN);
        long before = count("project_templates");
        for (String items : new String[] {
            "[{\"key\": \"a\", \"title\": \"A\", \"after\": \"b\"}, {\"key\": \"b\", \"title\": \"B\", \"after\": \"a\"}]",
            "[{\"key\": \"a\", \"title\": \"A\", \"milestone\": \"nope\"}]",
            "[{\"key\": \"a\", \"title\": \"A\", \"offsetDays\": -1}]",
            "[{\"key\": \"a\", \"kind\": \"PHASE\", \"title\": \"A\"}]",
            "[{\"key\": \"a\", \"title\": \"\"}]", "[{\"key\": \"a\", \"title\": \"A\"}, {\"key\": \"a\", \"title\": \"B\"}]" }) {
            Http.Response refused = admin.postJson("/api/v1/project-templates", "{\"name\": \"Bad\", \"items\": "
                    + items + "}");
            assertThat(refused.status()).as(items).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(count("project_templates")).isEqualTo(before);
        assertThat(apiAs(Role.SALES).postJson("/api/v1/project-templates", "{\"name\": \"Mine\", \"items\": []}")
                .status()).isEqualTo(403);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/project-templates", "{\"name\": \"Team\", \"items\": []}")
                .status()).isEqualTo(201);
    }
}
