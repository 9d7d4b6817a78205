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
 * The demo service desk: categories routed to the support team, a complaint alert rule, and three weeks of tickets
 * by e-mail, phone and the web form, some waiting, some resolved with the customer's rating, one past its target.
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
