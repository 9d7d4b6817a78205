package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The customer and margin KPIs over small hand-made data sets, each expected figure computed by hand beside its
 * assertion: churn and retention rate (and the administrator's days that lose a customer), revenue per customer,
 * lifetime value and customer equity (one invoice in a foreign currency at its rate), retention cost, gross margin
 * and its rate (a correction, a coupon line, a product without a cost price), the drill-downs, cohorts and the
 * margins breakdown, and the settings' bad input.
 */
class CustomerKpisTests extends WebTest {

    private UserSummary owner;
    private Http admin;
    private String suffix;
    private String mine;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        mine = "&owner=" + owner.id();
    }

    private long company(String name) {
        return jdbc.sql("insert into companies (name, country, owner_id) values (:n, 'PL', :o) returning id")
                .param("n", name + " " + suffix).param("o", owner.id()).query(Long.class).single();
    }

    private long person(String name) {
        return jdbc.sql("insert into contacts (last_name, owner_id) values (:n, :o) returning id")
                .param("n", name + " " + suffix).param("o", owner.id()).query(Long.class).single();
    }

    private long invoice(Long company, Long contact, String issued, String net) {
        return invoice(company, contact, issued, net, "PLN", null);
    }

    private long invoice(Long company, Long contact, String issued, String net, String currency, Long corrects) {
        return jdbc.sql("""
                insert into invoices (number, kind, corrects_id, correction_reason, company_id, contact_id, owner_id,
                    language, currency, issue_date, sale_date, due_date, payment_method, seller_name, buyer_name,
                    net_total, tax_total, gross_total, paid_total)
                values (:number, :kind, :corrects, :reason, :company, :contact, :owner, 'en', :currency, :issued,
                    :issued, :issued, 'TRANSFER', 'Seller', 'Buyer', :net, 0, :net, 0) returning id""")
                .param("number", "CK/" + UUID.randomUUID()).param("kind", corrects == null ? "INVOICE" : "CORRECTION")
                .param("corrects", corrects).param("reason", corrects == null ? null : "returned")
                .param("company", company).param("contact", contact).param("owner", owner.id())
                .param("currency", currency).param("issued", LocalDate.parse(issued))
                .param("net", new BigDecimal(net)).query(Long.class).single();
    }

    private long product(String name, String cost, String currency) {
        return jdbc.sql("""
                insert into products (sku, name, unit_price, currency, tax_rate, cost_price)
                values (:sku, :name, 100, :currency, 23, :cost) returning id""")
                .param("sku", "CK-" + UUID.randomUUID()).param("name", name + " " + suffix)
                .param("currency", currency).param("cost", cost == null ? null : new BigDecimal(cost))
                .query(Long.class).single();
    }

    private void line(long invoice, Long product, String quantity, String net) {
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal n = new BigDecimal(net);
        jdbc.sql("""
                insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price,
                    discount_percent, tax_rate, net_amount)
                values (:invoice, 1, :product, 'line', :quantity, 'pcs', :price, 0, 0, :net)""")
                .param("invoice", invoice).param("product", product).param("quantity", q)
                .param("price", n.divide(q, 2, java.math.RoundingMode.HALF_UP).abs()).param("net", n).update();
    }

    private static BigDecimal value(JsonNode result, String figure) {
        JsonNode v = result.at("/" + figure + "/value");
        return v.isNull() || v.isMissingNode() ? null : v.decimalValue();
    }

    /**
     * Lost after 365 days. The year 2018 (E = 2018-12-31): at its start are those who bought in 2017-01-01 …
     * 2017-12-31. Alfa bought 2017-03-01 and 2018-02-01 (within 365 days), so stays; Beta bought only 2017-06-10,
     * lost on 2018-06-10; Gamma bought 2017-12-20 and next 2018-12-28 (373 days later), lost on 2018-12-20 and won
     * back; Nowak (private) bought 2017-01-01 only, lost on 2018-01-01; Delta bought only 2016-05-01 (not at the
     * start of 2018, but at the start of 2017, lost on 2017-05-01); Epsilon first bought 2018-03-01 (new).
     */
    private void customers() {
        long alfa = company("Alfa");
        long beta = company("Beta");
        long gamma = company("Gamma");
        long delta = company("Delta");
        long epsilon = company("Epsilon");
        long nowak = person("Nowak");
        invoice(alfa, null, "2017-03-01", "100");
        invoice(alfa, null, "2018-02-01", "1000");
        invoice(beta, null, "2017-06-10", "100");
        invoice(gamma, null, "2017-12-20", "100");
        invoice(gamma, null, "2018-12-28", "500");
        invoice(null, nowak, "2017-01-01", "100");
        invoice(delta, null, "2016-05-01", "100");
        invoice(epsilon, null, "2018-03-01", "1000", "THB", null);
        long alfas = jdbc.sql("select id from invoices where company_id = :c and issue_date = '2018-02-01'")
                .param("c", alfa).query(Long.class).single();
        invoice(alfa, null, "2018-04-01", "-200", "PLN", alfas);
        // 1 THB = 0.03 PLN from 2018: Epsilon's 1,000 THB are 30 PLN
        jdbc.sql("insert into exchange_rates (currency, rate, valid_from) values ('THB', 0.03, '2018-01-01')"
                + " on conflict do nothing").update();
    }

    @Test
    void churn_and_retention_count_the_customers_at_the_start_lost_and_still_customers_at_the_end() {
        customers();
        JsonNode churn = admin.get("/api/v1/analytics/kpis/churn-rate?from=2018-01-01&to=2018-12-31" + mine).json();
        // at the start: Alfa, Beta, Gamma, Nowak = 4; lost: Beta, Gamma, Nowak = 3; 3 ÷ 4 = 75.0 %
        assertThat(value(churn, "current")).isEqualByComparingTo("75.0");
        assertThat(churn.at("/current/numerator").decimalValue()).isEqualByComparingTo("3");
        assertThat(churn.at("/current/denominator").decimalValue()).isEqualByComparingTo("4");
        // 2017: at its start Delta only (bought 2016-05-01), lost on 2017-05-01: 1 ÷ 1 = 100.0 %
        assertThat(value(churn, "previous")).isEqualByComparingTo("100.0");

        JsonNode retention = admin.get("/api/v1/analytics/kpis/retention-rate?from=2018-01-01&to=2018-12-31" + mine)
                .json();
        // still customers on 2018-12-31 (a purchase in 2018-01-01 … 2018-12-31): Alfa and Gamma; 2 ÷ 4 = 50.0 %
        assertThat(value(retention, "current")).isEqualByComparingTo("50.0");

        JsonNode lost = admin.get("/api/v1/analytics/kpis/churn-rate/records?from=2018-01-01&to=2018-12-31" + mine)
                .json();
        // newest lost first: Gamma 2018-12-20, Beta 2018-06-10, Nowak 2018-01-01
        assertThat(lost.at("/items").findValuesAsString("name"))
                .containsExactly("Gamma " + suffix, "Beta " + suffix, "Nowak " + suffix);
        assertThat(lost.at("/items/0/day").asString()).isEqualTo("2018-12-20");
        JsonNode kept = admin.get("/api/v1/analytics/kpis/retention-rate/records?from=2018-01-01&to=2018-12-31"
                + mine).json();
        assertThat(kept.at("/items").findValuesAsString("name")).containsExactlyInAnyOrder("Alfa " + suffix,
                "Gamma " + suffix);

        // lost after 400 days: Gamma's 373 days are no longer a loss; Beta (2018-07-15), Nowak (2018-02-05) are
        JsonNode before = admin.get("/api/v1/analytics/settings").json();
        try {
            assertThat(admin.putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": 400, \"serviceHourCost\": "
                    + "0, \"lifespanYears\": 3, \"discountPercent\": 10, \"version\": " + before.get("version")
                    + "}").status()).isEqualTo(200);
            JsonNode longer = admin.get("/api/v1/analytics/kpis/churn-rate?from=2018-01-01&to=2018-12-31" + mine)
                    .json();
            // at the start (a purchase in 2016-11-27 … 2017-12-31): the same 4; lost 2: 50.0 %
            assertThat(value(longer, "current")).isEqualByComparingTo("50.0");
        }
        finally {
            restore(before);
        }
    }

    private void restore(JsonNode before) {
        JsonNode now = admin.get("/api/v1/analytics/settings").json();
        admin.putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": " + before.get("lostAfterDays")
                + ", \"serviceHourCost\": " + before.get("serviceHourCost") + ", \"lifespanYears\": "
                + before.get("lifespanYears") + ", \"discountPercent\": " + before.get("discountPercent")
                + ", \"version\": " + now.get("version") + "}");
    }

    @Test
    void revenue_per_customer_lifetime_value_and_equity_read_the_periods_revenue_in_the_company_currency() {
        customers();
        String year = "?from=2018-01-01&to=2018-12-31" + mine;
        // 2018 revenue: Alfa 1,000 − 200 (correction) + Gamma 500 + Epsilon 1,000 THB × 0.03 = 30 → 1,330 PLN;
        // customers with an invoice: Alfa, Gamma, Epsilon = 3; 1,330 ÷ 3 = 443.33
        JsonNode perCustomer = admin.get("/api/v1/analytics/kpis/revenue-per-customer" + year).json();
        assertThat(value(perCustomer, "current")).isEqualByComparingTo("443.33");
        // in THB only: Epsilon, 30 ÷ 1
        assertThat(value(admin.get("/api/v1/analytics/kpis/revenue-per-customer" + year + "&currency=THB").json(),
                "current")).isEqualByComparingTo("30.00");

        // CLV over the 12 months to 2018-12-31 (the year itself): average purchase value 1,330 ÷ 3 purchases ×
        // frequency 3 purchases ÷ 3 customers × 3 years = 1,330.00
        JsonNode clv = admin.get("/api/v1/analytics/kpis/customer-lifetime-value" + year).json();
        assertThat(value(clv, "current")).isEqualByComparingTo("1330.00");
        // historical value up to 2018-12-31, highest 2018 revenue first: Alfa 100 + 1,000 − 200 = 900,
        // Gamma 100 + 500 = 600, Epsilon 30
        JsonNode history = admin.get("/api/v1/analytics/kpis/customer-lifetime-value/records" + year).json();
        assertThat(history.at("/items").findValuesAsString("name"))
                .containsExactly("Alfa " + suffix, "Gamma " + suffix, "Epsilon " + suffix);
        assertThat(history.at("/items/0/value").decimalValue()).isEqualByComparingTo("900.00");
        assertThat(history.at("/items/1/value").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(history.at("/items/2/value").decimalValue()).isEqualByComparingTo("30.00");

        // equity: 1,330 ÷ 3 × 3 purchases in the year × (1/1.1 + 1/1.21 + 1/1.331 = 2.4868519910) = 3,307.51
        JsonNode equity = admin.get("/api/v1/analytics/kpis/customer-equity" + year).json();
        assertThat(value(equity, "current")).isEqualByComparingTo("3307.51");
        // each customer of the year: 1,330 ÷ 3 × 1 purchase × 2.4868519910 = 1,102.50 (the three make the figure)
        JsonNode worth = admin.get("/api/v1/analytics/kpis/customer-equity/records" + year).json();
        assertThat(worth.at("/items").findValuesAsString("name"))
                .containsExactlyInAnyOrder("Alfa " + suffix, "Gamma " + suffix, "Epsilon " + suffix);
        assertThat(worth.at("/items/0/value").decimalValue()).isEqualByComparingTo("1102.50");

        // the half year 2018-01-01 … 2018-06-30 is read as the customers stood at its end: the 12 months to
        // 2018-06-30 (from 2017-07-01) hold Gamma's 100 of 2017-12-20, Alfa's 1,000 and its −200 correction,
        // Epsilon's 30: revenue 930, 3 purchases by 3 customers (Beta's of 2017-06-10 is before them).
        // CLV = 930 ÷ 3 × 3 ÷ 3 × 3 = 930.00; equity = 930 ÷ 3 × 3 × 2.4868519910 = 2,312.77
        String half = "?from=2018-01-01&to=2018-06-30" + mine;
        assertThat(value(admin.get("/api/v1/analytics/kpis/customer-lifetime-value" + half).json(), "current"))
                .isEqualByComparingTo("930.00");
        assertThat(value(admin.get("/api/v1/analytics/kpis/customer-equity" + half).json(), "current"))
                .isEqualByComparingTo("2312.77");
    }

    @Test
    void a_weeks_lifetime_value_and_equity_are_of_the_order_of_the_years() {
        customers();
        // the week 2018-01-29 … 2018-02-04, as the customers stood at its end: the 12 months to 2018-02-04 (from
        // 2017-02-05) hold Alfa's 100 of 2017-03-01 and 1,000 of 2018-02-01, Beta's 100 of 2017-06-10, Gamma's 100
        // of 2017-12-20 — revenue 1,300, 4 purchases by 3 customers (Nowak's of 2017-01-01 is before them).
        // CLV = 1,300 ÷ 4 × 4 ÷ 3 × 3 = 1,300.00, where the week's one purchase made yearly gave 1,000 × 365 ÷ 7 × 3
        // = 156,428.57, and the week's average with the year's frequency 4,000.00; equity = 1,300 × 2.4868519910
        // = 3,232.91
        String week = "?from=2018-01-29&to=2018-02-04" + mine;
        BigDecimal weekly = value(admin.get("/api/v1/analytics/kpis/customer-lifetime-value" + week).json(), "current");
        assertThat(weekly).isEqualByComparingTo("1300.00");
        assertThat(value(admin.get("/api/v1/analytics/kpis/customer-equity" + week).json(), "current"))
                .isEqualByComparingTo("3232.91");
        BigDecimal yearly = value(admin.get("/api/v1/analytics/kpis/customer-lifetime-value?from=2018-01-01"
                + "&to=2018-12-31" + mine).json(), "current");
        assertThat(weekly.divide(yearly, 2, java.math.RoundingMode.HALF_UP)).isBetween(new BigDecimal("0.1"),
                BigDecimal.TEN);
        // a week without a purchase has the figure of the 12 months to its end (from 2017-01-15: Alfa's, Beta's and
        // Gamma's 100 each, 3 purchases by 3 customers): 300 ÷ 3 × 3 = 300.00, not a gap in the trend
        assertThat(value(admin.get("/api/v1/analytics/kpis/customer-lifetime-value?from=2018-01-08&to=2018-01-14"
                + mine).json(), "current")).isEqualByComparingTo("300.00");
        // twelve months without a purchase have none
        assertThat(value(admin.get("/api/v1/analytics/kpis/customer-lifetime-value?from=2020-01-01&to=2020-12-31"
                + mine).json(), "current")).isNull();
    }

    @Test
    void gross_margin_takes_cost_times_quantity_from_net_lines_with_corrections_and_leaves_out_unknown_costs() {
        long alfa = company("Alfa");
        long epsilon = company("Epsilon");
        long pump = product("Pump", "60", "PLN");
        long valve = product("Valve", null, "PLN");
        long seal = product("Seal", "200", "THB");
        jdbc.sql("insert into exchange_rates (currency, rate, valid_from) values ('THB', 0.03, '2018-01-01')"
                + " on conflict do nothing").update();
        long first = invoice(alfa, null, "2019-02-01", "1000");
        line(first, pump, "10", "800");          // cost 10 × 60 = 600
        line(first, null, "-1", "-100");         // a coupon's discount: no cost
        line(first, valve, "1", "300");          // no cost price: left out
        long correction = invoice(alfa, null, "2019-04-01", "-200", "PLN", first);
        line(correction, pump, "-2", "-160");    // cost −2 × 60 = −120
        line(correction, null, "-1", "-40");
        long second = invoice(alfa, null, "2019-12-28", "500");
        line(second, pump, "5", "500");          // cost 300
        long foreign = invoice(epsilon, null, "2019-03-01", "1000", "THB", null);
        line(foreign, seal, "2", "1000");        // 1,000 THB = 30 PLN; cost 2 × 200 THB = 400 THB = 12 PLN

        String year = "?from=2019-01-01&to=2019-12-31" + mine;
        // net: 800 − 100 − 160 − 40 + 500 + 30 = 1,030; cost: 600 − 120 + 300 + 12 = 792; margin 238
        JsonNode margin = admin.get("/api/v1/analytics/kpis/gross-margin" + year).json();
        assertThat(value(margin, "current")).isEqualByComparingTo("238.00");
        // 238 ÷ 1,030 = 23.1 %
        JsonNode rate = admin.get("/api/v1/analytics/kpis/gross-margin-rate" + year).json();
        assertThat(value(rate, "current")).isEqualByComparingTo("23.1");
        // the pump only: net 800 − 160 + 500 = 1,140, cost 780, margin 360; 31.6 %
        assertThat(value(admin.get("/api/v1/analytics/kpis/gross-margin" + year + "&product=" + pump).json(),
                "current")).isEqualByComparingTo("360.00");
        assertThat(value(admin.get("/api/v1/analytics/kpis/gross-margin-rate" + year + "&product=" + pump).json(),
                "current")).isEqualByComparingTo("31.6");

        // by invoice, largest margin first: second 200, first 800 − 600 − 100 = 100, foreign 18, correction −80
        JsonNode records = admin.get("/api/v1/analytics/kpis/gross-margin/records" + year).json();
        assertThat(records.at("/items").findValues("id").stream().map(JsonNode::asLong).toList())
                .containsExactly(second, first, foreign, correction);
        assertThat(records.at("/items/3/value").decimalValue()).isEqualByComparingTo("-80.00");

        // by product: pump 360, lines without a product −140, seal 18 (the valve is left out)
        JsonNode byProduct = admin.get("/api/v1/analytics/margins" + year + "&by=PRODUCT").json();
        assertThat(byProduct.at("/items").findValuesAsString("key"))
                .containsExactly(String.valueOf(pump), String.valueOf(seal), "");
        assertThat(byProduct.at("/items/2/margin").decimalValue()).isEqualByComparingTo("-140.00");
        JsonNode bySalesperson = admin.get("/api/v1/analytics/margins" + year + "&by=SALESPERSON").json();
        assertThat(bySalesperson.at("/items/0/margin").decimalValue()).isEqualByComparingTo("238.00");
        assertThat(admin.get("/api/v1/analytics/margins?by=COLOUR").status()).isEqualTo(400);

        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "cs"));
        String page = reader.get("/analytics/margins?by=CUSTOMER&from=2019-01-01&to=2019-12-31" + mine).body();
        assertThat(page).contains("Marže", "Podle zákazníků", "Alfa " + suffix, "Epsilon " + suffix);
        assertThat(reader.get("/analytics/kpis/gross-margin?from=2019-01-01&to=2019-12-31" + mine).body())
                .contains("Hrubá marže", "/analytics/margins");
    }

    @Test
    void cohorts_show_each_month_of_first_purchases_and_who_bought_again() {
        customers();
        JsonNode cohorts = admin.get("/api/v1/analytics/cohorts?from=2017-01-01&to=2017-12-31" + mine).json();
        // first purchases in 2017: Nowak 2017-01, Alfa 2017-03, Beta 2017-06, Gamma 2017-12 (Delta's was 2016)
        assertThat(cohorts.findValuesAsString("month")).containsExactly("2017-01", "2017-03", "2017-06", "2017-12");
        // Alfa (2017-03) bought again in 2018-02: 11 months on, 1 of 1 = 100.0 %; month 1 nothing
        JsonNode march = cohorts.get(1);
        assertThat(march.at("/cells/11/percent").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(march.at("/cells/1/customers").asLong()).isZero();
        // Gamma (2017-12) bought again 2018-12: month 12
        assertThat(cohorts.get(3).at("/cells/12/customers").asLong()).isEqualTo(1);

        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "pl"));
        String page = reader.get("/analytics/cohorts?from=2017-01-01&to=2017-12-31" + mine).body();
        assertThat(page).contains("Kohorty utrzymania", "marzec 2017", "100 %").doesNotContain(">2017-03<");
        // shaded by the stylesheet (the page's policy refuses inline style): everybody at month 0, nobody at 1
        assertThat(page).contains("cohort-cell heat-10 strong", "cohort-cell heat-0\"").doesNotContain("style=");
    }

    @Test
    void retention_cost_divides_campaign_service_and_reward_spend_by_the_customers_retained() {
        // 2012, a year no other test uses: Hansen bought 2011-06-01 and 2012-05-01, so is retained in 2012
        long hansen = person("Hansen");
        long prospect = person("Prospect");
        invoice(null, hansen, "2011-06-01", "100");
        invoice(null, hansen, "2012-05-01", "100");
        long purpose = jdbc.sql("select id from consent_purposes where key = 'newsletter'").query(Long.class)
                .single();
        long campaign = jdbc.sql("""
                insert into campaigns (name, purpose_id, state, started_at, finished_at, cost, cost_currency)
                values (:name, :purpose, 'SENT', '2012-03-10 10:00:00+00', '2012-03-10 11:00:00+00', 1000, 'PLN')
                returning id""").param("name", "Spring " + suffix).param("purpose", purpose).query(Long.class)
                .single();
        for (long contact : new long[] { hansen, prospect }) {
            jdbc.sql("insert into campaign_recipients (campaign_id, contact_id, state, at) values (:c, :p, 'SENT',"
                    + " '2012-03-10 10:00:00+00')").param("c", campaign).param("p", contact).update();
        }
        long ticket = apiAs(Role.SUPPORT).postJson("/api/v1/tickets", "{\"subject\": \"Help " + suffix
                + "\", \"priority\": \"HIGH\"}").json().get("id").asLong();
        jdbc.sql("""
                insert into activities (type, subject, ticket_id, occurred_at, duration_minutes, owner_id)
                values ('CALL', 'Call back', :ticket, '2012-04-02 09:00:00+00', 30, :owner)""")
                .param("ticket", ticket).param("owner", owner.id()).update();

        JsonNode before = admin.get("/api/v1/analytics/settings").json();
        try {
            admin.putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": 365, \"serviceHourCost\": 120, "
                    + "\"lifespanYears\": 3, \"discountPercent\": 10, \"version\": " + before.get("version") + "}");
            JsonNode cost = admin.get("/api/v1/analytics/kpis/retention-cost?from=2012-01-01&to=2012-12-31").json();
            // campaign 1,000 × 1 customer of 2 recipients = 500; service 30 min × 120 an hour = 60; spend 560;
            // retained in 2012: Hansen = 1; 560 ÷ 1 = 560.00
            assertThat(value(cost, "current")).isEqualByComparingTo("560.00");
            assertThat(cost.at("/notApplied").toString()).doesNotContain("OWNER");
            JsonNode records = admin.get("/api/v1/analytics/kpis/retention-cost/records?from=2012-01-01"
                    + "&to=2012-12-31").json();
            assertThat(records.at("/items").findValuesAsString("kind"))
                    .containsExactly("kpi.record.campaign", "kpi.record.ticket");
            assertThat(records.at("/items/1/value").decimalValue()).isEqualByComparingTo("60.00");
            // the owner's customers: Hansen retained, the campaign's share spent on him (500); the call was on a
            // ticket of no customer, so it is nobody's: 500 ÷ 1
            JsonNode owners = admin.get("/api/v1/analytics/kpis/retention-cost?from=2012-01-01&to=2012-12-31"
                    + mine + "&pipeline=1").json();
            assertThat(value(owners, "current")).isEqualByComparingTo("500.00");
            assertThat(owners.at("/notApplied").toString()).doesNotContain("OWNER").contains("PIPELINE");
            assertThat(admin.get("/api/v1/analytics/kpis/retention-cost/records?from=2012-01-01&to=2012-12-31"
                    + mine).json().at("/items").findValuesAsString("kind")).containsExactly("kpi.record.campaign");
            // another salesperson's customers: none retained, nothing spent on them
            long other = testUsers.create(Role.SALES).id();
            assertThat(value(admin.get("/api/v1/analytics/kpis/retention-cost?from=2012-01-01&to=2012-12-31&owner="
                    + other).json(), "current")).isNull();
            assertThat(admin.get("/api/v1/analytics/kpis/retention-cost/records?from=2012-01-01&to=2012-12-31"
                    + "&owner=" + other).json().at("/items").size()).isZero();
        }
        finally {
            restore(before);
        }
    }

    @Test
    void only_an_administrator_changes_the_settings_and_bad_input_is_named_per_field() {
        JsonNode before = admin.get("/api/v1/analytics/settings").json();
        assertThat(before.get("lostAfterDays").asInt()).isPositive();
        assertThat(apiAs(Role.SALES).putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": 365, "
                + "\"serviceHourCost\": 0, \"lifespanYears\": 3, \"discountPercent\": 10, \"version\": "
                + before.get("version") + "}").status()).isEqualTo(403);
        Http.Response bad = admin.putJson("/api/v1/analytics/settings", "{\"lostAfterDays\": 5, \"serviceHourCost\":"
                + " -1, \"lifespanYears\": 99, \"discountPercent\": 150, \"version\": " + before.get("version") + "}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("lostAfterDays", "serviceHourCost", "lifespanYears", "discountPercent");

        Http page = signedIn(testUsers.create(Role.ADMIN, "pl"));
        assertThat(page.get("/analytics/settings").body()).contains("Jak liczone są wskaźniki klientów");
        Http.Response typed = page.postForm("/analytics/settings", Map.of("lostAfterDays", "dużo",
                "serviceHourCost", "85,50", "lifespanYears", "3", "discountPercent", "10",
                "version", before.get("version").toString()));
        assertThat(typed.status()).isEqualTo(200);
        assertThat(typed.body()).contains("Podaj całkowitą liczbę dni od 30 do", "value=\"dużo\"",
                "value=\"85,50\"");
        assertThat(signedIn(testUsers.create(Role.SALES)).get("/analytics/settings").body())
                .contains("Only an administrator changes how customer figures count.");
    }

    @Test
    void a_product_keeps_its_cost_price_through_the_api_and_the_list() {
        JsonNode created = admin.postJson("/api/v1/products", """
                {"sku": "CP-%s", "name": "Cost %s", "unit": "pcs", "unitPrice": 100, "currency": "PLN",
                 "taxRate": 23, "costPrice": 61.5}""".formatted(suffix, suffix)).json();
        assertThat(created.get("costPrice").decimalValue()).isEqualByComparingTo("61.50");
        assertThat(admin.postJson("/api/v1/products", """
                {"sku": "CN-%s", "name": "Cost %s", "unit": "pcs", "unitPrice": 100, "currency": "PLN",
                 "taxRate": 23, "costPrice": -1}""".formatted(suffix, suffix)).status()).isEqualTo(400);
        Http page = signedIn(testUsers.create(Role.ADMIN, "en"));
        assertThat(page.get("/products?q=Cost+" + suffix).body()).contains("Cost price", "61.50");
        assertThat(page.get("/products/" + created.get("id").asLong() + "/edit").body()).contains("id=\"costPrice\"");
    }
}
