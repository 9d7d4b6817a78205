package app.klient.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import app.klient.billing.Purchases;
import app.klient.marketing.journey.JourneyRun;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Journeys at a size (run with {@code -Dklient.bench=true}; not part of CI): a birthday journey to
 * {@value #RECIPIENTS} contacts through the outbox to a local SMTP server (GreenMail), and the look-up of first
 * purchases and their anniversaries among {@value #BUYERS} buyers with five years of orders.
 */
@EnabledIfSystemProperty(named = "klient.bench", matches = "true")
class JourneyBench extends WebTest {

    static final int RECIPIENTS = 2_000;
    static final int BUYERS = 100_000;

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    JourneyRun run;

    @Autowired
    Purchases purchases;

    /** Figures go to a file too: the test's standard output drowns in the SMTP server's log. */
    private static void report(String format, Object... args) {
        String line = String.format(format, args);
        System.out.print(line);
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "journeys-bench.txt"), line,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void birthday_run_and_purchase_look_ups() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'hello@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        LocalDate today = LocalDate.now();
        String day = today.withYear(1985).toString();
        long t0 = System.nanoTime();
        jdbc.sql("""
                insert into contacts (first_name, last_name, emails, birthday, preferred_language)
                select 'Bench', 'Birthday ' || g, array['b' || g || '@bench.test'], cast(:day as date),
                       (array['en', 'pl', 'cs'])[1 + g % 3]
                from generate_series(1, :n) g""").param("day", day).param("n", RECIPIENTS).update();
        jdbc.sql("""
                with c as (select id, emails[1] as address from contacts where last_name like 'Birthday %'),
                k as (insert into consents (contact_id, address, purpose_id, channel, state, source)
                      select c.id, c.address, p.id, 'EMAIL', 'GIVEN', 'IMPORT' from c, consent_purposes p
                      where p.key = 'offers' returning id, contact_id, purpose_id)
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                select contact_id, purpose_id, 'EMAIL', 'GIVEN', id, now() from k""").update();
        report("journeys bench: %d birthday contacts made in %.1f s%n", RECIPIENTS,
                (System.nanoTime() - t0) / 1e9);
        long birthday = jdbc.sql("select id from journeys where kind = 'BIRTHDAY'").query(Long.class).single();
        jdbc.sql("update journeys set enabled = true where id = :id").param("id", birthday).update();
        long t1 = System.nanoTime();
        int sent = run.run(birthday, today);
        double seconds = (System.nanoTime() - t1) / 1e9;
        report("journeys bench: birthday run sent %d messages (each with a coupon, timeline entry, "
                + "outbox row, SMTP hand-over) in %.1f s = %.0f messages/s%n", sent, seconds, sent / seconds);
        long t2 = System.nanoTime();
        int again = run.run(birthday, today);
        report("journeys bench: the same day again sent %d in %.2f s%n", again,
                (System.nanoTime() - t2) / 1e9);
        assertThat(again).isZero();
        jdbc.sql("update journeys set enabled = false where id = :id").param("id", birthday).update();

        long t3 = System.nanoTime();
        jdbc.sql("""
                insert into contacts (first_name, last_name, emails)
                select 'Bench', 'Buyer ' || g, array['p' || g || '@bench.test'] from generate_series(1, :n) g""")
                .param("n", BUYERS).update();
        // each buyer: 1-5 orders over the last five years
        jdbc.sql("""
                insert into orders (number, contact_id, currency, net_total, tax_total, gross_total, ordered_at)
                select 'BENCH/' || c.id || '/' || k, c.id, 'PLN', 100, 23, 123,
                       now() - make_interval(days => ((c.id * 7919 + k * 104729) % 1825)::int)
                from contacts c, generate_series(1, 5) k
                where c.last_name like 'Buyer %' and k <= 1 + c.id % 5""").update();
        jdbc.sql("analyze orders").update();
        report("journeys bench: %d buyers with %d orders made in %.1f s%n", BUYERS,
                jdbc.sql("select count(*) from orders where number like 'BENCH/%'").query(Long.class).single(),
                (System.nanoTime() - t3) / 1e9);
        for (int i = 0; i < 3; i++) {
            long a = System.nanoTime();
            int anniversaries = 0;
            long after = 0;
            while (true) {
                var page = purchases.firstPurchaseAnniversaries(today, after, 200);
                anniversaries += page.size();
                if (page.size() < 200) {
                    break;
                }
                after = page.get(page.size() - 1).contactId();
            }
            long b = System.nanoTime();
            int firsts = 0;
            after = 0;
            while (true) {
                var page = purchases.firstPurchasesBetween(today.minusDays(15), today.minusDays(1), after, 200);
                firsts += page.size();
                if (page.size() < 200) {
                    break;
                }
                after = page.get(page.size() - 1).contactId();
            }
            long c = System.nanoTime();
            report("journeys bench: anniversaries today: %d found in %.0f ms; first purchases in the "
                    + "last 15 days: %d found in %.0f ms%n", anniversaries, (b - a) / 1e6, firsts, (c - b) / 1e6);
        }
    }
}
