package app.klient.generator;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import app.klient.support.FreshDatabase;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@KlientTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlantedCustomersTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Autowired
    DataSource dataSource;

    private FreshDatabase db;
    private JdbcClient jdbc;
    private PlantedCustomers.Truth truth;

    @BeforeAll
    void fill() {
        db = FreshDatabase.create(dataSource, "planted");
        jdbc = db.jdbc();
        truth = PlantedCustomers.fill(db.dataSource(), 3_000, 2_000, 42, TODAY);
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void the_truth_names_every_company_and_closed_lead_written() {
        assertThat(jdbc.sql("select count(*) from companies").query(Long.class).single()).isEqualTo(3_000);
        assertThat(truth.groupOfCompany()).hasSize(3_000);
        assertThat(jdbc.sql("select count(*) from leads where status in ('CONVERTED', 'DISQUALIFIED')")
                .query(Long.class).single()).isEqualTo(2_000);
        assertThat(jdbc.sql("select count(*) from leads where status = 'NEW' and created_at > :since")
                .param("since", TODAY.minusDays(31)).query(Long.class).single()).isPositive();
        Map<Long, Boolean> converted = new HashMap<>();
        jdbc.sql("select id, status = 'CONVERTED' as converted from leads where status <> 'NEW'")
                .query((row, n) -> converted.put(row.getLong("id"), row.getBoolean("converted"))).list();
        assertThat(converted).isEqualTo(truth.leadConverts());
    }

    @Test
    void the_four_groups_have_their_shares_and_their_attributes() {
        Map<Integer, Long> sizes = new HashMap<>();
        truth.groupOfCompany().values().forEach(g -> sizes.merge(g, 1L, Long::sum));
        double[] shares = { 0.35, 0.30, 0.20, 0.15 };
        for (int g = 0; g < 4; g++) {
            assertThat(sizes.get(g) / 3_000.0).as("share of group %d", g).isCloseTo(shares[g], within(0.04));
        }
        // about 95 % of each group carries exactly its planted country, industry and size
        List<Map<String, Object>> combinations = jdbc.sql("""
                select country, industry, size, count(*) as n from companies
                group by country, industry, size order by n desc limit 4""").query().listOfRows();
        assertThat(combinations).extracting(row -> row.get("industry"))
                .containsExactlyInAnyOrder("Manufacturing", "Retail", "IT services", "Logistics");
        assertThat(combinations.stream().mapToLong(row -> ((Number) row.get("n")).longValue()).sum())
                .isBetween(2_760L, 2_940L);
    }

    @Test
    void the_groups_buy_at_their_own_pace_amount_and_products() {
        Map<Long, double[]> perCompany = new HashMap<>();
        jdbc.sql("""
                select company_id, count(*) as invoices, avg(net_total) as average,
                       (max(issue_date) - min(issue_date))::float / nullif(count(*) - 1, 0) as interval
                from invoices where kind = 'INVOICE' group by company_id""")
                .query((row, n) -> perCompany.put(row.getLong("company_id"), new double[] { row.getDouble("invoices"),
                    row.getDouble("average"), row.getDouble("interval") })).list();
        assertThat(perCompany).hasSize(3_000);
        assertThat(perCompany.values()).allSatisfy(c -> assertThat(c[0]).isGreaterThanOrEqualTo(2));
        double[] planted = { 42_000, 3_000, 8_000, 120_000 };
        for (int g = 0; g < 4; g++) {
            int group = g;
            double average = truth.groupOfCompany().entrySet().stream().filter(e -> e.getValue() == group)
                    .mapToDouble(e -> perCompany.get(e.getKey())[1]).average().orElseThrow();
            assertThat(average).as("net of an invoice in group %d", g).isCloseTo(planted[g], within(planted[g] * 0.05));
        }
        double[] intervals = { 90, 30, 180, 60 };
        for (int g = 0; g < 4; g++) {
            int group = g;
            double[] loyal = truth.groupOfCompany().entrySet().stream()
                    .filter(e -> e.getValue() == group && !truth.churners().contains(e.getKey()))
                    .mapToDouble(e -> perCompany.get(e.getKey())[2]).sorted().toArray();
            double median = loyal[loyal.length / 2];
            assertThat(median).as("days between purchases in group %d", g)
                    .isCloseTo(intervals[g], within(intervals[g] * 0.1));
        }
        assertThat(jdbc.sql("""
                select count(*) from invoices i
                where i.net_total <> (select sum(l.net_amount) from invoice_lines l where l.invoice_id = i.id)""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(distinct p.sku) from invoice_lines l join products p on p.id = l.product_id""")
                .query(Long.class).single()).isEqualTo(7);
    }

    @Test
    void churners_stop_buying_after_their_purchases_slow_down_and_their_complaints_grow() {
        double churnerShare = truth.churners().size() / 3_000.0;
        assertThat(churnerShare).isCloseTo(0.35, within(0.04));
        Map<Long, long[]> signals = new HashMap<>();
        // days since the last purchase; the last interval over the first; tickets in the 90 days before the last
        jdbc.sql("""
                with p as (
                    select company_id, issue_date,
                           issue_date - lag(issue_date) over (partition by company_id order by issue_date) as gap
                    from invoices where kind = 'INVOICE'),
                c as (
                    select company_id, max(issue_date) as last_purchase,
                           (array_agg(gap order by issue_date desc))[1] as last_gap,
                           percentile_cont(0.5) within group (order by gap) as median_gap
                    from p group by company_id)
                select c.company_id, :today - c.last_purchase as recency, c.median_gap,
                       (100 * c.last_gap / c.median_gap)::bigint as slowdown,
                       (select count(*) from tickets t where t.company_id = c.company_id
                           and t.created_at::date between c.last_purchase - 90 and c.last_purchase) as complaints
                from c""").param("today", TODAY)
                .query((row, n) -> signals.put(row.getLong("company_id"), new long[] { row.getLong("recency"),
                    row.getLong("slowdown"), row.getLong("complaints"), row.getLong("median_gap") })).list();

        double churnersSlowing = share(signals, true, s -> s[1] >= 140);
        double othersSlowing = share(signals, false, s -> s[1] >= 140);
        double churnersComplaining = share(signals, true, s -> s[2] >= 2);
        double othersComplaining = share(signals, false, s -> s[2] >= 2);
        // a churner whose decline began shortly before today has not bought at the slower pace yet
        assertThat(churnersSlowing).isGreaterThan(0.7);
        assertThat(othersSlowing).isLessThan(0.15);
        assertThat(churnersComplaining).isGreaterThan(0.85);
        assertThat(othersComplaining).isLessThan(0.15);
        double churnersRecency = signals.entrySet().stream().filter(e -> truth.churners().contains(e.getKey()))
                .mapToLong(e -> e.getValue()[0]).average().orElseThrow();
        double othersRecency = signals.entrySet().stream().filter(e -> !truth.churners().contains(e.getKey()))
                .mapToLong(e -> e.getValue()[0]).average().orElseThrow();
        assertThat(churnersRecency).isGreaterThan(3 * othersRecency);
        // one plain feature, days since the last purchase over the usual days between purchases, already ranks
        // churners above loyal customers most of the time: the models have room to reach an AUC of 0.80
        double recencyAuc = auc(signals.entrySet().stream().map(e -> new double[] {
            (double) e.getValue()[0] / Math.max(1, e.getValue()[3]), truth.churners().contains(e.getKey()) ? 1 : 0 })
                .toList());
        assertThat(recencyAuc).isGreaterThan(0.85);
    }

    @Test
    void leads_convert_by_their_planted_factors() {
        assertThat(rate("true")).isCloseTo(0.30, within(0.05));
        assertThat(rate("source = 'WEB_FORM'")).isGreaterThan(rate("source = 'MANUAL'") + 0.15);
        assertThat(rate("source = 'MANUAL'")).isGreaterThan(rate("source = 'IMPORT'") + 0.1);
        assertThat(rate("utm_source = 'partner'")).isGreaterThan(rate("utm_source is null") + 0.15);
        assertThat(rate("utm_source = 'facebook'")).isLessThan(rate("utm_source is null") - 0.05);
        assertThat(rate("country = 'CZ'")).isGreaterThan(rate("country = 'DE'") + 0.12);
        assertThat(rate("job_title is not null")).isGreaterThan(rate("job_title is null"));
        assertThat(jdbc.sql("select count(*) from leads where status = 'CONVERTED' and converted_at is null")
                .query(Long.class).single()).isZero();
        // the planted log-odds without their noise rank converting leads first well above the models' 0.75
        List<double[]> scored = jdbc.sql("""
                select id, case source when 'WEB_FORM' then 1.5 when 'IMPORT' then -1.5 else 0 end
                         + case utm_source when 'partner' then 1.5 when 'facebook' then -1.0 else 0 end
                         + case country when 'CZ' then 0.8 when 'DE' then -0.8 else 0 end
                         + case when job_title is not null then 0.4 else 0 end as odds
                from leads where status <> 'NEW'""")
                .query((row, n) -> new double[] { row.getDouble("odds"),
                    truth.leadConverts().get(row.getLong("id")) ? 1 : 0 }).list();
        assertThat(auc(scored)).isGreaterThan(0.78);
    }

    @Test
    void invoice_and_ticket_numbers_are_unique_and_everything_is_in_the_past() {
        assertThat(jdbc.sql("select count(*) - count(distinct number) from invoices").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) - count(distinct number) from tickets").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from invoices where issue_date > :today or currency <> 'PLN'")
                .param("today", TODAY).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select max(issue_date) from invoices").query(LocalDate.class).single())
                .isAfter(TODAY.minusDays(10));
        // the sequences moved on: Klient's own inserts after the generator do not collide
        assertThat(jdbc.sql("select nextval(pg_get_serial_sequence('invoices', 'id')) > max(id) from invoices")
                .query(Boolean.class).single()).isTrue();
    }

    private double share(Map<Long, long[]> signals, boolean churners,
            Predicate<long[]> signal) {
        return signals.entrySet().stream().filter(e -> truth.churners().contains(e.getKey()) == churners)
                .mapToDouble(e -> signal.test(e.getValue()) ? 1 : 0).average().orElseThrow();
    }

    /** The probability that a random positive ({@code [1] == 1}) scores above a random negative, ties counting half. */
    private static double auc(List<double[]> scored) {
        List<double[]> sorted = scored.stream().sorted(Comparator.comparingDouble(s -> s[0])).toList();
        double positives = 0;
        double rankSum = 0;
        for (int i = 0; i < sorted.size();) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k)[1] == 1) {
                    positives++;
                    rankSum += rank;
                }
            }
            i = j;
        }
        double negatives = sorted.size() - positives;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private double rate(String where) {
        return jdbc.sql("select avg(case when status = 'CONVERTED' then 1.0 else 0 end) from leads "
                + "where status <> 'NEW' and " + where).query(Double.class).single();
    }
}
