package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import app.klient.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo company reads right whatever language its administrator reads: what Klient says (the timeline, a
 * deal's source) is worded for the reader, and what the demo people typed is in their customer's language, so no
 * Polish words land on a Czech card nor Czech ones on a Polish card. Names of people and companies stay as they are.
 */
class DemoLanguageTests {

    /** Letters only Polish writes, and letters only Czech writes. */
    private static final String POLISH = "[ąćęłńśźżĄĆĘŁŃŚŹŻ]";
    private static final String CZECH = "[áčďéěíňřšťúůýžÁČĎÉĚÍŇŘŠŤÚŮÝŽ]";

    @Test
    void the_demo_company_speaks_each_customers_language_and_klients_own_words_follow_the_reader() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-words-");
        try (ConfigurableApplicationContext klient = EmbeddedDatabaseTests.start(dataDir,
                "--klient.admin.email=admin@demo.test", "--klient.admin.password=demo-password-1")) {
            JdbcClient jdbc = klient.getBean(JdbcClient.class);
            // the demo people who agreed to marketing have it in the consent history, which the card reads
            assertThat(jdbc.sql("""
                    select count(*) from contacts c where c.marketing_consent and not exists (select 1
                        from consent_states s where s.contact_id = c.id and s.channel = 'EMAIL' and s.state = 'GIVEN')""")
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from consents where source = 'MANUAL'").query(Long.class).single())
                    .isPositive();
            // every demo number is one a person could dial, so editing a demo customer never stumbles on it
            assertThat(jdbc.sql("select unnest(phones) from contacts union all select unnest(phones) from companies")
                    .query(String.class).list()).isNotEmpty()
                    .allSatisfy(phone -> assertThat(app.klient.customers.internal.Phones.normalize(phone, null).value())
                            .isEqualTo(phone));
            // what was typed about a customer, with the customer's country
            String typed = """
                    select co.country, a.subject from activities a join companies co on co.id = a.company_id
                    union all select co.country, t.title from tasks t join companies co on co.id = t.company_id
                    union all select co.country, d.name || ' ' || coalesce(d.lost_reason, '')
                        from deals d join companies co on co.id = d.company_id
                    union all select co.country, coalesce(co.industry, '') from companies co
                    union all select c.country, coalesce(c.job_title, '') from contacts c
                    union all select co.country, coalesce(q.terms, '') from quotes q join companies co on co.id = q.company_id
                    union all select c.country, t.subject || ' ' || coalesce(t.description, '')
                        from tickets t join contacts c on c.id = t.contact_id
                    union all select c.country, m.body from ticket_messages m join tickets t on t.id = m.ticket_id
                        join contacts c on c.id = t.contact_id
                    union all select co.country, coalesce(e.body, '') from timeline_entries e
                        join companies co on co.id = e.company_id where e.kind = 'NOTE'
                    union all select case when l.email like '%.cz' then 'CZ' else 'PL' end,
                        coalesce(l.job_title, '') || ' ' || coalesce(l.disqualified_reason, '') from leads l""";
            List<String> czechOnPolish = jdbc.sql("select text from (" + typed + ") x(country, text) "
                    + "where country = 'PL' and text ~ :czech")
                    .param("czech", CZECH).query(String.class).list();
            assertThat(czechOnPolish).as("Czech words about Polish customers").isEmpty();
            List<String> polishOnCzech = jdbc.sql("select text from (" + typed + ") x(country, text) "
                    + "where country = 'CZ' and text ~ :polish").param("polish", POLISH).query(String.class).list();
            assertThat(polishOnCzech).as("Polish words about Czech customers").isEmpty();
            assertThat(jdbc.sql("select count(*) from (" + typed + ") x(country, text) where country = 'CZ' "
                    + "and text ~ :czech").param("czech", CZECH).query(Long.class).single())
                    .as("Czech customers are written to in Czech").isPositive();

            // what the administrator names once (categories, alert rules, scoring rules, web forms) is read on
            // Polish and Czech tickets and by Polish and Czech colleagues alike: the demo names them in both
            List<String> oneLanguage = jdbc.sql("""
                    select name from ticket_categories union all select name from alert_rules
                    union all select name from lead_scoring_rules union all select name from web_forms
                    union all select distinct category from tickets where category is not null""")
                    .query(String.class).list().stream()
                    .filter(name -> !(name.contains(" / ") && name.split(" / ")[0].matches(".*\\p{L}.*")
                            && name.split(" / ")[1].matches(".*\\p{L}.*")))
                    .toList();
            assertThat(oneLanguage).as("names in one language only").isEmpty();
            assertThat(jdbc.sql("select distinct t.category from tickets t join contacts c on c.id = t.contact_id "
                    + "where c.country = 'CZ'").query(String.class).list()).as("Czech tickets' categories")
                    .isNotEmpty().allMatch(name -> name.split(" / ")[1].matches(".*[a-zA-Z" + CZECH.substring(1)
                            + ".*") && !name.split(" / ")[1].matches(".*" + POLISH + ".*"));

            assertThat(jdbc.sql("select count(*) from timeline_entries where body ~ '^-?[0-9]+\\.[0-9]+ [A-Z]{3}$'")
                    .query(Long.class).single()).as("amounts frozen as text").isZero();
            long company = jdbc.sql("""
                    select e.company_id from timeline_entries e join companies co on co.id = e.company_id
                    where co.country = 'CZ' and e.kind = 'QUOTE_CREATED' limit 1""").query(Long.class).single();

            Http admin = Http.on(Integer.parseInt(klient.getEnvironment().getProperty("local.server.port")));
            admin.login("admin@demo.test", "demo-password-1");
            assertThat(admin.get("/companies/" + company + "?lang=cs").body()).contains("Celkem s DPH")
                    .doesNotContain("Gross total").doesNotContain("Razem brutto");
            assertThat(admin.get("/companies/" + company + "?lang=en").body()).contains("Gross total")
                    .doesNotContain("Celkem s DPH");
            long deal = jdbc.sql("select id from deals where source = 'WEB_FORM' limit 1").query(Long.class).single();
            assertThat(admin.get("/deals/" + deal + "?lang=pl").body()).contains("Formularz na stronie")
                    .doesNotContain("WEB_FORM");
        }
    }
}
