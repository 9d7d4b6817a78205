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
        assertThat(form.body()).contains("Stránky s.r.o.", "Nový projekt");
        // a form without a name comes back with the error beside the field, nothing stored
        Http.Response refused = pages.postForm("/projects", Map.of("companyId", String.valueOf(company),
                "startsOn", "2026-12-01"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Zadejte název projektu.");
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
        assertThat(pages.postForm(card + "/status", Map.of("status", "ACTIVE", "version", "0")).status())
                .isEqualTo(302);

        Http.Response shown = pages.get(card);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Zavedení", "Probíhá", "Předání", "Školení", "příprava", "1,5 z 10",
                "Harmonogram", "gantt-bar");
        assertThat(pages.get("/projects").body()).contains("Zavedení", "Stránky s.r.o.");
        assertThat(pages.get("/projects?view=mine").body()).contains("Zavedení");
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
}
