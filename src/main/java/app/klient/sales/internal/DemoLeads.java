package app.klient.sales.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import app.klient.platform.DemoData;
import app.klient.platform.SearchText;
import app.klient.sales.LeadEventKind;
import app.klient.sales.LeadScoring;
import app.klient.sales.ScoringRule;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's leads: a web form for the spring fair that hands leads to the Kraków sales team in turn,
 * three scoring rules, forty leads of the last weeks in every status, and three years of leads before them, so the
 * funnel has a trend: month by month (more in autumn and each year) most were disqualified, some qualified, and
 * about three in five of the deals began as a lead converted into the deal's company, its first contact and the deal.
 */
@Component
@Order(30)
class DemoLeads implements DemoData {

    /** A history lead's score by the demo's rules: a director (in Polish or Czech) is worth 15 points. */
    private static final String SCORE = "case when lower(unaccent(p.job_title)) similar to '%(dyrektor|reditel)%'"
            + " then 15 else 0 end";

    private final LeadScoring scoring;
    private final JdbcClient jdbc;

    DemoLeads(LeadScoring scoring, JdbcClient jdbc) {
        this.scoring = scoring;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        Random random = new Random(13);
        Long team = jdbc.sql("select id from teams order by id limit 1").query(Long.class).optional().orElse(null);
        // the administrator names a form and a rule once; the demo's are read by Polish and Czech colleagues: both
        jdbc.sql("insert into web_forms (form_key, name, campaign, team_id) values ('spring-fair', "
                + "'Targi wiosenne / Jarní veletrh 2027', 'spring-fair', :team)").param("team", team).update();
        scoring.define(new ScoringRule(null, "Z targów wiosennych / Z jarního veletrhu", "FIELD", "UTM_CAMPAIGN",
                "EQUALS", "spring-fair", null, 20, true));
        // the leads' job titles are in their own language: a director is a dyrektor in Poland, a ředitel in Czechia
        scoring.define(new ScoringRule(null, "Osoba decyzyjna / Rozhodující osoba (PL)", "FIELD", "JOB_TITLE",
                "CONTAINS", "dyrektor", null, 15, true));
        scoring.define(new ScoringRule(null, "Osoba decyzyjna / Rozhodující osoba (CZ)", "FIELD", "JOB_TITLE",
                "CONTAINS", "reditel", null, 15, true));
        scoring.define(new ScoringRule(null, "Otwiera nasze e-maile / Otevírá naše e-maily", "EVENT", null, null,
                null, LeadEventKind.EMAIL_OPENED, 3, true));
        List<Long> sellers = jdbc.sql("select id from users where role in ('SALES', 'MANAGER') and active "
                + "order by id").query(Long.class).list();
        String[] statuses = { "NEW", "NEW", "NEW", "CONTACTED", "CONTACTED", "QUALIFIED", "DISQUALIFIED" };
        String[] titlesPl = { "Dyrektor sprzedaży", "Kierownik zakupów", "Właściciel", "Dyrektor operacyjny",
            "Asystentka" };
        String[] titlesCs = { "Obchodní ředitel", "Vedoucí nákupu", "Majitel", "Provozní ředitel", "Asistentka" };
        Faker czech = new Faker(Locale.forLanguageTag("cs"), new Random(14));
        // the current leads came over the last weeks, the open ones lately (a random of its own: their names stay)
        Random age = new Random(17);
        for (int i = 0; i < 40; i++) {
            boolean cz = i % 3 == 2;
            Faker f = cz ? czech : faker;
            String[] titles = cz ? titlesCs : titlesPl;
            String first = f.name().firstName();
            String last = f.name().lastName();
            boolean fair = random.nextInt(3) == 0;
            String title = titles[random.nextInt(titles.length)];
            String status = statuses[random.nextInt(statuses.length)];
            int opened = random.nextInt(4);
            boolean director = SearchText.fold(title).contains(cz ? "reditel" : "dyrektor");
            int score = (fair ? 20 : 0) + (director ? 15 : 0) + 3 * opened;
            long id = jdbc.sql("""
                    insert into leads (first_name, last_name, email, company_name, job_title, source, utm_source,
                                       utm_medium, utm_campaign, status, disqualified_reason, score, search_text,
                                       owner_id, created_at, updated_at)
                    values (:first, :last, :email, :company, :title, :source, :utmSource, :utmMedium, :campaign,
                            :status, :reason, :score, :search, :owner, :at, :at) returning id""")
                    .param("first", first).param("last", last)
                    .param("email", slug(first) + "." + slug(last) + "@"
                            + slug(f.company().name()) + (i % 3 == 2 ? ".cz" : ".pl"))
                    .param("company", f.company().name()).param("title", title)
                    .param("source", fair ? "WEB_FORM" : "MANUAL").param("utmSource", fair ? "fair" : null)
                    .param("utmMedium", fair ? "qr-code" : null).param("campaign", fair ? "spring-fair" : null)
                    .param("status", status).param("reason", status.equals("DISQUALIFIED") ? (cz ? "Nemají rozpočet" : "Brak budżetu") : null)
                    .param("score", score)
                    .param("owner", sellers.isEmpty() ? null : sellers.get(random.nextInt(sellers.size())))
                    .param("search", SearchText.of(first, last, title))
                    .param("at", Timestamp.from(Instant.now().minus((status.equals("NEW") ? 0 : 2) * 24 * 60
                            + age.nextInt((status.equals("NEW") ? 9 : 35) * 24 * 60), ChronoUnit.MINUTES)))
                    .query(Long.class).single();
            for (int e = 0; e < opened; e++) {
                jdbc.sql("insert into lead_events (lead_id, kind) values (:lead, 'EMAIL_OPENED')").param("lead", id)
                        .update();
            }
        }
        history(sellers, titlesPl, titlesCs);
    }

    /**
     * Three years of leads before the current ones, set by set in SQL so the first start stays quick. Three in five
     * deals (the history's and the open funnel's) began as a lead: one of the company's people asked two to twenty
     * days before the deal's first stage, and was converted into the deal (the lead's expected value its amount),
     * the company and that person (two in three of them had left a phone number). The other leads came month by
     * month in the season and growth of {@link DemoData#busyness}: four in five disqualified with a reason in their
     * language, the rest qualified and waiting; about half of them left a phone number. None of them is new or being contacted: those are the current leads'.
     */
    private void history(List<Long> sellers, String[] titlesPl, String[] titlesCs) {
        ZoneId zone = ZoneId.systemDefault();
        jdbc.sql("select setseed(0.13)").query((rs, n) -> 1).list();
        jdbc.sql("""
                insert into leads (first_name, last_name, email, phone, company_name, company_tax_id, job_title,
                                   source, status, owner_id, score, contact_id, company_id, deal_id, converted_at,
                                   country, expected_value, currency, language, search_text, created_at, updated_at)
                select p.first_name, p.last_name, p.email, case when d.chance < 0.4 then p.phone end, co.name,
                       co.tax_id, p.job_title,
                       case when d.source = 'WEB_FORM' then 'WEB_FORM' else 'MANUAL' end, 'CONVERTED', d.owner_id,
                       %s, p.id, co.id, d.id, d.started, co.country, d.amount, d.currency,
                       case when co.country = 'CZ' then 'cs' else 'pl' end,
                       lower(unaccent(concat_ws(' ', p.first_name, p.last_name, p.email,
                                                regexp_replace(p.phone, '\\D', '', 'g'), co.name, co.tax_id,
                                                p.job_title))),
                       d.started - d.asked * interval '1 day', d.started
                from (select d.*, (select min(h.moved_at) from deal_stage_history h where h.deal_id = d.id) as started,
                             2 + floor(random() * 19)::int as asked, random() as chance
                      from (select * from deals order by id) d) d
                join companies co on co.id = d.company_id
                left join lateral (select c.id, c.first_name, c.last_name, c.emails[1] as email,
                                          c.phones[1] as phone, c.job_title
                                   from contacts c where c.company_id = co.id order by c.id limit 1) p on true
                where d.chance < 0.6 and d.started is not null
                order by d.started - d.asked * interval '1 day', d.id""".formatted(SCORE)).update();
        Map<LocalDate, Integer> months = DemoData.perMonth(45, zone);
        LocalDate current = LocalDate.now(zone).minusWeeks(6);
        Faker polish = new Faker(Locale.forLanguageTag("pl"), new Random(15));
        Faker czech = new Faker(Locale.forLanguageTag("cs"), new Random(16));
        List<String[]> people = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            boolean cz = i % 3 == 2;
            Faker f = cz ? czech : polish;
            String first = f.name().firstName();
            String last = f.name().lastName();
            String company = f.company().name();
            String[] titles = cz ? titlesCs : titlesPl;
            people.add(new String[] { first, last, slug(first) + "." + slug(last) + "@" + slug(company)
                    + (cz ? ".cz" : ".pl"), company, titles[i % titles.length], cz ? "CZ" : "PL" });
        }
        jdbc.sql("""
                insert into leads (first_name, last_name, email, phone, company_name, job_title, source, status,
                                   disqualified_reason, owner_id, score, country, language, search_text, created_at,
                                   updated_at)
                select p.first_name, p.last_name, p.email,
                       -- some left a phone number, as some of the converted ones did not
                       case when k.reason < 0.45 then (case when p.country = 'CZ' then '+4206' else '+485' end)
                           || lpad(floor(k.seller * 100000000)::bigint::text, 8, '0') end,
                       p.company_name, p.job_title,
                       case when k.form < 0.3 then 'WEB_FORM' else 'MANUAL' end,
                       case when k.fate < 0.8 then 'DISQUALIFIED' else 'QUALIFIED' end,
                       case when k.fate < 0.8 then (case when p.country = 'CZ' then cast(:reasonsCs as text[])
                            else cast(:reasonsPl as text[]) end)[1 + floor(k.reason * 3)::int] end,
                       (cast(:sellers as bigint[]))[1 + floor(k.seller * cardinality(cast(:sellers as bigint[])))::int],
                       %s, p.country, case when p.country = 'CZ' then 'cs' else 'pl' end,
                       lower(unaccent(concat_ws(' ', p.first_name, p.last_name, p.email, p.company_name,
                                                p.job_title))),
                       k.at, k.at + (1 + floor(k.form * 20)) * interval '1 day'
                from (select ((m.first + floor(random() * ((m.first + interval '1 month')::date - m.first))::int)
                                  + time '08:00' + floor(random() * 600) * interval '1 minute') at time zone :zone
                                  as at,
                             random() as fate, random() as form, random() as reason, random() as seller,
                             floor(random() * :people)::int as person
                      from unnest(cast(:firsts as date[]), cast(:counts as int[])) m(first, count)
                      cross join lateral generate_series(1, m.count) g) k
                join unnest(cast(:first as text[]), cast(:last as text[]), cast(:email as text[]),
                            cast(:company as text[]), cast(:title as text[]), cast(:country as text[]))
                     with ordinality p(first_name, last_name, email, company_name, job_title, country, n)
                  on p.n = 1 + k.person
                where k.at < cast(:current as date)
                order by k.at""".formatted(SCORE))
                .param("firsts", months.keySet().stream().map(Date::valueOf).toArray(Date[]::new))
                .param("counts", months.values().toArray(Integer[]::new)).param("zone", zone.getId())
                .param("current", Date.valueOf(current))
                .param("sellers", sellers.toArray(Long[]::new))
                .param("reasonsPl", new String[] { "Brak budżetu", "Brak odpowiedzi", "Wybrali konkurencję" })
                .param("reasonsCs", new String[] { "Nemají rozpočet", "Bez odezvy", "Vybrali si konkurenci" })
                .param("first", column(people, 0)).param("last", column(people, 1)).param("email", column(people, 2))
                .param("company", column(people, 3)).param("title", column(people, 4))
                .param("country", column(people, 5)).param("people", people.size())
                .update();
    }

    private static String[] column(List<String[]> rows, int i) {
        return rows.stream().map(r -> r[i]).toArray(String[]::new);
    }

    private static String slug(String s) {
        return SearchText.fold(s).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
