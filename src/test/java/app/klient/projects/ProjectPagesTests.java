package app.klient.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** The projects pages as a project manager, a member and a reader use them. */
class ProjectPagesTests extends WebTest {

    @Test
    void a_manager_starts_a_project_plans_it_logs_time_and_moves_it_on_from_the_pages() {
        UserSummary manager = testUsers.create(Role.SALES, "cs");
        Http api = api(manager);
        long company = api.postJson("/api/v1/companies", "{\"name\": \"Stránky s.r.o.\"}").json().get("id").asLong();
        Http pages = signedIn(manager);
        pages.get("/projects");

        Http.Response form = pages.get("/projects/new?companyId=" + company);
        assertThat(form.status()).isEqualTo(200);
        // the start is today, in the form a date field takes (it came empty before, and the form refused itself)
        assertThat(form.body()).contains("Stránky s.r.o.", "Nový projekt", "value=\"" + LocalDate.now() + "\"");
        // a form without a name comes back with the error beside the field, nothing stored
        Http.Response refused = pages.postForm("/projects", Map.of("companyId", String.valueOf(company),
                "startsOn", "2026-12-01"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Zadejte název projektu.");
        // letters for a budget come back with the letters and the error beside them (they vanished silently before)
        Http.Response letters = pages.postForm("/projects", Map.of("name", "Písmena", "companyId",
                String.valueOf(company), "startsOn", "2026-12-01", "budgetHours", "hodně"));
        assertThat(letters.status()).isEqualTo(200);
        assertThat(letters.body()).contains("value=\"hodně\"", "field-error");
        Http.Response made = pages.postForm("/projects", Map.of("name", "Zavedení", "companyId",
                String.valueOf(company), "startsOn", LocalDate.now().minusDays(3).toString(), "dueOn",
                LocalDate.now().plusDays(40).toString(), "budgetHours", "10", "currency", "CZK"));
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        String card = made.location();
        long id = Long.parseLong(card.substring(card.lastIndexOf('/') + 1));

        assertThat(pages.postForm(card + "/milestones", Map.of("name", "Předání", "dueOn",
                LocalDate.now().plusDays(20).toString())).status()).isEqualTo(302);
        assertThat(pages.postForm(card + "/tasks", Map.of("title", "Školení", "dueOn",
                LocalDate.now().plusDays(5).toString(), "estimateHours", "4")).status()).isEqualTo(302);
        assertThat(pages.postForm(card + "/time", Map.of("workedOn", LocalDate.now().toString(), "hours", "1,5",
                "note", "příprava", "billable", "true")).status()).isEqualTo(302);
        // letters for hours or an estimate come back to the card with its message, not as a bare 400 page, and
        // nothing is stored
        long before = count("time_entries") + count("project_tasks");
        for (Http.Response typo : new Http.Response[] { pages.postForm(card + "/time", Map.of("workedOn",
                LocalDate.now().toString(), "hours", "1,5h")), pages.postForm(card + "/tasks", Map.of("title", "Odhad",
                "dueOn", LocalDate.now().plusDays(5).toString(), "estimateHours", "abc")) }) {
            assertThat(typo.status()).isEqualTo(302);
            assertThat(typo.location()).isEqualTo(card);
        }
        assertThat(count("time_entries") + count("project_tasks")).isEqualTo(before);
        assertThat(pages.postForm(card + "/status", Map.of("status", "ACTIVE", "version", "0")).status())
                .isEqualTo(302);

        Http.Response shown = pages.get(card);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Zavedení", "Probíhá", "Předání", "Školení", "příprava", "1,5 z 10",
                "Harmonogram", "gantt-bar");
        assertThat(pages.get("/projects").body()).contains("Zavedení", "Stránky s.r.o.");
        assertThat(pages.get("/projects?view=mine").body()).contains("Zavedení");
        // found without the accents typed (it was not before)
        assertThat(pages.get("/projects?q=ZAVEDENI").body()).contains("/projects/" + id + "\"");
        assertThat(pages.get("/projects/board").body()).contains("Zavedení", "Probíhá");
        assertThat(pages.get(card + "/edit").body()).contains("Zaveden", "CZK", "Stránky s.r.o.");
        assertThat(api.get("/api/v1/projects/" + id).json().get("loggedMinutes").asLong()).isEqualTo(90);
        // on the customer's card, and on the manager's start page while it is late or over budget
        assertThat(pages.get("/companies/" + company).body()).contains("Projekty (1)", "Zavedení");
        jdbc.sql("update projects set due_on = current_date - 1 where id = :id").param("id", id).update();
        Http boss = signedIn(testUsers.create(Role.MANAGER, "cs"));
        assertThat(boss.get("/").body()).contains("Projekty zpožděné nebo nad rozpočet", "Zavedení");

        // the billable time billed from the card opens the invoice form filled from the order
        long service = apiAs(Role.ADMIN).postJson("/api/v1/products", "{\"sku\": \"HOUR-" + id + "\", \"name\": "
                + "\"Konzultace\", \"kind\": \"SERVICE\", \"unit\": \"h\", \"unitPrice\": 1500, \"currency\": \"CZK\", "
                + "\"taxRate\": 23}").json().get("id").asLong();
        assertThat(pages.get(card).body()).contains("Vyfakturovat 1,5 h", "Konzultace");
        Http.Response billed = pages.postForm(card + "/time/bill", Map.of("productId", String.valueOf(service)));
        assertThat(billed.location()).as(api.postJson("/api/v1/projects/" + id + "/time/bill", "{\"productId\": "
                + service + "}").body()).startsWith("/invoices/new?orderId=");
        Http.Response invoice = pages.get(billed.location());
        assertThat(invoice.status()).isEqualTo(200);
        assertThat(invoice.body()).contains("Zaveden");

        // a reader sees the card without the forms that change it
        Http reader = signedInAs(Role.READ_ONLY);
        Http.Response read = reader.get(card);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("Zavedení").doesNotContain("/time/", "name=\"hours\"");
        assertThat(reader.get(card + "/edit").status()).isEqualTo(403);
    }

    @Test
    void a_manager_keeps_a_template_on_its_page_and_a_project_from_it_shows_its_plan_and_tasks_on_my_day() {
        String pipelineName = "Installs " + java.util.UUID.randomUUID().toString().substring(0, 6);
        long pipeline = apiAs(Role.ADMIN).postJson("/api/v1/pipelines", """
                {"name": "%s", "stages": [{"name": "Offer", "probability": 50}]}""".formatted(pipelineName)).json()
                .get("id").asLong();
        UserSummary boss = testUsers.create(Role.MANAGER, "en");
        Http pages = signedIn(boss);
        Http.Response blank = pages.get("/projects/templates/new");
        assertThat(blank.status()).isEqualTo(200);
        assertThat(blank.body()).contains("New template", pipelineName, "rows[0].title", "rows[2].title");

        // three rows typed at once: a milestone, a task, and a task after it in that milestone
        Map<String, String> rows = new java.util.LinkedHashMap<>(Map.of("name", "Installation",
                "rows[0].key", "n0", "rows[0].kind", "MILESTONE", "rows[0].title", "Go-live", "rows[0].offsetDays", "6",
                "rows[1].key", "n1", "rows[1].kind", "TASK", "rows[1].title", "Kick-off", "rows[1].offsetDays", "0",
                "rows[1].durationDays", "1"));
        rows.putAll(Map.of("rows[2].key", "n2", "rows[2].kind", "TASK", "rows[2].title", "Install",
                "rows[2].durationDays", "3", "rows[2].after", "n1", "rows[2].milestone", "n0", "rows[2].estimateHours",
                "6,5", "rows[3].key", "n3", "rows[3].title", "", "pipelineIds", String.valueOf(pipeline)));
        Http.Response saved = pages.postForm("/projects/templates", rows);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String editor = saved.location();
        long template = Long.parseLong(editor.substring(editor.lastIndexOf('/') + 1));
        Http.Response again = pages.get(editor);
        assertThat(again.body()).contains("Edit template", "Go-live", "Install", "6.5", "checked");
        assertThat(pages.get("/projects/templates").body()).contains("Installation", "Starts a project when a deal "
                + "is won in:", pipelineName);

        // a row that is not a number of days is refused on its row, nothing changed
        Map<String, String> wrong = new java.util.LinkedHashMap<>(rows);
        wrong.put("rows[1].offsetDays", "soon");
        wrong.put("version", "0");
        Http.Response refused = pages.postForm(editor, wrong);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Between 0 and 2,000 working days.", "Kick-off");
        // tasks waiting for each other in a circle are refused as a whole
        Map<String, String> loop = new java.util.LinkedHashMap<>(rows);
        loop.put("rows[1].after", "n2");
        loop.put("version", "0");
        assertThat(pages.postForm(editor, loop).body()).contains("Tasks wait for each other in a circle");
        assertThat(apiAs(Role.ADMIN).get("/api/v1/project-templates/" + template).json().get("version").asInt())
                .isZero();

        // others read the templates and may not keep them
        Http sales = signedInAs(Role.SALES);
        assertThat(sales.get("/projects/templates").body()).contains("Installation").doesNotContain(editor + "\"");
        assertThat(sales.get(editor).status()).isEqualTo(403);
        assertThat(sales.postForm(editor, rows).status()).isEqualTo(403);
        assertThat(sales.postForm(editor + "/delete", Map.of()).status()).isEqualTo(403);

        // a project started from it on the new-project form gets its plan, drawn with the milestone
        long company = api(boss).postJson("/api/v1/companies", "{\"name\": \"Plan Ltd\"}").json().get("id").asLong();
        assertThat(pages.get("/projects/new").body()).contains("From template", "Installation");
        Http.Response made = pages.postForm("/projects", Map.of("name", "Plan Ltd installation", "companyId",
                String.valueOf(company), "startsOn", LocalDate.now().toString(), "templateId",
                String.valueOf(template)));
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        String card = made.location();
        assertThat(pages.get(card).body()).contains("Kick-off", "Install", "gantt-milestone", "Go-live · ");

        // the manager's tasks are on My day, by project, the one waiting marked; an overdue one names its project
        jdbc.sql("""
                update tasks set due_at = now() - interval '2 days' where id = (select pt.task_id from project_tasks pt
                join tasks t on t.id = pt.task_id where pt.project_id = :p and t.title = 'Kick-off')""")
                .param("p", Long.parseLong(card.substring(card.lastIndexOf('/') + 1))).update();
        Http.Response myDay = pages.get("/my-day");
        assertThat(myDay.body()).contains("My project tasks", "Plan Ltd installation", "Install", "waiting",
                "class=\"small badge\" href=\"" + card + "\"");

        assertThat(pages.postForm(editor + "/delete", Map.of()).location()).isEqualTo("/projects/templates");
        assertThat(pages.get("/projects/templates").body()).doesNotContain("Installation");
        assertThat(pages.get(card).status()).isEqualTo(200);
    }
}
