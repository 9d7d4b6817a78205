package app.klient.service.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import app.klient.customers.ContactRow;
import app.klient.customers.Contacts;
import app.klient.customers.CustomerQuery;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.DemoData;
import app.klient.service.BusinessHours;
import app.klient.service.SupportCalendar;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo service desk: categories routed to the support team, a complaint alert rule, three years of resolved
 * tickets, and the last three weeks' by e-mail, phone and the web form, some waiting, some resolved with the
 * customer's rating, one past its target.
 */
@Component
@Order(50)
class DemoTickets implements DemoData {

    // one name per category (the administrator's model), read by Polish and Czech customers and agents alike: both
    private static final String[] CATEGORIES = { "Awaria / Porucha", "Reklamacja / Reklamace",
        "Faktury i płatności / Faktury a platby", "Dostawa / Doručení" };
    // customers write in their own language and agents answer in it: Polish on Polish cards, Czech on Czech ones
    private static final String[][][] REQUESTS = {
        {
            { "Awaria / Porucha", "Urządzenie nie uruchamia się po aktualizacji", "Po wczorajszej aktualizacji ekran pozostaje czarny." },
            { "Awaria / Porucha", "Błąd E42 na wyświetlaczu", "Maszyna stanęła, a na wyświetlaczu świeci E42. Co mamy zrobić?" },
            { "Reklamacja / Reklamace", "Uszkodzona paczka przy dostawie", "Karton był zgnieciony, dwie sztuki są pęknięte." },
            { "Reklamacja / Reklamace", "Dostarczono złą ilość", "Zamówiliśmy 20 sztuk, przyszło 18." },
            { "Faktury i płatności / Faktury a platby", "Błędny NIP na fakturze", "Na fakturze jest stary NIP, prosimy o korektę." },
            { "Faktury i płatności / Faktury a platby", "Podwójna płatność", "Omyłkowo zapłaciliśmy fakturę dwa razy." },
            { "Dostawa / Doručení", "Kiedy dotrze zamówienie?", "Czekamy na zamówienie od tygodnia, prosimy o numer przesyłki." },
            { "Dostawa / Doručení", "Zmiana adresu dostawy", "Prosimy o dostawę do oddziału w Poznaniu." } },
        {
            { "Awaria / Porucha", "Zařízení se po aktualizaci nespustí", "Po včerejší aktualizaci zůstává obrazovka černá." },
            { "Awaria / Porucha", "Chyba na displeji E42", "Stroj se zastavil a na displeji svítí E42. Co máme dělat?" },
            { "Reklamacja / Reklamace", "Poškozený balík při dodání", "Krabice byla zmačkaná, dva kusy jsou prasklé." },
            { "Reklamacja / Reklamace", "Špatně dodané množství", "Objednali jsme 20 kusů, přišlo jich 18." },
            { "Faktury i płatności / Faktury a platby", "Chybné DIČ na faktuře", "Na faktuře je staré DIČ, prosíme o opravu." },
            { "Faktury i płatności / Faktury a platby", "Duplicitní platba", "Fakturu jsme omylem zaplatili dvakrát." },
            { "Dostawa / Doručení", "Kdy dorazí objednávka?", "Na objednávku čekáme týden, prosíme o číslo zásilky." },
            { "Dostawa / Doručení", "Změna doručovací adresy", "Prosíme doručit na pobočku v Brně." } } };
    private static final String[][] REPLIES = {
        { "Dzień dobry, sprawdzamy sprawę i wrócimy z odpowiedzią jeszcze dziś.",
            "Dzień dobry, dziękujemy za wiadomość, sprawę przekazaliśmy technikowi.",
            "Przesyłamy korektę i przepraszamy za kłopot." },
        { "Dobrý den, věc prověřujeme a ještě dnes se ozveme s odpovědí.",
            "Dobrý den, děkujeme za zprávu, věc jsme předali technikovi.",
            "Posíláme opravu a omlouváme se za potíže." } };

    private final Users users;
    private final Contacts contacts;
    private final SupportCalendar calendar;
    private final JdbcClient jdbc;
    private final Timeline timeline;

    DemoTickets(Users users, Contacts contacts, SupportCalendar calendar, JdbcClient jdbc, Timeline timeline) {
        this.timeline = timeline;
        this.users = users;
        this.contacts = contacts;
        this.calendar = calendar;
        this.jdbc = jdbc;
    }

    /**
     * The desk's three years before the last three weeks: a few tickets a week, more in autumn and as the customers
     * grow, all resolved (one in five closed since), most answered within hours and resolved within a day or two,
     * some past their target, two in three with a rating. Numbered before the recent ones; set by set in SQL.
     */
    private void history(List<UserSummary> agents, long team) {
        java.time.ZoneId zone = calendar.hours().zone();
        java.util.Map<java.time.LocalDate, Integer> months = DemoData.perMonth(16, zone);
        java.time.LocalDate recent = java.time.LocalDate.now(zone).minusDays(22);
        String[] categories = new String[REQUESTS[0].length];
        String[][] subjects = new String[2][REQUESTS[0].length];
        String[][] bodies = new String[2][REQUESTS[0].length];
        for (int i = 0; i < REQUESTS[0].length; i++) {
            categories[i] = REQUESTS[0][i][0];
            for (int language = 0; language < 2; language++) {
                subjects[language][i] = REQUESTS[language][i][1];
                bodies[language][i] = REQUESTS[language][i][2];
            }
        }
        jdbc.sql("select setseed(0.31)").query((rs, n) -> 1).list();
        int made = jdbc.sql("""
                insert into tickets (number, subject, description, contact_id, company_id, channel, category,
                    priority, status, assignee_id, team_id, requester_email, created_at, updated_at,
                    first_response_due_at, resolution_due_at, resolution_minutes, first_responded_at, resolved_at,
                    first_contact_resolution, breached, csat, survey_answered_at)
                with months as (select m.first, m.count, (m.first + interval '1 month')::date - m.first as days
                                from unnest(cast(:firsts as date[]), cast(:counts as int[])) m(first, count)),
                people as materialized (select array_agg(id order by id) as ids from contacts
                                        where cardinality(emails) > 0 and company_id is not null),
                picked as (
                    select ((m.first + floor(random() * m.days)::int) + time '07:30'
                               + floor(random() * 600) * interval '1 minute') at time zone :zone as at,
                           1 + floor(random() * 1000000)::int as which, random() as fate, random() as speed
                    from months m cross join lateral generate_series(1, m.count) k),
                ticket as (
                    select p.*, ct.id as contact_id, ct.company_id, ct.emails[1] as email, ct.country = 'CZ' as czech,
                           (array['NORMAL', 'NORMAL', 'HIGH', 'LOW', 'URGENT'])[1 + p.which % 5] as priority,
                           (array['EMAIL', 'EMAIL', 'PHONE', 'WEB'])[1 + p.which % 4] as channel,
                           1 + p.which % :requests as request
                    from picked p cross join people c join contacts ct on ct.id = c.ids[1 + p.which % array_length(c.ids, 1)]
                    where p.at < cast(:recent as date) and ct.created_at < p.at),
                timed as (
                    select t.*, s.first_response_minutes, s.resolution_minutes,
                           t.at + (15 + floor(t.speed * s.first_response_minutes * 1.3)) * interval '1 minute'
                               as answered,
                           t.at + (30 + floor(power(t.speed, 0.7) * s.resolution_minutes * 1.6)) * interval '1 minute'
                               as resolved
                    from ticket t join sla_policies s on s.priority = t.priority and s.tier = 'STANDARD')
                select 'T-' || lpad((row_number() over (order by t.at))::text, 6, '0'),
                       (case when t.czech then cast(:subjectsCs as text[]) else cast(:subjectsPl as text[]) end)[t.request],
                       (case when t.czech then cast(:bodiesCs as text[]) else cast(:bodiesPl as text[]) end)[t.request],
                       t.contact_id, t.company_id, t.channel, (cast(:categories as text[]))[t.request], t.priority,
                       case when t.fate < 0.2 then 'CLOSED' else 'RESOLVED' end,
                       (cast(:agents as bigint[]))[1 + t.which % :agentCount], :team, t.email, t.at, t.resolved,
                       t.at + t.first_response_minutes * interval '1 minute',
                       t.at + t.resolution_minutes * interval '1 minute', t.resolution_minutes, t.answered, t.resolved,
                       t.fate < 0.66, t.resolved > t.at + t.resolution_minutes * interval '1 minute',
                       case when t.fate < 0.66 then case when t.speed > 0.9 then 2 else 3 + t.which % 3 end end,
                       case when t.fate < 0.66 then t.resolved + interval '3 hours' end
                from timed t order by t.at""")
                .param("firsts", months.keySet().stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new))
                .param("counts", months.values().toArray(Integer[]::new)).param("zone", zone.getId())
                .param("recent", recent).param("requests", categories.length).param("categories", categories)
                .param("subjectsPl", subjects[0]).param("subjectsCs", subjects[1]).param("bodiesPl", bodies[0])
                .param("bodiesCs", bodies[1]).param("agents", agents.stream().map(UserSummary::id)
                        .toArray(Long[]::new)).param("agentCount", agents.size()).param("team", team).update();
        jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, author_id, body, created_at)
                select t.id, 'CUSTOMER', null, t.description, t.created_at from tickets t where t.id in (
                    select id from tickets order by id desc limit :made)
                union all
                select t.id, 'PUBLIC', t.assignee_id,
                       (case when c.country = 'CZ' then cast(:repliesCs as text[]) else cast(:repliesPl as text[])
                        end)[1 + t.id % 3], t.first_responded_at
                from tickets t left join contacts c on c.id = t.contact_id where t.id in (
                    select id from tickets order by id desc limit :made)
                order by 5""").param("made", made).param("repliesPl", REPLIES[0]).param("repliesCs", REPLIES[1])
                .update();
        jdbc.sql("""
                insert into document_counters (series, period, last_number) values ('TICKET', 'ALL', :made)
                on conflict (series, period) do update set last_number = excluded.last_number""")
                .param("made", made).update();
    }

    @Override
    public void fill(Faker faker) {
        List<UserSummary> agents = users.activeUsers().stream().filter(u -> u.role() == Role.SUPPORT).toList();
        List<ContactRow> people = contacts.list(CustomerQuery.none(), PageRequest.of(0, 80)).items().stream()
                .filter(c -> c.email() != null).toList();
        Long team = jdbc.sql("select id from teams where name = 'Support'").query(Long.class).optional().orElse(null);
        if (agents.isEmpty() || people.isEmpty() || team == null) {
            return;
        }
        for (String category : CATEGORIES) {
            jdbc.sql("insert into ticket_categories (name, team_id) values (:name, :team)").param("name", category)
                    .param("team", team).update();
        }
        jdbc.sql("insert into alert_rules (name, category, threshold, days, team_id) values ('Powtarzające się "
                + "reklamacje / Opakované reklamace', 'Reklamacja / Reklamace', 3, 7, :team)").param("team", team).update();
        history(agents, team);
        java.util.Map<Long, String> countries = new java.util.HashMap<>();
        jdbc.sql("select id, country from contacts where country is not null")
                .query((rs, n) -> countries.put(rs.getLong(1), rs.getString(2))).list();
        BusinessHours hours = calendar.hours();
        Random random = new Random(31);
        Instant now = Instant.now();
        String[] priorities = { "NORMAL", "NORMAL", "HIGH", "LOW", "URGENT" };
        String[] channels = { "EMAIL", "EMAIL", "PHONE", "WEB" };
        for (int i = 0; i < 28; i++) {
            int pick = random.nextInt(REQUESTS[0].length);
            ContactRow person = people.get(random.nextInt(people.size()));
            int language = "CZ".equals(countries.get(person.id())) ? 1 : 0;
            String[] request = REQUESTS[language][pick];
            UserSummary agent = agents.get(i % agents.size());
            String priority = priorities[random.nextInt(priorities.length)];
            Instant created = now.minus(random.nextInt(21 * 24 * 60) + 30, ChronoUnit.MINUTES);
            int[] policy = jdbc.sql("select first_response_minutes, resolution_minutes from sla_policies where "
                    + "priority = :p and tier = 'STANDARD'").param("p", priority)
                    .query((rs, n) -> new int[] { rs.getInt(1), rs.getInt(2) }).single();
            Instant due = hours.plus(created, policy[1]);
            boolean old = created.isBefore(now.minus(5, ChronoUnit.DAYS));
            String status = old ? (random.nextInt(5) == 0 ? "CLOSED" : "RESOLVED")
                    : List.of("NEW", "OPEN", "OPEN", "WAITING").get(random.nextInt(4));
            boolean answered = !"NEW".equals(status);
            Instant firstReply = answered ? hours.plus(created, 30 + random.nextInt(240)) : null;
            if (firstReply != null && firstReply.isAfter(now)) {
                firstReply = now.minus(5, ChronoUnit.MINUTES);
            }
            boolean resolved = "RESOLVED".equals(status) || "CLOSED".equals(status);
            Instant resolvedAt = resolved ? hours.plus(firstReply, random.nextInt(600)) : null;
            Integer csat = resolved && random.nextInt(3) > 0 ? 3 + random.nextInt(3) : null;
            long number = jdbc.sql("""
                    insert into document_counters (series, period, last_number) values ('TICKET', 'ALL', 1)
                    on conflict (series, period) do update set last_number = document_counters.last_number + 1
                    returning last_number""").query(Long.class).single();
            long id = jdbc.sql("""
                    insert into tickets (number, subject, description, contact_id, company_id, channel, category,
                        priority, status, assignee_id, team_id, requester_email, created_at, updated_at,
                        first_response_due_at, resolution_due_at, resolution_minutes, first_responded_at, resolved_at,
                        first_contact_resolution, breached, csat, survey_answered_at)
                    values (:number, :subject, :description, :contact, :company, :channel, :category, :priority,
                        :status, :agent, :team, :email, :created, :created, :firstDue, :due, :minutes, :firstReply,
                        :resolvedAt, :fcr, :breached, :csat, :answeredAt)
                    returning id""")
                    .param("number", "T-%06d".formatted(number)).param("subject", request[1])
                    .param("description", request[2]).param("contact", person.id())
                    .param("company", person.companyId()).param("channel", channels[random.nextInt(channels.length)])
                    .param("category", request[0]).param("priority", priority).param("status", status)
                    .param("agent", agent.id()).param("team", team).param("email", person.email())
                    .param("created", Timestamp.from(created))
                    .param("firstDue", Timestamp.from(hours.plus(created, policy[0])))
                    .param("due", Timestamp.from(due)).param("minutes", policy[1])
                    .param("firstReply", firstReply == null ? null : Timestamp.from(firstReply))
                    .param("resolvedAt", resolvedAt == null ? null : Timestamp.from(resolvedAt))
                    .param("fcr", resolved ? random.nextInt(3) > 0 : null)
                    .param("breached", !resolved && due.isBefore(now)).param("csat", csat)
                    .param("answeredAt", csat == null ? null : Timestamp.from(resolvedAt)).query(Long.class).single();
            jdbc.sql("insert into ticket_messages (ticket_id, kind, body, created_at) values (:id, 'CUSTOMER', :body, "
                    + ":at)").param("id", id).param("body", request[2]).param("at", Timestamp.from(created)).update();
            if (firstReply != null) {
                jdbc.sql("insert into ticket_messages (ticket_id, kind, author_id, body, created_at) values (:id, "
                        + "'PUBLIC', :agent, :body, :at)").param("id", id).param("agent", agent.id())
                        .param("body", REPLIES[language][random.nextInt(REPLIES[language].length)]).param("at", Timestamp.from(firstReply))
                        .update();
            }
            timeline.record(TimelineRecord.coded(person.companyId(), person.companyId() == null ? person.id() : null,
                    "TICKET_OPENED", "T-%06d ".formatted(number) + request[1], null, "service", id, null).at(created));
        }
    }
}
