package app.klient.marketing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import app.klient.KlientApplication;
import app.klient.marketing.attribution.Attribution;
import app.klient.marketing.attribution.CampaignReport;
import app.klient.marketing.attribution.KeywordReport;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A new user of the demo company opens Marketing and finds a company that has been marketing for months: last
 * month's newsletter with results that add up, a scheduled and a draft campaign, segments with members, consents
 * with a history that reads in order, paid keywords with their leads, and the birthday journey on.
 */
class DemoMarketingTests {

    @Test
    void the_demo_company_has_been_marketing_for_months_and_its_figures_add_up() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-marketing-");
        try (ConfigurableApplicationContext klient = new SpringApplicationBuilder(KlientApplication.class).run(
                "--server.port=0", "--klient.data-dir=" + dataDir, "--klient.demo-data=",
                "--spring.main.banner-mode=off", "--klient.embedded-postgres.binaries=" + KlientTest.POSTGRES_BINARIES,
                "--klient.admin.email=admin@demo.test", "--klient.admin.password=demo-password-1")) {
            JdbcClient jdbc = klient.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select state from campaigns order by id").query(String.class).list())
                    .containsExactly("SENT", "SCHEDULED", "DRAFT");
            long sent = jdbc.sql("select id from campaigns where state = 'SENT'").query(Long.class).single();

            // the report counts what the recipients' rows and events say, and the campaign's own counters agree
            CampaignReport report = klient.getBean(Attribution.class).report(sent);
            CampaignReport.Funnel funnel = report.funnel();
            long recipients = count(jdbc, "select count(*) from campaign_recipients where campaign_id = :c", sent);
            assertThat(funnel.recipients()).isEqualTo(recipients);
            assertThat(jdbc.sql("select sent_count + skipped_count from campaigns where id = :c").param("c", sent)
                    .query(Long.class).single()).isEqualTo(recipients);
            assertThat(funnel.sent()).isEqualTo(jdbc.sql("select sent_count from campaigns where id = :c")
                    .param("c", sent).query(Long.class).single());
            assertThat(funnel.opened()).isEqualTo(count(jdbc,
                    "select count(distinct contact_id) from marketing_events where campaign_id = :c and kind = 'OPEN'",
                    sent)).isGreaterThan(funnel.clicked());
            assertThat(funnel.clicked()).isEqualTo(count(jdbc,
                    "select count(distinct contact_id) from marketing_events where campaign_id = :c and kind = 'CLICK'",
                    sent)).isPositive();
            assertThat(funnel.bounced()).isEqualTo(1);
            assertThat(funnel.unsubscribed()).isEqualTo(1);
            assertThat(funnel.suppressed()).isEqualTo(1);
            assertThat(report.links()).hasSize(3);
            assertThat(report.links().stream().mapToLong(CampaignReport.LinkClicks::clicks).sum()).isEqualTo(count(
                    jdbc, "select count(*) from marketing_events where campaign_id = :c and kind = 'CLICK'", sent));
            assertThat(report.cost()).isNotNull();
            assertThat(report.attributed().revenue()).isPositive();
            assertThat(report.roi()).isNotNull();

            // everything happened in the past, in order: sent, then opened, then clicked
            assertThat(count(jdbc, """
                    select count(*) from campaign_recipients where campaign_id = :c
                      and (at > now() or opened_at < at or clicked_at < opened_at or clicked_at > now()
                           or (clicked_at is not null and opened_at is null))""", sent)).isZero();
            assertThat(count(jdbc, """
                    select count(*) from marketing_events e join campaign_recipients r
                      on r.campaign_id = e.campaign_id and r.contact_id = e.contact_id
                    where e.campaign_id = :c and (e.at > now() or e.at < r.at)""", sent)).isZero();
            // the unsubscriber's newsletter consent is withdrawn, the bounced address suppressed
            assertThat(count(jdbc, """
                    select count(*) from marketing_events e
                    join consent_states s on s.contact_id = e.contact_id and s.state = 'WITHDRAWN'
                    join consent_purposes p on p.id = s.purpose_id and p.key = 'newsletter'
                    where e.campaign_id = :c and e.kind = 'UNSUBSCRIBE'""", sent)).isEqualTo(1);
            assertThat(count(jdbc, """
                    select count(*) from campaign_recipients r join suppressions s on s.address = r.address
                    where r.campaign_id = :c and r.state = 'BOUNCED' and s.reason = 'HARD_BOUNCE'""", sent))
                    .isEqualTo(1);

            // the latest consent of each contact, purpose and channel is its state; pending and withdrawn exist
            assertThat(jdbc.sql("""
                    select count(*) from consent_states s where s.consent_id <> (select max(c.id) from consents c
                        where c.contact_id = s.contact_id and c.purpose_id = s.purpose_id and c.channel = s.channel)
                       or s.state <> (select c.state from consents c where c.id = s.consent_id)""")
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select state, count(*) from consent_states group by state order by state")
                    .query((rs, n) -> rs.getString(1)).list()).containsExactly("GIVEN", "PENDING", "WITHDRAWN");
            assertThat(jdbc.sql("select count(*) from suppressions").query(Long.class).single()).isGreaterThan(2);

            // segments: dynamic ones with members, the static list filled by hand
            assertThat(jdbc.sql("select kind from segments order by id").query(String.class).list())
                    .containsExactly("DYNAMIC", "DYNAMIC", "DYNAMIC", "STATIC");
            app.klient.marketing.Segments segments = klient.getBean(app.klient.marketing.Segments.class);
            for (long id : jdbc.sql("select id from segments").query(Long.class).list()) {
                assertThat(segments.count(id)).as("segment " + id).isPositive();
            }

            // every keyword with a cost has leads; some brought paying customers
            KeywordReport.Report keywords = klient.getBean(KeywordReport.class).report(null, null, null, 0, 50);
            assertThat(keywords.rows().items()).extracting(KeywordReport.Row::keyword)
                    .containsExactlyInAnyOrderElementsOf(DemoMarketing.KEYWORDS);
            assertThat(keywords.rows().items()).allSatisfy(row -> {
                assertThat(row.leads()).isPositive();
                assertThat(row.cost()).isPositive();
            });
            assertThat(keywords.totals().customers()).isPositive();
            assertThat(keywords.totals().revenue()).isPositive();

            assertThat(jdbc.sql("select enabled from journeys where kind = 'BIRTHDAY'").query(Boolean.class).single())
                    .isTrue();
            List<Long> visitors = jdbc.sql("select distinct contact_id from web_visits").query(Long.class).list();
            assertThat(visitors).isNotEmpty();
            assertThat(count(jdbc, """
                    select count(*) from web_visits w where w.utm_campaign = :utm""", 0)).isPositive();
            assertThat(count(jdbc, """
                    select count(*) from web_visits w where w.utm_campaign = :utm and not exists (
                        select 1 from campaign_recipients r where r.contact_id = w.contact_id
                          and r.clicked_at <= w.at)""", 0)).as("visits from the newsletter follow a click in it")
                    .isZero();
            assertThat(count(jdbc, """
                    select count(*) from web_visits w where not exists (select 1 from consent_states s
                        join consent_purposes p on p.id = s.purpose_id and p.key = 'website-visits'
                        where s.contact_id = w.contact_id and s.state = 'GIVEN')""", 0)).isZero();
        }
    }

    private static long count(JdbcClient jdbc, String sql, long campaign) {
        return jdbc.sql(sql).param("c", campaign).param("utm", DemoMarketing.SENT_UTM).query(Long.class).single();
    }
}
