package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The marketing KPIs over one marketer's campaigns started in February 2023 (the attribution settings every
 * installation starts with: last touch, a 30-day window, clicks only) and one paid keyword of July 2017. Every
 * expected figure is worked out by hand beside its assertion; campaign ROI is checked against the campaign report's.
 */
class MarketingKpiTests extends WebTest {

    private static final String FEBRUARY = "from=2023-02-01&to=2023-02-28";

    private UserSummary marketer;
    private Http admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        marketer = testUsers.create(Role.MARKETING);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        assertThat(jdbc.sql("select window_days || ' ' || model || ' ' || count_opens from attribution_settings")
                .query(String.class).single()).isEqualTo("30 LAST_TOUCH false");
    }

    private static Timestamp noon(String day) {
        return Timestamp.from(LocalDate.parse(day).atTime(12, 0).atZone(ZoneId.of("Europe/Warsaw")).toInstant());
    }

    private long campaign(String name, String started, String cost) {
        return jdbc.sql("""
                insert into campaigns (name, purpose_id, state, started_at, finished_at, cost, cost_currency, owner_id)
                values (:name, (select min(id) from consent_purposes), 'SENT', :started, :started, :cost,
                    :currency, :owner) returning id""")
                .param("name", name + " " + suffix).param("started", noon(started))
                .param("cost", cost == null ? null : new BigDecimal(cost))
                .param("currency", cost == null ? null : "PLN").param("owner", marketer.id())
                .query(Long.class).single();
    }

    private long contact(String name) {
        return jdbc.sql("insert into contacts (last_name, owner_id) values (:n, :o) returning id")
                .param("n", name + " " + suffix).param("o", marketer.id()).query(Long.class).single();
    }

    private void sent(long campaign, long contact, String state) {
        jdbc.sql("insert into campaign_recipients (campaign_id, contact_id, state, at) values (:c, :k, :s, "
                + "(select started_at from campaigns where id = :c))").param("c", campaign).param("k", contact)
                .param("s", state).update();
    }

    private void click(long campaign, long contact, String day) {
        jdbc.sql("insert into marketing_events (campaign_id, contact_id, kind, at) values (:c, :k, 'CLICK', :at)")
                .param("c", campaign).param("k", contact).param("at", noon(day)).update();
    }

    private void lead(long contact, String day) {
        jdbc.sql("insert into leads (last_name, contact_id, created_at) values (:n, :k, :at)")
                .param("n", "Lead " + suffix).param("k", contact).param("at", noon(day)).update();
    }

    /** An invoice of {@code net} in {@code currency} at {@code rate} (PLN per unit), with a paid keyword or none. */
    private void invoice(long contact, String day, String net, String currency, String rate, String keyword) {
        jdbc.sql("""
                insert into invoices (number, kind, contact_id, owner_id, language, currency, exchange_rate,
                    issue_date, sale_date, due_date, payment_method, seller_name, buyer_name, net_total, tax_total,
                    gross_total, paid_total, utm_term)
                values (:number, 'INVOICE', :contact, :owner, 'en', :currency, :rate, :day, :day, :day, 'TRANSFER',
                    'Seller', 'Buyer', :net, 0, :net, 0, :keyword)""")
                .param("number", "MK/" + UUID.randomUUID()).param("contact", contact).param("owner", marketer.id())
                .param("currency", currency).param("rate", rate == null ? null : new BigDecimal(rate))
                .param("day", LocalDate.parse(day)).param("net", new BigDecimal(net)).param("keyword", keyword)
                .update();
    }

    private long campaignA;
    private long campaignB;

    /**
     * A (02-05, cost 1,000): sent to Ada, Bob, Cyril, Dora; Eva had no consent. Ada clicked on 02-06 and became a
     * lead on 02-07; Bob clicked on 02-06 and was first invoiced 3,000 PLN on 02-10; Cyril became a lead on 02-08
     * without clicking; Dora did nothing. B (02-20, cost 500): sent to Filip, a customer since 2022, who clicked on
     * 02-21 and was invoiced 100 EUR at 4.5 on 02-23. C (02-22, no cost): sent to Gustav, a lead on 02-23.
     */
    private void campaigns() {
        campaignA = campaign("Spring A", "2023-02-05", "1000.00");
        campaignB = campaign("Spring B", "2023-02-20", "500.00");
        long campaignC = campaign("Spring C", "2023-02-22", null);
        long ada = contact("Ada");
        long bob = contact("Bob");
        long cyril = contact("Cyril");
        long dora = contact("Dora");
        long eva = contact("Eva");
        long filip = contact("Filip");
        long gustav = contact("Gustav");
        for (long c : new long[] { ada, bob, cyril, dora }) {
            sent(campaignA, c, "SENT");
        }
        sent(campaignA, eva, "NO_CONSENT");
        sent(campaignB, filip, "SENT");
        sent(campaignC, gustav, "SENT");
        click(campaignA, ada, "2023-02-06");
        lead(ada, "2023-02-07");
        click(campaignA, bob, "2023-02-06");
        invoice(bob, "2023-02-10", "3000.00", "PLN", null, null);
        lead(cyril, "2023-02-08");
        invoice(filip, "2022-06-01", "100.00", "PLN", null, null);
        click(campaignB, filip, "2023-02-21");
        invoice(filip, "2023-02-23", "100.00", "EUR", "4.5", null);
        lead(gustav, "2023-02-23");
    }

    private JsonNode kpi(String id) {
        return admin.get("/api/v1/analytics/kpis/" + id + "?" + FEBRUARY + "&owner=" + marketer.id()).json();
    }

    @Test
    void campaign_conversion_counts_the_recipients_who_became_leads_or_customers_within_the_window() {
        campaigns();
        JsonNode conversion = kpi("campaign-conversion");
        // sent: A 4 (Eva had no consent), B 1, C 1 = 6; converted: Ada (lead), Bob (first invoice), Cyril (lead, a
        // click is not needed), Gustav (lead); Filip was a customer before: 4 of 6 = 66.7 %
        assertThat(conversion.at("/current/value").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(conversion.at("/current/numerator").decimalValue()).isEqualByComparingTo("4");
        assertThat(conversion.at("/current/denominator").decimalValue()).isEqualByComparingTo("6");
        assertThat(conversion.at("/previous/value").isNull()).as("no campaign in January").isTrue();
        JsonNode records = admin.get("/api/v1/analytics/kpis/campaign-conversion/records?" + FEBRUARY + "&owner="
                + marketer.id()).json();
        // the newest campaign first, then by contact
        assertThat(records.at("/items").findValuesAsString("name")).containsExactly("Gustav " + suffix,
                "Ada " + suffix, "Bob " + suffix, "Cyril " + suffix);
        assertThat(records.at("/items/2/noteKey").asString()).isEqualTo("kpi.campaign-conversion.customer");
    }

    @Test
    void costs_per_lead_and_customer_and_roi_read_the_campaign_reports_attribution() {
        campaigns();
        // campaigns with a cost: A 1,000 + B 500 = 1,500 (C has none)
        // leads credited: A Ada's (Cyril never clicked: no touch to credit); B none: 1,500 / 1 = 1,500.00
        assertThat(kpi("cost-per-lead").at("/current/value").decimalValue()).isEqualByComparingTo("1500.00");
        // customers credited: A Bob, B Filip: 1,500 / 2 = 750.00
        assertThat(kpi("cost-per-customer").at("/current/value").decimalValue()).isEqualByComparingTo("750.00");
        // revenue credited: A 3,000 PLN, B 100 EUR × 4.5 = 450 PLN; (3,450 − 1,500) / 1,500 = 130.0 %
        JsonNode roi = kpi("campaign-roi");
        assertThat(roi.at("/current/value").decimalValue()).isEqualByComparingTo("130.0");
        JsonNode records = admin.get("/api/v1/analytics/kpis/campaign-roi/records?" + FEBRUARY + "&owner="
                + marketer.id()).json();
        // each campaign with its own: B (450 − 500) / 500 = −10.0 %, A (3,000 − 1,000) / 1,000 = 200.0 %
        assertThat(records.at("/items").findValuesAsString("name")).containsExactly("Spring B " + suffix,
                "Spring A " + suffix);
        assertThat(records.at("/items/0/value").decimalValue()).isEqualByComparingTo("-10.0");
        assertThat(records.at("/items/1/value").decimalValue()).isEqualByComparingTo("200.0");
        // one definition: the campaign report says the same (as a fraction)
        assertThat(admin.get("/api/v1/marketing/campaigns/" + campaignA + "/report").json().at("/roi")
                .decimalValue()).isEqualByComparingTo("2.0");
        assertThat(kpi("cost-per-lead").at("/previous/value").isNull()).isTrue();
    }

    @Test
    void keyword_roi_is_the_keyword_reports_roi_of_the_period() {
        String keyword = "ksm-" + suffix;
        jdbc.sql("insert into ad_costs (day, platform, keyword, cost, currency, clicks) values (:d, 'google', :k, "
                + "200, 'PLN', 40)").param("d", LocalDate.of(2017, 7, 10)).param("k", keyword).update();
        invoice(contact("Keyworder"), "2017-07-12", "500.00", "PLN", null, keyword);
        JsonNode roi = admin.get("/api/v1/analytics/kpis/keyword-roi?from=2017-07-01&to=2017-07-31").json();
        // (500 − 200) / 200 = 150.0 %
        assertThat(roi.at("/current/value").decimalValue()).isEqualByComparingTo("150.0");
        JsonNode records = admin.get("/api/v1/analytics/kpis/keyword-roi/records?from=2017-07-01&to=2017-07-31")
                .json();
        assertThat(records.at("/items").findValuesAsString("name")).containsExactly(keyword);
        assertThat(admin.get("/api/v1/analytics/kpis/keyword-roi?from=2017-07-01&to=2017-07-31&owner="
                + marketer.id()).json().at("/notApplied/0").asString()).isEqualTo("OWNER");
    }

    @Test
    void the_marketing_kpi_pages_read_in_the_readers_language() {
        campaigns();
        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "pl"));
        String page = reader.get("/analytics/kpis/campaign-conversion?" + FEBRUARY + "&owner=" + marketer.id())
                .body();
        assertThat(page).contains("Konwersja kampanii", "Gustav " + suffix, "został leadem po „Spring C " + suffix);
        assertThat(reader.get("/analytics/kpis/cost-per-lead?" + FEBRUARY + "&owner=" + marketer.id()).body())
                .contains("Koszt pozyskania leada", "Spring A " + suffix, "1 lead");
        assertThat(reader.get("/analytics/kpis/keyword-roi?from=2017-07-01&to=2017-07-31").status()).isEqualTo(200);
        assertThat(reader.get("/analytics/kpis/campaign-roi?" + FEBRUARY).status()).isEqualTo(200);
        assertThat(reader.get("/analytics/kpis/cost-per-customer?" + FEBRUARY).status()).isEqualTo(200);
    }
}
