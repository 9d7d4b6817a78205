package app.klient.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import app.klient.activities.internal.ReminderJob;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ActivityTests extends WebTest {

    @Autowired
    ReminderJob reminders;

    @Test
    void a_call_is_recorded_against_the_contact_and_shows_on_the_companys_timeline() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = company(api, "Activity Co " + UUID.randomUUID(), "PL", null);
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\": \"Caller\", \"companyId\": " + company + "}")
                .json().get("id").asLong();
        JsonNode call = api.postJson("/api/v1/activities", """
                {"type": "CALL", "subject": "Asked about delivery", "direction": "OUTBOUND", "contactId": %d,
                 "durationMinutes": 12, "outcome": "Will order next week"}""".formatted(contact)).json();
        assertThat(call.get("companyId").asLong()).as("from the contact").isEqualTo(company);
        assertThat(call.get("ownerId").asLong()).isEqualTo(seller.id());
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").body()).contains("ACTIVITY_CALL")
                .contains("Asked about delivery");
        assertThat(api.get("/api/v1/activities?contactId=" + contact).json().get("total").asInt()).isEqualTo(1);

        long before = count("activities");
        for (String[] bad : new String[][] {
                {"{\"type\": \"CALL\", \"subject\": \"\"}", "subject"},
                {"{\"type\": \"TELEPATHY\", \"subject\": \"A\"}", "type"},
                {"{\"type\": \"CALL\", \"subject\": \"A\", \"contactId\": 987654321}", "contactId"},
                {"{\"type\": \"CALL\", \"subject\": \"A\", \"ticketId\": 987654321}", "ticketId"},
                {"{\"type\": \"MEETING\", \"subject\": \"A\"}", "occurredAt"},
                {"{\"type\": \"CALL\", \"subject\": \"A\", \"durationMinutes\": 5000}", "durationMinutes"},
                {"{\"type\": \"NOTE\", \"subject\": \"" + "x".repeat(201) + "\"}", "subject"},
                {"{\"type\": \"NOTE\", \"subject\": \"A\", \"occurredAt\": \"yesterday\"}", "occurredAt"},
                {"{\"type\": \"MEETING\", \"subject\": \"A\", \"occurredAt\": \"2026-12-01T10:00:00+01:00\", "
                        + "\"participantUserIds\": [987654321]}", "participantUserIds"} }) {
            Http.Response response = api.postJson("/api/v1/activities", bad[0]);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("errors").findValuesAsString("field")).as(bad[0]).contains(bad[1]);
        }
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/activities", "{\"type\": \"NOTE\", \"subject\": \"A\"}")
                .status()).isEqualTo(403);
        assertThat(count("activities")).isEqualTo(before);

        Http.Response stale = apiAs(Role.SALES).putJson("/api/v1/activities/" + call.get("id").asLong(),
                "{\"type\": \"CALL\", \"subject\": \"Changed\", \"version\": 0}");
        assertThat(stale.status()).as("not the author").isEqualTo(403);
    }

    @Test
    void a_reminder_rings_the_bell_once_and_tasks_are_kept_by_their_people() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        OffsetDateTime inAMinute = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        JsonNode task = api.postJson("/api/v1/tasks", """
                {"title": "Call back Mr Nowak", "dueAt": "%s", "priority": "HIGH", "reminderMinutesBefore": 1}"""
                .formatted(inAMinute)).json();
        assertThat(task.get("assigneeId").asLong()).isEqualTo(seller.id());
        assertThat(task.get("remindAt")).isNotNull();
        reminders.sendDue();
        reminders.sendDue();
        assertThat(jdbc.sql("select count(*) from notifications where kind = 'TASK_REMINDER' and source_id = "
                + task.get("id").asLong()).query(Long.class).single()).as("once").isEqualTo(1);
        JsonNode bell = api.get("/api/v1/notifications").json();
        assertThat(bell.get(0).get("title").asString()).isEqualTo("Call back Mr Nowak");
        assertThat(signedIn(seller).get("/my-day").body()).contains("Call back Mr Nowak").contains("class=\"count\"");

        long id = task.get("id").asLong();
        assertThat(apiAs(Role.SALES).postJson("/api/v1/tasks/" + id + "/done", "{\"done\": true, \"version\": 0}")
                .status()).as("someone else's task").isEqualTo(403);
        assertThat(api.postJson("/api/v1/tasks/" + id + "/done", "{\"done\": true, \"version\": 7}").status())
                .isEqualTo(409);
        assertThat(api.postJson("/api/v1/tasks/" + id + "/done", "{\"done\": true, \"version\": 0}").json()
                .get("done").asBoolean()).isTrue();
        for (String bad : new String[] { "{\"title\": \"\", \"dueAt\": \"2026-12-01T10:00:00Z\"}",
                "{\"title\": \"A\"}", "{\"title\": \"A\", \"dueAt\": \"tomorrow\"}",
                "{\"title\": \"A\", \"dueAt\": \"2026-12-01T10:00:00Z\", \"priority\": \"URGENT\"}",
                "{\"title\": \"A\", \"dueAt\": \"2026-12-01T10:00:00Z\", \"assigneeId\": 987654321}",
                "{\"title\": \"A\", \"dueAt\": \"2026-12-01T10:00:00Z\", \"reminderMinutesBefore\": -5}" }) {
            assertThat(api.postJson("/api/v1/tasks", bad).status()).as(bad).isEqualTo(400);
        }

        Http browser = signedIn(seller);
        browser.get("/my-day");
        Http.Response created = browser.postForm("/tasks", Map.of("title", "Send the price list", "due",
                "2026-12-01T09:30", "priority", "NORMAL", "reminderMinutesBefore", "15", "back", "/my-day"));
        assertThat(created.location()).isEqualTo("/my-day");
        assertThat(browser.postForm("/tasks", Map.of("title", "Evil", "due", "2026-12-01T09:30", "back",
                "https://evil.example")).location()).as("no open redirect").isEqualTo("/my-day");
        assertThat(jdbc.sql("select due_at from tasks where title = 'Send the price list' and assignee_id = "
                + seller.id()).query(java.sql.Timestamp.class).single().toInstant().toString())
                .as("09:30 in Warsaw").isEqualTo("2026-12-01T08:30:00Z");
    }

    @Test
    void a_manager_sees_what_each_salesperson_did_in_a_period() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        long team = apiAs(Role.ADMIN).postJson("/api/v1/teams", "{\"name\": \"Activity team " + suffix + "\"}").json()
                .get("id").asLong();
        UserSummary seller = testUsers.create(Role.SALES, "Busy " + suffix, java.util.Set.of(team));
        Http api = api(seller);
        api.postJson("/api/v1/activities", "{\"type\": \"CALL\", \"subject\": \"One\"}");
        api.postJson("/api/v1/activities", "{\"type\": \"CALL\", \"subject\": \"Two\"}");
        api.postJson("/api/v1/activities", "{\"type\": \"MEETING\", \"subject\": \"Three\", \"occurredAt\": \""
                + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5) + "\"}");
        JsonNode deal = api.postJson("/api/v1/deals", "{\"name\": \"Moved\", \"ownerId\": " + seller.id() + "}").json();
        long stage = api.get("/api/v1/pipelines/" + deal.get("pipelineId").asLong()).json().get("stages").get(1)
                .get("id").asLong();
        api.postJson("/api/v1/deals/" + deal.get("id").asLong() + "/stage", "{\"stageId\": " + stage
                + ", \"version\": 0}");
        JsonNode task = api.postJson("/api/v1/tasks", "{\"title\": \"Done today\", \"dueAt\": \""
                + OffsetDateTime.now(ZoneOffset.UTC).plusHours(1) + "\"}").json();
        api.postJson("/api/v1/tasks/" + task.get("id").asLong() + "/done", "{\"done\": true, \"version\": 0}");
        api.postJson("/api/v1/tasks", "{\"title\": \"Forgotten\", \"dueAt\": \""
                + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30) + "\"}");

        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Warsaw")).toString();
        String yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Warsaw")).minusDays(1).toString();
        JsonNode rows = apiAs(Role.MANAGER).get("/api/v1/activities/summary?from=" + yesterday + "&to=" + today
                + "&teamId=" + team).json();
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("calls").asLong()).isEqualTo(2);
        assertThat(row.get("meetings").asLong()).isEqualTo(1);
        assertThat(row.get("dealsMoved").asLong()).isEqualTo(1);
        assertThat(row.get("tasksDone").asLong()).isEqualTo(1);
        assertThat(row.get("tasksOverdue").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/activities/summary?from=" + today + "&to=" + today).status()).isEqualTo(403);
        assertThat(apiAs(Role.MANAGER).get("/api/v1/activities/summary?from=" + today + "&to=" + yesterday).status())
                .isEqualTo(400);
        assertThat(signedInAs(Role.MANAGER).get("/team-activity?teamId=" + team).body()).contains("Busy " + suffix)
                .contains("<meter");
        assertThat(signedIn(seller).get("/team-activity").status()).isEqualTo(403);
    }
}
