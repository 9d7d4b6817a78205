package app.klient.activities.internal;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

import app.klient.customers.Companies;
import app.klient.customers.CompanyRow;
import app.klient.customers.CustomerQuery;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each demo salesperson's work: three years of calls, e-mails and meetings with their customers, this week's calls
 * and meetings, tasks for today and one overdue.
 */
@Component
@Order(40)
class DemoActivities implements DemoData {

    // what the demo salespeople typed is in their customer's language: Polish on Polish cards, Czech on Czech ones
    private static final String[][] CALLS = {
        { "Pytał o termin dostawy", "Kontakt w sprawie oferty", "Negocjacje ceny", "Umówiona wizyta serwisowa",
            "Nowa osoba kontaktowa u klienta" },
        { "Ptal se na termín dodání", "Navázání na nabídku", "Vyjednávání o ceně", "Domluvená servisní návštěva",
            "Nová kontaktní osoba u zákazníka" } };
    private static final String[][] MEETINGS = {
        { "Prezentacja produktu", "Negocjacje umowy", "Przegląd kwartalny", "Wizyta na miejscu" },
        { "Předvedení produktu", "Jednání o smlouvě", "Čtvrtletní hodnocení", "Návštěva na místě" } };
    private static final String[][] TASKS = {
        { "Wysłać zaktualizowaną ofertę", "Oddzwonić w sprawie rabatu", "Przygotować umowę", "Sprawdzić płatność",
            "Zarezerwować ekipę montażową" },
        { "Poslat upravenou nabídku", "Zavolat kvůli slevě", "Připravit smlouvu", "Zkontrolovat platbu",
            "Objednat montážní tým" } };

    private final Users users;
    private final Companies companies;
    private final JdbcClient jdbc;

    DemoActivities(Users users, Companies companies, JdbcClient jdbc) {
        this.users = users;
        this.companies = companies;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        Random random = new Random(23);
        List<UserSummary> sellers = users.activeUsers().stream().filter(u -> u.role() == Role.SALES).toList();
        List<CompanyRow> customers = companies.list(CustomerQuery.none(), PageRequest.of(0, 60)).items();
        if (customers.isEmpty()) {
            return;
        }
        history(sellers);
        for (UserSummary seller : sellers) {
            ZoneId zone = ZoneId.of(seller.timeZone());
            LocalDate today = LocalDate.now(zone);
            for (int i = 0; i < 4 + random.nextInt(6); i++) {
                CompanyRow company = customers.get(random.nextInt(customers.size()));
                ZonedDateTime at = today.minusDays(random.nextInt(7)).atTime(8 + random.nextInt(9), 15 * random.nextInt(4))
                        .atZone(zone);
                String[] calls = CALLS[language(company)];
                activity(seller.id(), "CALL", calls[random.nextInt(calls.length)], company.id(), at, 5 + random.nextInt(25),
                        null);
            }
            for (int i = 0; i < 2; i++) {
                CompanyRow company = customers.get(random.nextInt(customers.size()));
                ZonedDateTime at = today.plusDays(i == 0 ? 0 : 1 + random.nextInt(4)).atTime(10 + 3 * i, 0).atZone(zone);
                String[] meetings = MEETINGS[language(company)];
                activity(seller.id(), "MEETING", meetings[random.nextInt(meetings.length)] + " – " + company.name(),
                        company.id(), at, 60, company.city());
            }
            for (int i = 0; i < 3; i++) {
                CompanyRow company = customers.get(random.nextInt(customers.size()));
                ZonedDateTime due = (i == 0 ? today.minusDays(1) : today).atTime(11 + 2 * i, 30).atZone(zone);
                String[] tasks = TASKS[language(company)];
                jdbc.sql("""
                        insert into tasks (title, due_at, priority, assignee_id, company_id, reminder_minutes_before,
                            remind_at, reminded_at, created_by)
                        values (:title, :due, :priority, :user, :company, 15, :remind, :reminded, :user)""")
                        .param("title", tasks[random.nextInt(tasks.length)]).param("due", Timestamp.from(due.toInstant()))
                        .param("priority", i == 0 ? "HIGH" : "NORMAL").param("user", seller.id())
                        .param("company", company.id())
                        .param("remind", Timestamp.from(due.minusMinutes(15).toInstant()))
                        .param("reminded", Timestamp.from(due.minusMinutes(15).toInstant())).update();
            }
        }
    }

    /**
     * Each salesperson's three years before this week: a dozen calls, meetings and e-mails in an average month with
     * the customers they look after (those they had by then), more in autumn and as the company grows. Set by set in
     * SQL, so the first start stays quick.
     */
    private void history(List<UserSummary> sellers) {
        if (sellers.isEmpty()) {
            return;
        }
        ZoneId zone = ZoneId.of(sellers.get(0).timeZone());
        java.util.Map<LocalDate, Integer> months = DemoData.perMonth(12, zone);
        LocalDate thisWeek = LocalDate.now(zone).minusDays(7);
        jdbc.sql("select setseed(0.23)").query((rs, n) -> 1).list();
        jdbc.sql("""
                insert into activities (type, subject, direction, company_id, occurred_at, ends_at, duration_minutes,
                    location, owner_id, created_at, updated_at)
                with months as (select m.first, m.count, (m.first + interval '1 month')::date - m.first as days
                                from unnest(cast(:firsts as date[]), cast(:counts as int[])) m(first, count)),
                picked as (
                    select s.id as owner_id, ((m.first + floor(random() * m.days)::int) + time '08:00'
                               + floor(random() * 36) * interval '15 minutes') at time zone :zone as at,
                           1 + floor(random() * 1000000)::int as which
                    from unnest(cast(:sellers as bigint[])) s(id) cross join months m
                    cross join lateral generate_series(1, m.count) k),
                owned as materialized (select owner_id, array_agg(id order by id) as ids from companies
                                       group by owner_id),
                done as (
                    select p.*, co.id as company_id, co.name, co.billing_city, co.country = 'CZ' as czech,
                           (array['CALL', 'CALL', 'CALL', 'EMAIL', 'MEETING'])[1 + p.which % 5] as type
                    from picked p join owned o on o.owner_id = p.owner_id
                    join companies co on co.id = o.ids[1 + p.which % array_length(o.ids, 1)]
                    where p.at < cast(:thisWeek as date) and co.created_at < p.at
                      and extract(isodow from p.at at time zone :zone) < 6),
                timed as (select d.*, case d.type when 'MEETING' then 60 when 'EMAIL' then 5
                                      else 5 + d.which % 25 end as minutes from done d)
                select t.type,
                       case when t.type = 'MEETING' then (case when t.czech then cast(:meetingsCs as text[])
                                 else cast(:meetingsPl as text[]) end)[1 + t.which % :meetings] || ' – ' || t.name
                            else (case when t.czech then cast(:callsCs as text[]) else cast(:callsPl as text[])
                                  end)[1 + t.which % :calls] end,
                       case when t.type = 'MEETING' then null else 'OUTBOUND' end, t.company_id, t.at,
                       t.at + t.minutes * interval '1 minute', t.minutes,
                       case when t.type = 'MEETING' then t.billing_city end, t.owner_id, t.at, t.at
                from timed t order by t.at""")
                .param("firsts", months.keySet().stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new))
                .param("counts", months.values().toArray(Integer[]::new)).param("zone", zone.getId())
                .param("sellers", sellers.stream().map(UserSummary::id).toArray(Long[]::new))
                .param("thisWeek", thisWeek).param("callsPl", CALLS[0]).param("callsCs", CALLS[1])
                .param("calls", CALLS[0].length).param("meetingsPl", MEETINGS[0]).param("meetingsCs", MEETINGS[1])
                .param("meetings", MEETINGS[0].length).update();
    }

    /** 0 for Polish, 1 for Czech: the language the customer is written to and about. */
    private static int language(CompanyRow company) {
        return "CZ".equals(company.country()) ? 1 : 0;
    }

    private void activity(long owner, String type, String subject, long company, ZonedDateTime at, int minutes,
            String location) {
        jdbc.sql("""
                insert into activities (type, subject, direction, company_id, occurred_at, ends_at, duration_minutes,
                    location, owner_id)
                values (:type, :subject, :direction, :company, :at, :ends, :minutes, :location, :owner)""")
                .param("type", type).param("subject", subject).param("direction", "CALL".equals(type) ? "OUTBOUND" : null)
                .param("company", company).param("at", Timestamp.from(at.toInstant()))
                .param("ends", Timestamp.from(at.plusMinutes(minutes).toInstant())).param("minutes", minutes)
                .param("location", location).param("owner", owner).update();
    }
}
