package app.klient.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** Issue 16: every role but the administrator gets a start page of its own, each block linking to what it counts. */
class StartPageTests extends WebTest {

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    private long team(String name) {
        return apiAs(Role.ADMIN).postJson("/api/v1/teams", "{\"name\": \"" + unique(name) + "\"}").json().get("id")
                .asLong();
    }

    /** A minute ago: today's (or overdue) in any case, whatever the hour the test runs at. */
    private static String aMinuteAgo() {
        return OffsetDateTime.now(ZoneId.of("Europe/Warsaw")).minusMinutes(1).withNano(0).toString();
    }

    @Test
    void a_salesperson_starts_with_open_deals_by_stage_todays_work_and_leads_to_call() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        String deal = unique("Bakery ovens");
        api.postJson("/api/v1/deals", "{\"name\": \"%s\", \"amount\": 48000, \"currency\": \"PLN\", \"ownerId\": %d}"
                .formatted(deal, seller.id()));
        api.postJson("/api/v1/deals", "{\"name\": \"%s\", \"amount\": 2000, \"currency\": \"PLN\", \"ownerId\": %d}"
                .formatted(unique("Mixers"), seller.id()));
        String lead = unique("Ewa");
        long leadId = api.postJson("/api/v1/leads", "{\"firstName\": \"%s\", \"lastName\": \"Lis\", \"ownerId\": %d}"
                .formatted(lead, seller.id())).json().get("id").asLong();
        String task = unique("Call the baker");
        long taskId = api.postJson("/api/v1/tasks", "{\"title\": \"%s\", \"dueAt\": \"%s\"}".formatted(task, aMinuteAgo()))
                .json().get("id").asLong();
        String meeting = unique("Oven demo");
        api.postJson("/api/v1/activities", "{\"type\": \"MEETING\", \"subject\": \"%s\", \"occurredAt\": \"%s\"}"
                .formatted(meeting, aMinuteAgo()));

        String home = signedIn(seller).get("/").body();

        assertThat(home).doesNotContain("administrator enables them");
        assertThat(home).contains("My open deals by stage").contains("Qualification")
                .contains("50,000 PLN").as("both deals, summed in the company currency");
        assertThat(home).contains("/deals/board?pipeline=").contains("ownerId=" + seller.id());
        assertThat(home).contains("<svg class=\"bar\"");
        assertThat(home).contains("Leads to call").contains(lead).contains("/leads/" + leadId);
        assertThat(home).contains(task).contains("/tasks/" + taskId).contains(meeting);
        assertThat(signedIn(seller).get("/?lang=pl").body()).contains("Moje otwarte szanse według etapów")
                .contains("Kwalifikacja");
    }

    @Test
    void a_manager_starts_with_the_teams_pipeline_activity_and_overdue_tasks() {
        long team = team("North");
        UserSummary manager = testUsers.create(Role.MANAGER, "Maria Manager", Set.of(team));
        UserSummary seller = testUsers.create(Role.SALES, "Sam Seller", Set.of(team));
        UserSummary outsider = testUsers.create(Role.SALES, "Olga Outside", Set.of());
        api(seller).postJson("/api/v1/deals", "{\"name\": \"%s\", \"amount\": 7000, \"ownerId\": %d}"
                .formatted(unique("Tractor"), seller.id()));
        api(outsider).postJson("/api/v1/deals", "{\"name\": \"%s\", \"amount\": 9000, \"ownerId\": %d}"
                .formatted(unique("Combine"), outsider.id()));
        api(seller).postJson("/api/v1/activities", "{\"type\": \"CALL\", \"subject\": \"%s\"}".formatted(unique("Call")));
        String late = unique("Send the offer");
        api(seller).postJson("/api/v1/tasks", "{\"title\": \"%s\", \"dueAt\": \"%s\"}".formatted(late,
                OffsetDateTime.now().minusDays(2).withNano(0)));

        String home = signedIn(manager).get("/").body();

        assertThat(home).contains("The team&#39;s pipeline by stage").contains("Open deals by person")
                .contains("Sam Seller").contains("/deals/board?ownerId=" + seller.id())
                .doesNotContain("Olga Outside");
        assertThat(home).contains("The team&#39;s last 7 days").contains(late);
    }

    @Test
    void a_support_agent_starts_with_the_queue_and_the_tickets_near_their_targets() {
        long team = team("Desk");
        UserSummary agent = testUsers.create(Role.SUPPORT, "Anna Agent", Set.of(team));
        Http api = api(agent);
        String mine = unique("Printer jams");
        long mineId = api.postJson("/api/v1/tickets", "{\"subject\": \"%s\", \"priority\": \"HIGH\", \"assigneeId\": %d}"
                .formatted(mine, agent.id())).json().get("id").asLong();
        String late = unique("Invoice missing");
        long lateId = api.postJson("/api/v1/tickets", "{\"subject\": \"%s\", \"assigneeId\": %d}".formatted(late,
                agent.id())).json().get("id").asLong();
        jdbc.sql("update tickets set resolution_due_at = now() - interval '1 hour' where id = :id").param("id", lateId)
                .update();
        String waiting = unique("Nobody took it");
        long waitingId = apiAs(Role.SUPPORT).postJson("/api/v1/tickets", "{\"subject\": \"%s\"}".formatted(waiting))
                .json().get("id").asLong();
        jdbc.sql("update tickets set assignee_id = null, team_id = :team where id = :id").param("team", team)
                .param("id", waitingId).update();
        String elsewhere = unique("Other desk");
        apiAs(Role.SUPPORT).postJson("/api/v1/tickets", "{\"subject\": \"%s\"}".formatted(elsewhere));

        String home = signedIn(agent).get("/").body();

        assertThat(home).contains("My queue (2)").contains(mine).contains("/tickets/" + mineId);
        assertThat(home).contains("Near or past their target (").contains("/tickets/" + lateId)
                .contains("target missed").as("the late one is marked");
        assertThat(home).contains("Unassigned in my categories and teams (1)").contains(waiting)
                .doesNotContain(elsewhere);
    }

    @Test
    void a_manager_sees_the_tickets_of_the_teams_agents_near_or_past_their_targets() {
        long team = team("Helpdesk");
        UserSummary manager = testUsers.create(Role.MANAGER, "Mona Manager", Set.of(team));
        UserSummary agent = testUsers.create(Role.SUPPORT, "Adam Agent", Set.of(team));
        UserSummary outsider = testUsers.create(Role.SUPPORT, "Olaf Outside", Set.of());
        String late = unique("Server down");
        long lateId = api(agent).postJson("/api/v1/tickets", "{\"subject\": \"%s\", \"assigneeId\": %d}"
                .formatted(late, agent.id())).json().get("id").asLong();
        String elsewhere = unique("Someone else's");
        long elsewhereId = api(outsider).postJson("/api/v1/tickets", "{\"subject\": \"%s\", \"assigneeId\": %d}"
                .formatted(elsewhere, outsider.id())).json().get("id").asLong();
        jdbc.sql("update tickets set resolution_due_at = now() - interval '1 hour' where id in (:ids)")
                .param("ids", java.util.List.of(lateId, elsewhereId)).update();
        // the longest late comes first, ahead of other tests' tickets
        jdbc.sql("update tickets set resolution_due_at = now() - interval '20 years' where id = :id")
                .param("id", elsewhereId).update();

        String home = signedIn(manager).get("/").body();
        assertThat(home).contains("The team&#39;s tickets near or past their target (").contains(late)
                .contains("/tickets/" + lateId).doesNotContain(elsewhere);

        UserSummary overseer = testUsers.create(Role.MANAGER, "Otto Overseer", Set.of());
        assertThat(signedIn(overseer).get("/").body()).as("a manager in no team oversees the whole desk")
                .contains("/tickets/" + elsewhereId);
    }

    @Test
    void marketing_and_read_only_users_start_with_leads_by_source_and_the_newest_customers() {
        String company = unique("Fresh Farm");
        long companyId = company(apiAs(Role.SALES), company, "PL", null);
        apiAs(Role.SALES).postJson("/api/v1/leads", "{\"lastName\": \"%s\"}".formatted(unique("Nowak")));
        for (Role role : new Role[] { Role.MARKETING, Role.READ_ONLY }) {
            String home = signedInAs(role).get("/").body();
            assertThat(home).as(role.name()).contains("New leads by source, last 30 days").contains("/leads?source=API")
                    .contains("Newest customers").contains(company).contains("/companies/" + companyId)
                    .doesNotContain("administrator enables them");
        }
    }
}
