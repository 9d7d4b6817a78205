package app.klient.sales.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import app.klient.KlientApplication;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A manager of the demo company opens the funnel KPI and finds three years of it: leads in every month, more in
 * autumn and each year, some of each month's converted into deals that were won, each converted lead the start of
 * its deal (its company, its person, its owner, its amount), and no lead of years ago still waiting for a call.
 */
class DemoLeadsTests {

    @Test
    void the_demo_funnel_has_three_years_of_leads_that_became_the_deals_they_started() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-leads-");
        try (ConfigurableApplicationContext klient = new SpringApplicationBuilder(KlientApplication.class).run(
                "--server.port=0", "--klient.data-dir=" + dataDir, "--klient.demo-data=",
                "--spring.main.banner-mode=off", "--klient.embedded-postgres.binaries=" + KlientTest.POSTGRES_BINARIES,
                "--klient.admin.email=admin@demo.test", "--klient.admin.password=demo-password-1",
                // how long each demo part took, in the log
                "--logging.level.app.klient.identity.internal.FirstStart=DEBUG")) {
            JdbcClient jdbc = klient.getBean(JdbcClient.class);
            // the won deals' projects (projects.internal.DemoProjects): one of each state, with tasks and time
            assertThat(count(jdbc, "select count(distinct status) from projects where deal_id is not null"))
                    .isGreaterThanOrEqualTo(4);
            assertThat(count(jdbc, "select count(*) from projects p where exists (select 1 from project_tasks t "
                    + "where t.project_id = p.id) and exists (select 1 from time_entries e where e.project_id = p.id)"))
                    .isGreaterThanOrEqualTo(4);
            assertThat(count(jdbc, """
                    select count(distinct date_trunc('month', created_at)) from leads
                    where created_at >= date_trunc('month', current_date) - interval '36 months'"""))
                    .as("months of the last three years with leads").isGreaterThanOrEqualTo(35);
            // the funnel KPI's won step (a lead of the month whose deal is won) in most months
            assertThat(count(jdbc, """
                    select count(distinct date_trunc('month', l.created_at)) from leads l
                    join deals d on d.id = l.deal_id and d.status = 'WON'"""))
                    .as("months whose leads became won deals").isGreaterThanOrEqualTo(24);
            assertThat(jdbc.sql("""
                    select count(*) filter (where extract(month from created_at) in (9, 10, 11))
                           > 1.3 * count(*) filter (where extract(month from created_at) in (6, 7, 8))
                       and count(*) filter (where created_at >= now() - interval '1 year')
                           > count(*) filter (where created_at between now() - interval '2 years'
                                                                   and now() - interval '1 year')
                    from leads""").query(Boolean.class).single()).as("busier in autumn and each year").isTrue();
            // every step of the funnel is narrower than the one before it
            assertThat(jdbc.sql("""
                    select count(*) > count(*) filter (where l.status in ('QUALIFIED', 'CONVERTED'))
                       and count(*) filter (where l.status in ('QUALIFIED', 'CONVERTED'))
                           > count(*) filter (where l.deal_id is not null)
                       and count(*) filter (where l.deal_id is not null) > count(d.id) filter (where d.status = 'WON')
                       and count(d.id) filter (where d.status = 'WON') > 0
                    from leads l left join deals d on d.id = l.deal_id""").query(Boolean.class).single())
                    .as("lead > qualified > deal > won").isTrue();

            // a converted lead is the start of its deal: before it, converted when it was created, into its company
            // and one of that company's people, by its owner, its expected value the deal's amount
            assertThat(count(jdbc, "select count(*) from leads where deal_id is not null and status <> 'CONVERTED'"))
                    .as("a lead with a deal is converted").isZero();
            assertThat(count(jdbc, """
                    select count(*) from leads l join deals d on d.id = l.deal_id
                    left join contacts c on c.id = l.contact_id
                    where not (l.created_at < l.converted_at
                               and abs(extract(epoch from l.converted_at - d.created_at)) < 60
                               and l.company_id = d.company_id and l.owner_id is not distinct from d.owner_id
                               and (c.id is null or c.company_id = d.company_id)
                               and l.expected_value is not distinct from d.amount
                               and l.currency is not distinct from d.currency)""")).isZero();
            assertThat(count(jdbc, "select count(*) from deals d where exists (select 1 from leads l"
                    + " where l.deal_id = d.id)")).as("about three in five deals began as a lead")
                    .isBetween(count(jdbc, "select count(*) * 4 / 10 from deals"),
                            count(jdbc, "select count(*) * 8 / 10 from deals"));
            // the start page's leads to call are the last weeks' (and the paid search's), not the history's
            assertThat(count(jdbc, "select count(*) from leads where status in ('NEW', 'CONTACTED')"
                    + " and created_at < now() - interval '3 months'")).isZero();
            assertThat(count(jdbc, "select count(*) from leads where status in ('NEW', 'CONTACTED')")).isPositive();
            // what quick search finds: the lead's folded names
            assertThat(count(jdbc, "select count(*) from leads where search_text = ''"
                    + " or search_text <> lower(search_text) or search_text ~ '[ąćęłńśźżáčďéěíňřšťúůýž]'")).isZero();
        }
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
