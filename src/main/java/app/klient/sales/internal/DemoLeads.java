package app.klient.sales.internal;

import java.util.Locale;
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
 * three scoring rules, and forty leads in every status.
 */
@Component
@Order(30)
class DemoLeads implements DemoData {

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
        java.util.List<Long> sellers = jdbc.sql("select id from users where role in ('SALES', 'MANAGER') and active "
                + "order by id").query(Long.class).list();
        String[] statuses = { "NEW", "NEW", "NEW", "CONTACTED", "CONTACTED", "QUALIFIED", "DISQUALIFIED" };
        String[] titlesPl = { "Dyrektor sprzedaży", "Kierownik zakupów", "Właściciel", "Dyrektor operacyjny",
            "Asystentka" };
        String[] titlesCs = { "Obchodní ředitel", "Vedoucí nákupu", "Majitel", "Provozní ředitel", "Asistentka" };
        Faker czech = new Faker(Locale.forLanguageTag("cs"), new Random(14));
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
                                       owner_id)
                    values (:first, :last, :email, :company, :title, :source, :utmSource, :utmMedium, :campaign,
                            :status, :reason, :score, :search, :owner) returning id""")
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
                    .query(Long.class).single();
            for (int e = 0; e < opened; e++) {
                jdbc.sql("insert into lead_events (lead_id, kind) values (:lead, 'EMAIL_OPENED')").param("lead", id)
                        .update();
            }
        }
    }

    private static String slug(String s) {
        return SearchText.fold(s).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
