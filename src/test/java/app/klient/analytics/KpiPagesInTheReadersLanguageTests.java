package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A KPI's page and the margins page as a Polish or Czech reader reads them: a record's share with its percent sign,
 * amounts to the cent with their currency, days in the reader's date format and products by their names in the
 * reader's language (the filter and the margins by product alike). Each on a small data set of its own owner.
 */
class KpiPagesInTheReadersLanguageTests extends WebTest {

    private UserSummary owner;
    private String suffix;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    /** A page as the reader sees it, its no-break spaces (Polish and Czech group digits with them) as spaces. */
    private String page(String locale, String path) {
        Http reader = signedIn(testUsers.create(Role.MANAGER, locale));
        return reader.get(path).body().replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private long company(String name) {
        return jdbc.sql("insert into companies (name, country, owner_id) values (:n, 'PL', :o) returning id")
                .param("n", name + " " + suffix).param("o", owner.id()).query(Long.class).single();
    }

    private long invoice(long company, LocalDate issued, String net) {
        return jdbc.sql("""
                insert into invoices (number, kind, company_id, owner_id, language, currency, issue_date, sale_date,
                    due_date, payment_method, seller_name, buyer_name, net_total, tax_total, gross_total, paid_total)
                values (:number, 'INVOICE', :company, :owner, 'pl', 'PLN', :day, :day, :day, 'TRANSFER', 'Seller',
                    'Buyer', :net, 0, :net, 0) returning id""").param("number", "RL/" + UUID.randomUUID())
                .param("company", company).param("owner", owner.id()).param("day", issued)
                .param("net", new BigDecimal(net)).query(Long.class).single();
    }

    @Test
    void a_campaigns_roi_is_a_percentage_and_its_cost_an_amount_with_its_currency() {
        jdbc.sql("""
                insert into campaigns (name, purpose_id, state, started_at, finished_at, cost, cost_currency, owner_id)
                values (:name, (select min(id) from consent_purposes), 'SENT', :started, :started, 1234.5, 'PLN',
                    :owner)""").param("name", "Spring " + suffix)
                .param("started", OffsetDateTime.of(2011, 5, 10, 12, 0, 0, 0, ZoneOffset.UTC))
                .param("owner", owner.id()).update();
        // nothing credited to it: (0 − 1,234.50) ÷ 1,234.50 = −100 %
        String page = page("pl", "/analytics/kpis/campaign-roi?from=2011-05-01&to=2011-05-31&owner=" + owner.id());
        assertThat(page).contains("Spring " + suffix).contains("-100 %</td>").contains("koszt 1 234,50 PLN");
    }

    @Test
    void a_lost_customers_last_purchase_is_a_day_in_the_readers_format() {
        invoice(company("Lost"), LocalDate.of(2012, 6, 10), "100");
        String path = "/analytics/kpis/churn-rate?from=2013-01-01&to=2013-12-31&owner=" + owner.id();
        String polish = page("pl", path);
        assertThat(polish).contains("ostatni zakup " + DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(Locale.forLanguageTag("pl")).format(LocalDate.of(2012, 6, 10)))
                .doesNotContain("2012-06-10");
        assertThat(page("cs", path)).contains("poslední nákup " + DateTimeFormatter.ofLocalizedDate(
                FormatStyle.MEDIUM).withLocale(Locale.forLanguageTag("cs")).format(LocalDate.of(2012, 6, 10)));
    }

    @Test
    void products_are_named_in_the_readers_language_in_the_filter_and_the_margins() {
        long product = jdbc.sql("""
                insert into products (sku, name, name_pl, name_cs, unit_price, currency, tax_rate, cost_price)
                values (:sku, :name, :pl, :cs, 100, 'PLN', 23, 60) returning id""")
                .param("sku", "RL-" + suffix).param("name", "Pump " + suffix).param("pl", "Pompa " + suffix)
                .param("cs", "Čerpadlo " + suffix).query(Long.class).single();
        long invoice = invoice(company("Buyer"), LocalDate.of(2014, 3, 3), "1000");
        jdbc.sql("""
                insert into invoice_lines (invoice_id, position, product_id, description, quantity, unit, unit_price,
                    discount_percent, tax_rate, net_amount)
                values (:invoice, 1, :product, 'Pump', 10, 'pcs', 100, 0, 0, 1000)""")
                .param("invoice", invoice).param("product", product).update();
        String margins = "/analytics/margins?by=PRODUCT&from=2014-03-01&to=2014-03-31&owner=" + owner.id();

        String polish = page("pl", margins);
        assertThat(polish).contains(">Pompa " + suffix + "</a>").contains("<option value=\"" + product
                + "\">Pompa " + suffix + "</option>").doesNotContain("Pump " + suffix);
        // its net, cost and margin to the cent, so a column of amounts lines up
        assertThat(polish).contains(">1 000,00</td>", ">600,00</td>", ">400,00</td>");
        assertThat(page("cs", margins)).contains(">Čerpadlo " + suffix + "</a>");
        assertThat(page("en", margins)).contains(">Pump " + suffix + "</a>");

        // the invoice's margin rate, 1,000 − 10 × 60 = 400 of 1,000, is a percentage; its net an amount
        String rate = page("pl", "/analytics/kpis/gross-margin-rate?from=2014-03-01&to=2014-03-31&owner="
                + owner.id());
        assertThat(rate).contains("40 %</td>").contains("netto 1 000,00 PLN");
    }

    @Test
    void a_deals_days_to_its_win_are_days_and_its_creation_a_day() {
        long pipeline = jdbc.sql("select min(id) from pipelines").query(Long.class).single();
        long stage = jdbc.sql("select min(id) from stages where pipeline_id = :p").param("p", pipeline)
                .query(Long.class).single();
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status, created_at,
                    closed_at)
                values (:name, :pipeline, :stage, :owner, 100, 'PLN', 'WON', :created, :closed)""")
                .param("name", "Won " + suffix).param("pipeline", pipeline).param("stage", stage)
                .param("owner", owner.id()).param("created", OffsetDateTime.of(2015, 3, 1, 10, 0, 0, 0,
                        ZoneOffset.UTC))
                .param("closed", OffsetDateTime.of(2015, 3, 13, 22, 0, 0, 0, ZoneOffset.UTC)).update();
        // 12.5 days, created on 1 March 2015
        String page = page("pl", "/analytics/kpis/sales-cycle?from=2015-03-01&to=2015-03-31&owner=" + owner.id());
        // an average is its total over its count, not "12,5 of 1" as a share would be
        assertThat(page).contains("12,5 ÷ 1").doesNotContain("12,5 z 1");
        assertThat(page).contains("12,5 dni</td>").contains("utworzona " + DateTimeFormatter.ofLocalizedDate(
                FormatStyle.MEDIUM).withLocale(Locale.forLanguageTag("pl")).format(LocalDate.of(2015, 3, 1)));
    }
}
