package app.klient.projects.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import app.klient.identity.Users;
import app.klient.platform.DemoData;
import app.klient.projects.WorkDays;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's projects: its implementation template (in Polish, the company's own words) switched on for the
 * default pipeline (a deal won there starts its project), and the projects of the six deals won last, each at its own point — planned, under way,
 * late, at risk, on hold, done — with milestones, tasks for the deal's owner and the time logged on them.
 */
@Component
@Order(120)
class DemoProjects implements DemoData {

    /** Each step in Polish and in Czech (a customer's tasks are worded in the customer's language), and its days. */
    private static final String[][] PLAN = {
        { "Analiza wymagań", "Analýza požadavků", "0", "3" },
        { "Konfiguracja", "Konfigurace", "4", "6" },
        { "Szkolenie użytkowników", "Školení uživatelů", "11", "2" },
        { "Odbiór", "Převzetí", "14", "1" } };

    private static final String[] STATUS = { "ACTIVE", "ACTIVE", "ACTIVE", "PLANNED", "ON_HOLD", "DONE" };
    private static final String[] HEALTH = { "GREEN", "AMBER", "RED", "GREEN", "AMBER", "GREEN" };
    private static final String[][] WHY = { null, { "Klient opóźnia dostarczenie danych z ERP.",
        "Zákazník zdržuje dodání dat z ERP." }, { "Klient zmienił zakres, nie zdążymy w terminie.",
        "Zákazník změnil rozsah, termín nestihneme." }, null, { "Czekamy na decyzję zarządu klienta.",
        "Čekáme na rozhodnutí vedení zákazníka." }, null };

    private final JdbcClient jdbc;
    private final WorkDays workDays;

    DemoProjects(JdbcClient jdbc, WorkDays workDays) {
        this.workDays = workDays;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        template();
        LocalDate today = LocalDate.now(ZoneId.of(Users.DEFAULT_TIME_ZONE));
        record Won(long id, String name, long company, long owner, java.math.BigDecimal amount, String currency,
                boolean czech) {
        }
        List<Won> won = jdbc.sql("""
                select d.id, d.name, d.company_id, d.owner_id, d.amount, d.currency, co.country = 'CZ' from deals d
                join companies co on co.id = d.company_id
                where d.status = 'WON' and d.owner_id is not null
                order by d.closed_at desc nulls last, d.id desc limit 6""")
                .query((rs, n) -> new Won(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getBoolean(7)))
                .list();
        for (int i = 0; i < won.size(); i++) {
            Won deal = won.get(i);
            // the first starts now, the planned one next week; the others began weeks ago (the late one is past its
            // due date)
            LocalDate start = workDays.after(STATUS[i].equals("PLANNED") ? today.plusDays(7)
                    : today.minusDays(i == 0 ? 0 : 7L * (i + 2)), 0);
            LocalDate due = i == 2 ? today.minusDays(3) : workDays.after(start, 20);
            long project = jdbc.sql("""
                    insert into projects (name, company_id, deal_id, manager_id, starts_on, due_on, budget_minutes,
                        budget_amount, currency, status, health, health_comment, health_at, health_by, closed_at)
                    values (:name, :company, :deal, :manager, :starts, :due, :budget, :amount, :currency, :status,
                        :health, cast(:why as text), case when cast(:why as text) is null then null else now() end,
                        case when cast(:why as text) is null then null else :manager end,
                        case when :status = 'DONE' then now() end) returning id""")
                    .param("name", deal.name()).param("company", deal.company()).param("deal", deal.id())
                    .param("manager", deal.owner()).param("starts", java.sql.Date.valueOf(start))
                    .param("due", java.sql.Date.valueOf(due)).param("budget", (30 + 10 * i) * 60)
                    .param("amount", deal.amount()).param("currency", deal.currency())
                    .param("status", STATUS[i]).param("health", HEALTH[i])
                    .param("why", WHY[i] == null ? null : WHY[i][deal.czech() ? 1 : 0])
                    .query(Long.class).single();
            long milestone = jdbc.sql("""
                    insert into project_milestones (project_id, name, due_on, done_at)
                    values (:project, :name, :due, case when :done then now() end) returning id""")
                    .param("project", project).param("name", deal.czech() ? "Spuštění" : "Uruchomienie").param("due", java.sql.Date.valueOf(workDays.after(start, 15)))
                    .param("done", STATUS[i].equals("DONE")).query(Long.class).single();
            Long previous = null;
            for (String[] step : PLAN) {
                LocalDate begins = workDays.after(start, Integer.parseInt(step[2]));
                LocalDate ends = workDays.through(begins, Integer.parseInt(step[3]));
                boolean done = STATUS[i].equals("DONE") || ends.isBefore(today) && i != 2;
                long task = jdbc.sql("""
                        insert into tasks (title, due_at, priority, assignee_id, company_id, deal_id, done, done_at,
                            created_by)
                        values (:title, cast(:due as date) + time '15:00', 'NORMAL', :owner, :company, :deal, :done,
                            case when :done then now() end, :owner) returning id""")
                        .param("title", step[deal.czech() ? 1 : 0]).param("due", ends.toString()).param("owner", deal.owner())
                        .param("company", deal.company()).param("deal", deal.id()).param("done", done)
                        .query(Long.class).single();
                jdbc.sql("""
                        insert into project_tasks (task_id, project_id, milestone_id, starts_on, starts_after_task_id)
                        values (:task, :project, :milestone, :starts, :after)""").param("task", task)
                        .param("project", project).param("milestone", milestone)
                        .param("starts", java.sql.Date.valueOf(begins)).param("after", previous).update();
                previous = task;
                // time on what has begun: a few hours a working day
                for (LocalDate day = begins; !day.isAfter(ends) && !day.isAfter(today); day = workDays.after(day, 1)) {
                    jdbc.sql("""
                            insert into time_entries (project_id, task_id, user_id, worked_on, minutes, billable, note)
                            values (:project, :task, :owner, :day, :minutes, :billable, null)""")
                            .param("project", project).param("task", task).param("owner", deal.owner())
                            .param("day", java.sql.Date.valueOf(day)).param("minutes", 60 + faker.number()
                                    .numberBetween(0, 5) * 30 + (i == 1 ? 90 : 0))
                            .param("billable", faker.number().numberBetween(0, 10) > 1).update();
                }
            }
        }
    }

    /** The implementation template: four steps one after the other, switched on for the default pipeline. */
    private void template() {
        long template = jdbc.sql("""
                insert into project_templates (name, description)
                values ('Wdrożenie', 'Analiza, konfiguracja, szkolenie i odbiór po wygranej szansie.')
                returning id""").query(Long.class).single();
        long milestone = jdbc.sql("""
                insert into project_template_items (template_id, kind, title, offset_days, position)
                values (:t, 'MILESTONE', 'Uruchomienie', 15, 0) returning id""").param("t", template)
                .query(Long.class).single();
        Long previous = null;
        int position = 1;
        for (String[] step : PLAN) {
            previous = jdbc.sql("""
                    insert into project_template_items (template_id, kind, title, offset_days, duration_days,
                        milestone_item_id, after_item_id, position)
                    values (:t, 'TASK', :title, :offset, :duration, :milestone, :after, :position) returning id""")
                    .param("t", template).param("title", step[0]).param("offset", Integer.parseInt(step[2]))
                    .param("duration", Integer.parseInt(step[3])).param("milestone", milestone)
                    .param("after", previous).param("position", position++).query(Long.class).single();
        }
        jdbc.sql("""
                insert into project_template_pipelines (pipeline_id, template_id)
                select id, :t from pipelines where is_default""").param("t", template).update();
    }
}
