package app.klient.analytics.kpi.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sales KPIs over a small hand-made data set of a fresh salesperson in 2023 (every figure is asked for with
 * {@code owner} = that person), in a pipeline of its own with two stages, A (20 %) and B (60 %). The expected values
 * are computed by hand beside each assertion.
 */
class SalesKpisTests extends WebTest {

    private UserSummary owner;
    private Http admin;
    private String suffix;
    private long pipeline;
    private long stageA;
    private long stageB;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        pipeline = jdbc.sql("insert into pipelines (name, position) values (:n, 99) returning id")
                .param("n", "KPI " + suffix).query(Long.class).single();
        stageA = stage("A", 0, 20);
        stageB = stage("B", 1, 60);
        // 1 XTS = 4 PLN from the end of 2022 on
        jdbc.sql("insert into exchange_rates (currency, rate, valid_from) values ('XTS', 4, '2022-12-31')"
                + " on conflict (currency, valid_from) do update set rate = excluded.rate").update();
    }

    private long stage(String name, int position, int probability) {
        return jdbc.sql("insert into stages (pipeline_id, name, position, probability) values (:p, :n, :pos, :pr)"
                + " returning id").param("p", pipeline).param("n", name).param("pos", position)
                .param("pr", probability).query(Long.class).single();
    }

    private static OffsetDateTime at(String day) {
        return OffsetDateTime.parse(day + "T12:00:00Z");
    }

    /** A deal created on {@code created} in stage A; {@code status} and {@code closed} as it is now. */
    private long deal(String name, String created, long stage, String amount, String currency, String status,
            String closed) {
        long id = jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status, closed_at,
                    created_at, stage_entered_at)
                values (:name, :pipeline, :stage, :owner, :amount, :currency, :status, :closed, :created, :created)
                returning id""")
                .param("name", name + " " + suffix).param("pipeline", pipeline).param("stage", stage)
                .param("owner", owner.id()).param("amount", new BigDecimal(amount)).param("currency", currency)
                .param("status", status).param("closed", closed == null ? null : at(closed))
                .param("created", at(created)).query(Long.class).single();
        move(id, null, stageA, "OPEN", created);
        return id;
    }

    private void move(long deal, Long from, long to, String status, String day) {
        jdbc.sql("insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at)"
                + " values (:d, :f, :t, :s, :at)").param("d", deal).param("f", from).param("t", to)
                .param("s", status).param("at", at(day)).update();
    }

    /**
     * D1: created 03-01, A→B 03-05, won 03-11 (10 days: 4 in A, 6 in B), 1,000 PLN. D2: created 02-01, A→B 02-11,
     * B→A 02-21, A→B 03-01, won 03-21 (48 days: A 10 + 8 = 18, B 10 + 20 = 30), 200 XTS = 800 PLN. D3: created
     * 03-02, lost 03-15, 5,000 PLN. D4: created 01-10, A→B 03-20, open, 3,000 PLN. D5: created 2022-12-01, won
     * 2022-12-20, 700 PLN. D6: created 03-25, open in A, 400 PLN.
     */
    private long[] deals() {
        long d1 = deal("D1", "2023-03-01", stageB, "1000", "PLN", "WON", "2023-03-11");
        move(d1, stageA, stageB, "OPEN", "2023-03-05");
        move(d1, stageB, stageB, "WON", "2023-03-11");
        long d2 = deal("D2", "2023-02-01", stageB, "200", "XTS", "WON", "2023-03-21");
        move(d2, stageA, stageB, "OPEN", "2023-02-11");
        move(d2, stageB, stageA, "OPEN", "2023-02-21");
        move(d2, stageA, stageB, "OPEN", "2023-03-01");
        move(d2, stageB, stageB, "WON", "2023-03-21");
        long d3 = deal("D3", "2023-03-02", stageA, "5000", "PLN", "LOST", "2023-03-15");
        move(d3, stageA, stageA, "LOST", "2023-03-15");
        long d4 = deal("D4", "2023-01-10", stageB, "3000", "PLN", "OPEN", null);
        move(d4, stageA, stageB, "OPEN", "2023-03-20");
        long d5 = deal("D5", "2022-12-01", stageA, "700", "PLN", "WON", "2022-12-20");
        move(d5, stageA, stageA, "WON", "2022-12-20");
        long d6 = deal("D6", "2023-03-25", stageA, "400", "PLN", "OPEN", null);
        return new long[] {d1, d2, d3, d4, d5, d6};
    }

    private JsonNode kpi(String id, String from, String to) {
        return admin.get("/api/v1/analytics/kpis/" + id + "?from=" + from + "&to=" + to + "&owner=" + owner.id())
                .json();
    }

    private JsonNode records(String id, String from, String to) {
        return admin.get("/api/v1/analytics/kpis/" + id + "/records?from=" + from + "&to=" + to + "&owner="
                + owner.id()).json();
    }

    private static String value(JsonNode result, String which) {
        return result.at("/" + which + "/value").decimalValue().toPlainString();
    }

    @Test
    void the_sales_cycle_averages_the_days_to_a_win_and_the_stage_history_gives_the_days_in_each_stage() {
        deals();
        JsonNode march = kpi("sales-cycle", "2023-03-01", "2023-03-31");
        // won in March: D1 (10 days) and D2 (48 days): (10 + 48) / 2 = 29.0; D3 was lost, D4 and D6 are open
        assertThat(march.at("/current/value").decimalValue()).isEqualByComparingTo("29.0");
        // December 2022 is no "year before" of March; March 2022 has no win: undefined, not zero
        assertThat(march.at("/yearBefore/value").isNull() || march.at("/yearBefore/value").isMissingNode()).isTrue();
        assertThat(records("sales-cycle", "2023-03-01", "2023-03-31").at("/items").findValuesAsString("name"))
                .containsExactly("D2 " + suffix, "D1 " + suffix);

        String page = signedIn(owner).get("/analytics/sales/stages?from=2023-03-01&to=2023-03-31&owner="
                + owner.id() + "&pipeline=" + pipeline).body();
        // A: D1 4 days, D2 10 + 8 = 18 days: (4 + 18) / 2 = 11.0; B: D1 6, D2 10 + 20 = 30: (6 + 30) / 2 = 18.0
        assertThat(page).containsSubsequence(">A<", ">2<", ">11<", ">B<", ">2<", ">18<");
        assertThat(signedIn(owner).get("/analytics/kpis/sales-cycle?from=2023-03-01&to=2023-03-31").body())
                .contains("/analytics/sales/stages?from=2023-03-01");
    }

    @Test
    void the_close_rate_looks_at_deals_closed_in_the_period_and_the_win_rate_at_deals_created_in_it() {
        long[] d = deals();
        JsonNode close = kpi("close-rate", "2023-03-01", "2023-03-31");
        // closed in March: D1 won, D2 won, D3 lost: 2 / 3 = 66.7 %
        assertThat(close.at("/current/value").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(close.at("/current/denominator").decimalValue()).isEqualByComparingTo("3");
        JsonNode win = kpi("win-rate", "2023-03-01", "2023-03-31");
        // created in March and closed: D1 won, D3 lost (D6 is open, D2 was created in February): 1 / 2 = 50.0 %
        assertThat(win.at("/current/value").decimalValue()).isEqualByComparingTo("50.0");
        // created in February: D2, won: 1 / 1
        assertThat(win.at("/previous/value").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(records("win-rate", "2023-03-01", "2023-03-31").at("/items").findValuesAsString("name"))
                .containsExactlyInAnyOrder("D1 " + suffix, "D3 " + suffix);
        assertThat(records("close-rate", "2023-03-01", "2023-03-31").at("/items").findValuesAsString("name"))
                .containsExactly("D2 " + suffix, "D3 " + suffix, "D1 " + suffix);

        // D3 reopened: open again, it leaves both
        jdbc.sql("update deals set status = 'OPEN', closed_at = null where id = :id").param("id", d[2]).update();
        // closed in March: D1, D2 won: 2 / 2
        assertThat(kpi("close-rate", "2023-03-01", "2023-03-31").at("/current/value").decimalValue())
                .isEqualByComparingTo("100.0");
    }

    @Test
    void the_average_deal_size_converts_each_won_deal_at_its_days_rate() {
        deals();
        JsonNode march = kpi("average-deal-size", "2023-03-01", "2023-03-31");
        // D1 1,000 PLN + D2 200 XTS × 4 = 800 PLN: 1,800 / 2 = 900.00
        assertThat(march.at("/current/value").decimalValue()).isEqualByComparingTo("900.00");
        JsonNode rows = records("average-deal-size", "2023-03-01", "2023-03-31").at("/items");
        assertThat(rows.findValuesAsString("name")).containsExactly("D2 " + suffix, "D1 " + suffix);
        assertThat(rows.get(0).get("value").decimalValue()).isEqualByComparingTo("800.00");
        // in XTS only: D2
        assertThat(admin.get("/api/v1/analytics/kpis/average-deal-size?from=2023-03-01&to=2023-03-31&currency=XTS"
                + "&owner=" + owner.id()).json().at("/current/value").decimalValue()).isEqualByComparingTo("800");
    }

    @Test
    void the_pipeline_is_the_deals_open_at_the_periods_end_as_the_stage_history_tells_it() {
        deals();
        JsonNode march = kpi("pipeline-value", "2023-03-01", "2023-03-31");
        // open on 31 March: D4 (in B since 03-20) 3,000 and D6 (in A) 400: 3,400
        assertThat(march.at("/current/value").decimalValue()).isEqualByComparingTo("3400");
        // open on 28 February: D2 (in A again since 02-21) 200 XTS × 4 = 800 and D4 (in A) 3,000: 3,800
        assertThat(march.at("/previous/value").decimalValue()).isEqualByComparingTo("3800");
        JsonNode weighted = kpi("weighted-pipeline", "2023-03-01", "2023-03-31");
        // 3,000 × 60 % + 400 × 20 % = 1,800 + 80 = 1,880
        assertThat(weighted.at("/current/value").decimalValue()).isEqualByComparingTo("1880");
        // 800 × 20 % + 3,000 × 20 % = 160 + 600 = 760
        assertThat(weighted.at("/previous/value").decimalValue()).isEqualByComparingTo("760");
        JsonNode rows = records("weighted-pipeline", "2023-02-01", "2023-02-28").at("/items");
        assertThat(rows.findValuesAsString("name")).containsExactly("D4 " + suffix, "D2 " + suffix);
        assertThat(rows.get(1).get("value").decimalValue()).isEqualByComparingTo("160");
        // a year at a time, by month: the end of January has only D4 (3,000 in A)
        assertThat(kpi("pipeline-value", "2023-01-01", "2023-12-31").at("/trend/0/value").decimalValue())
                .isEqualByComparingTo("3000");
    }

    private long invoice(String kind, Long corrects, String day, String net, String currency) {
        long company = jdbc.sql("insert into companies (name, country, owner_id) values (:n, 'PL', :o) returning id")
                .param("n", "Buyer " + suffix).param("o", owner.id()).query(Long.class).single();
        return jdbc.sql("""
                insert into invoices (number, kind, corrects_id, correction_reason, company_id, owner_id, language,
                    currency, issue_date, sale_date, due_date, payment_method, seller_name, buyer_name, net_total,
                    tax_total, gross_total, paid_total)
                values (:number, :kind, :corrects, :reason, :company, :owner, 'en', :currency, :day, :day, :day,
                    'TRANSFER', 'Seller', 'Buyer', :net, 0, :net, 0) returning id""")
                .param("number", "KS/" + UUID.randomUUID()).param("kind", kind).param("corrects", corrects)
                .param("reason", corrects == null ? null : "returned").param("company", company)
                .param("owner", owner.id()).param("currency", currency).param("day", LocalDate.parse(day))
                .param("net", new BigDecimal(net)).query(Long.class).single();
    }

    private void line(long invoice, int position, Long product, String net) {
        jdbc.sql("""
                insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price,
                    discount_percent, tax_rate, net_amount)
                values (:i, :pos, :p, 'Line', 1, 'pcs', abs(:net), 0, 0, :net)""").param("i", invoice)
                .param("pos", position).param("p", product).param("net", new BigDecimal(net)).update();
    }

    @Test
    void revenue_adds_the_net_of_invoices_and_corrections_in_the_company_currency() {
        long product = jdbc.sql("insert into products (sku, name, unit_price, currency, tax_rate)"
                + " values (:s, :s, 1, 'PLN', 23) returning id").param("s", "KS-" + suffix).query(Long.class)
                .single();
        long i1 = invoice("INVOICE", null, "2023-03-03", "1000", "PLN");
        line(i1, 1, product, "600");
        line(i1, 2, null, "400");
        long i2 = invoice("INVOICE", null, "2023-03-10", "100", "XTS");
        line(i2, 1, null, "100");
        long c1 = invoice("CORRECTION", i1, "2023-03-20", "-200", "PLN");
        line(c1, 1, product, "-200");
        long i3 = invoice("INVOICE", null, "2023-04-02", "500", "PLN");
        line(i3, 1, null, "500");

        JsonNode year = kpi("revenue", "2023-01-01", "2023-12-31");
        // 1,000 + 100 XTS × 4 − 200 + 500 = 1,700
        assertThat(year.at("/current/value").decimalValue()).isEqualByComparingTo("1700");
        // by month: March 1,000 + 400 − 200 = 1,200; April 500
        assertThat(year.at("/trend").size()).isEqualTo(12);
        assertThat(year.at("/trend/2/value").decimalValue()).isEqualByComparingTo("1200");
        assertThat(year.at("/trend/3/value").decimalValue()).isEqualByComparingTo("500");
        JsonNode rows = records("revenue", "2023-03-01", "2023-03-31").at("/items");
        assertThat(rows.findValuesAsString("kind")).containsExactly("kpi.record.invoice.CORRECTION",
                "kpi.record.invoice.INVOICE", "kpi.record.invoice.INVOICE");
        assertThat(rows.get(1).get("value").decimalValue()).isEqualByComparingTo("400");
        // the product's lines only: 600 on I1, −200 on its correction
        assertThat(admin.get("/api/v1/analytics/kpis/revenue?from=2023-03-01&to=2023-03-31&product=" + product
                + "&owner=" + owner.id()).json().at("/current/value").decimalValue()).isEqualByComparingTo("400");
    }

    private void lead(String name, String status, Long deal, String created) {
        jdbc.sql("insert into leads (last_name, status, deal_id, owner_id, created_at) values (:n, :s, :d, :o, :c)")
                .param("n", name + " " + suffix).param("s", status).param("d", deal).param("o", owner.id())
                .param("c", at(created)).update();
    }

    @Test
    void the_funnel_follows_the_periods_leads_to_won_deals() {
        long[] d = deals();
        lead("L1", "NEW", null, "2023-03-02");
        lead("L2", "QUALIFIED", null, "2023-03-03");
        lead("L3", "CONVERTED", d[0], "2023-03-04");
        lead("L4", "CONVERTED", d[2], "2023-03-05");
        lead("L5", "DISQUALIFIED", null, "2023-03-06");
        lead("L6", "CONVERTED", d[1], "2023-02-06");

        JsonNode march = kpi("funnel-conversion", "2023-03-01", "2023-03-31");
        // 5 leads in March, L3's deal D1 won: 1 / 5 = 20.0 %
        assertThat(march.at("/current/value").decimalValue()).isEqualByComparingTo("20.0");
        // February: L6, its deal D2 won: 1 / 1
        assertThat(march.at("/previous/value").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(records("funnel-conversion", "2023-03-01", "2023-03-31").at("/items").findValuesAsString("noteKey"))
                // newest first: L5 disqualified, L4 with the lost D3, L3 with the won D1, L2 qualified, L1 new
                .containsExactly("kpi.funnel.step.lead", "kpi.funnel.step.deal", "kpi.funnel.step.won",
                        "kpi.funnel.step.qualified", "kpi.funnel.step.lead");

        String page = signedIn(owner).get("/analytics/sales/funnel?from=2023-03-01&to=2023-03-31&owner="
                + owner.id()).body();
        // lead 5; qualified L2, L3, L4 = 3 (60 % of the leads); deal L3, L4 = 2 (kept 66.7 % of 3); won 1 (50 % of 2)
        assertThat(page).containsSubsequence(">5<", ">3<", "60 % of the leads", ">2<",
                "kept 66.7 % of the step before, lost 33.3 %", ">1<", "kept 50 % of the step before");
    }

    @Test
    void activities_per_salesperson_count_calls_meetings_emails_and_tasks_done_per_person() {
        UserSummary colleague = testUsers.create(Role.SALES);
        long team = jdbc.sql("insert into teams (name) values (:n) returning id").param("n", "KPI team " + suffix)
                .query(Long.class).single();
        for (UserSummary member : new UserSummary[] {owner, colleague}) {
            jdbc.sql("insert into user_teams (user_id, team_id) values (:u, :t)").param("u", member.id())
                    .param("t", team).update();
        }
        activity(owner, "CALL", at("2023-03-02"));
        activity(owner, "MEETING", at("2023-03-03"));
        activity(owner, "EMAIL", at("2023-03-04"));
        activity(owner, "NOTE", at("2023-03-05"));
        activity(owner, "CALL", at("2023-04-01"));
        activity(colleague, "CALL", at("2023-03-10"));
        activity(colleague, "CALL", at("2023-03-11"));
        task(owner, true, at("2023-03-06"));
        task(owner, false, null);
        task(owner, true, at("2023-02-27"));
        activity(owner, "MEETING", OffsetDateTime.now().plusDays(1));

        JsonNode mine = kpi("activities-per-salesperson", "2023-03-01", "2023-03-31");
        // the owner in March: a call, a meeting, an e-mail and a task done (the note does not count): 4 / 1
        assertThat(mine.at("/current/value").decimalValue()).isEqualByComparingTo("4.0");
        assertThat(records("activities-per-salesperson", "2023-03-01", "2023-03-31").at("/items")
                .findValuesAsString("kind")).containsExactly("kpi.record.activity.TASK",
                        "kpi.record.activity.EMAIL", "kpi.record.activity.MEETING", "kpi.record.activity.CALL");
        JsonNode both = admin.get("/api/v1/analytics/kpis/activities-per-salesperson?from=2023-03-01&to=2023-03-31"
                + "&team=" + team).json();
        // the team: the owner's 4 and the colleague's 2 calls over 2 people: 6 / 2 = 3.0
        assertThat(both.at("/current/value").decimalValue()).isEqualByComparingTo("3.0");
        // tomorrow's meeting has not taken place
        LocalDate today = LocalDate.now();
        JsonNode ahead = kpi("activities-per-salesperson", today.plusDays(1).toString(),
                today.plusDays(3).toString());
        assertThat(ahead.at("/current/value").isNull() || ahead.at("/current/value").isMissingNode()).isTrue();

        // a manager reads the team's page (a salesperson reads only their own line)
        String page = signedInAs(Role.MANAGER)
                .get("/analytics/sales/activities?from=2023-03-01&to=2023-03-31&team=" + team).body();
        // the owner first (4: 1 call, 1 meeting, 1 e-mail, 1 task), then the colleague (2 calls)
        assertThat(page).containsSubsequence(owner.name(), ">1<", ">1<", ">1<", ">1<", ">4<", colleague.name(),
                ">2<", ">0<", ">0<", ">0<", ">2<");
    }

    private void activity(UserSummary who, String type, OffsetDateTime when) {
        jdbc.sql("insert into activities (type, subject, occurred_at, owner_id) values (:t, :s, :at, :o)")
                .param("t", type).param("s", type + " " + suffix).param("at", when).param("o", who.id()).update();
    }

    private void task(UserSummary who, boolean done, OffsetDateTime doneAt) {
        jdbc.sql("insert into tasks (title, due_at, assignee_id, done, done_at) values (:t, :due, :a, :d, :at)")
                .param("t", "Task " + suffix).param("due", at("2023-03-01")).param("a", who.id()).param("d", done)
                .param("at", doneAt).update();
    }
}
