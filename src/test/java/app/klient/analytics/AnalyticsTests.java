package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The analytics frame on one KPI (new customers) over a small hand-made data set: the figure of a period, the period
 * before and the year before, the trend, the records behind it, filters it honours and those it names as not
 * applied; the dashboard a person arranges (versioned), its pages and the bad input they refuse.
 */
class AnalyticsTests extends WebTest {

    private UserSummary owner;
    private Http admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    private long company(String name, String country) {
        return jdbc.sql("insert into companies (name, country, owner_id) values (:n, :c, :o) returning id")
                .param("n", name + " " + suffix).param("c", country).param("o", owner.id()).query(Long.class).single();
    }

    private long person(String name) {
        return jdbc.sql("insert into contacts (last_name, owner_id) values (:n, :o) returning id")
                .param("n", name + " " + suffix).param("o", owner.id()).query(Long.class).single();
    }

    private long invoice(Long company, Long contact, LocalDate issued) {
        return invoice(company, contact, issued, null);
    }

    /** An invoice of 100 PLN net, or with {@code corrects} a correction of that invoice. */
    private long invoice(Long company, Long contact, LocalDate issued, Long corrects) {
        return jdbc.sql("""
                insert into invoices (number, kind, corrects_id, correction_reason, company_id, contact_id, owner_id,
                    language, currency, issue_date, sale_date, due_date, payment_method, seller_name, buyer_name,
                    net_total, tax_total, gross_total, paid_total)
                values (:number, :kind, :corrects, :reason, :company, :contact, :owner, 'en', 'PLN', :issued, :issued,
                    :issued, 'TRANSFER', 'Seller', 'Buyer', 100, 23, 123, 0) returning id""")
                .param("number", "AN/" + UUID.randomUUID()).param("kind", corrects == null ? "INVOICE" : "CORRECTION")
                .param("corrects", corrects).param("reason", corrects == null ? null : "returned")
                .param("company", company).param("contact", contact).param("owner", owner.id())
                .param("issued", issued).query(Long.class).single();
    }

    /**
     * Alfa: first invoice 2023-02-10 (another 2023-03-05); Beta (CZ): first 2023-03-20; Gamma: first 2022-03-15,
     * again 2023-03-01 (not new in 2023); a private customer: first 2023-03-31; Delta: only a correction in 2023-03
     * (of Gamma's invoice: a correction is no purchase).
     */
    private void data() {
        long alfa = company("Alfa", "PL");
        long beta = company("Beta", "CZ");
        long gamma = company("Gamma", "PL");
        long delta = company("Delta", "PL");
        long private1 = person("Nowak");
        invoice(alfa, null, LocalDate.of(2023, 2, 10));
        invoice(alfa, null, LocalDate.of(2023, 3, 5));
        invoice(beta, null, LocalDate.of(2023, 3, 20));
        long gammas = invoice(gamma, null, LocalDate.of(2022, 3, 15));
        invoice(gamma, null, LocalDate.of(2023, 3, 1));
        invoice(null, private1, LocalDate.of(2023, 3, 31));
        invoice(delta, null, LocalDate.of(2023, 3, 12), gammas);
    }

    @Test
    void new_customers_count_first_invoices_in_the_period_beside_the_period_before_and_the_year_before() {
        data();
        String mine = "&owner=" + owner.id();

        JsonNode march = admin.get("/api/v1/analytics/kpis/new-customers?from=2023-03-01&to=2023-03-31" + mine)
                .json();
        // March 2023: Beta (03-20) and the private customer (03-31); Alfa's first was in February, Gamma's in 2022
        assertThat(march.at("/current/value").decimalValue()).isEqualByComparingTo("2");
        // the month before is February 2023: Alfa
        assertThat(march.at("/previous/from").asString()).isEqualTo("2023-02-01");
        assertThat(march.at("/previous/value").decimalValue()).isEqualByComparingTo("1");
        // March 2022: Gamma
        assertThat(march.at("/yearBefore/value").decimalValue()).isEqualByComparingTo("1");
        // by day: 31 days, Beta on the 20th, the private customer on the 31st
        assertThat(march.at("/trend").size()).isEqualTo(31);
        assertThat(march.at("/trend/19/value").decimalValue()).isEqualByComparingTo("1");
        assertThat(march.at("/trend/0/value").decimalValue()).isEqualByComparingTo("0");

        JsonNode czech = admin.get("/api/v1/analytics/kpis/new-customers?from=2023-01-01&to=2023-12-31&country=cz"
                + mine).json();
        assertThat(czech.at("/current/value").decimalValue()).as("Beta only").isEqualByComparingTo("1");
        long anyProduct = jdbc.sql("insert into products (sku, name, unit_price, currency, tax_rate)"
                + " values (:sku, 'Any', 1, 'PLN', 23) returning id").param("sku", "AN-" + suffix).query(Long.class)
                .single();
        JsonNode product = admin.get("/api/v1/analytics/kpis/new-customers?from=2023-01-01&to=2023-12-31"
                + "&product=" + anyProduct + mine).json();
        assertThat(product.at("/current/value").decimalValue()).as("not filtered by product")
                .isEqualByComparingTo("3");
        assertThat(product.at("/notApplied/0").asString()).isEqualTo("PRODUCT");

        JsonNode records = admin.get("/api/v1/analytics/kpis/new-customers/records?from=2023-03-01&to=2023-03-31"
                + mine).json();
        assertThat(records.at("/items").findValuesAsString("name"))
                .containsExactly("Nowak " + suffix, "Beta " + suffix);
    }

    @Test
    void the_kpi_page_and_the_dashboard_show_the_figure_in_the_readers_language_and_refuse_bad_input() {
        data();
        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "pl"));
        String page = reader.get("/analytics/kpis/new-customers?from=2023-03-01&to=2023-03-31&owner=" + owner.id())
                .body();
        assertThat(page).contains("Nowi klienci", "Beta " + suffix, "Nowak " + suffix, "Według dni");
        assertThat(reader.get("/analytics").status()).isEqualTo(200);
        assertThat(reader.get("/analytics/kpis").body()).contains("Nowi klienci");
        assertThat(reader.get("/analytics/kpis/no-such-kpi").status()).isEqualTo(404);

        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?from=2023-03-31&to=2023-03-01").status())
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?from=2015-01-01&to=2023-03-01").status())
                .as("more than five years").isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?preset=SOMETIME").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?country=Poland").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?from=2023-02-30&to=2023-03-01").status())
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?segment=987654321").status()).isEqualTo(404);
    }

    @Test
    void a_person_arranges_their_own_dashboard_from_the_version_they_saw() {
        Http sales = api(owner);
        JsonNode start = sales.get("/api/v1/analytics/dashboard").json();
        assertThat(start.get("version").asInt()).isZero();
        assertThat(start.get("tiles").toString()).contains("new-customers");

        JsonNode saved = sales.putJson("/api/v1/analytics/dashboard",
                "{\"tiles\": [\"new-customers\"], \"version\": 0}").json();
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        assertThat(sales.putJson("/api/v1/analytics/dashboard", "{\"tiles\": [], \"version\": 0}").status())
                .as("made from a version that moved on").isEqualTo(409);
        assertThat(sales.putJson("/api/v1/analytics/dashboard",
                "{\"tiles\": [\"new-customers\", \"new-customers\"], \"version\": 1}").status()).isEqualTo(400);
        assertThat(sales.putJson("/api/v1/analytics/dashboard", "{\"tiles\": [\"nope\"], \"version\": 1}").status())
                .isEqualTo(400);
        assertThat(apiAs(Role.SALES).get("/api/v1/analytics/dashboard").json().get("version").asInt())
                .as("another person's dashboard is theirs").isZero();

        Http page = signedIn(owner);
        assertThat(page.get("/analytics?edit=1").body()).contains("new-customers");
        Http.Response removed = page.postForm("/analytics/dashboard", java.util.Map.of("action", "remove", "kpi",
                "new-customers", "version", "1"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(sales.get("/api/v1/analytics/dashboard").json().get("tiles").size()).isZero();
        assertThat(page.get("/").status()).isEqualTo(200);
        // a salesperson's dashboard is their own numbers: switching the language or the period keeps them (the tiles
        // link to their owner's figures), and so does "All" (the form sends owner empty). (Read from the links: the
        // owner list need not name every person of the suite.)
        UserSummary seller = testUsers.create(Role.SALES);
        Http sellerPage = signedIn(seller);
        java.util.function.Predicate<String> own = body -> java.util.regex.Pattern
                .compile("owner=" + seller.id() + "(?![0-9])").matcher(body).find();
        assertThat(sellerPage.get("/analytics").body()).matches(own);
        assertThat(sellerPage.get("/analytics?lang=cs").body()).as("after a language switch").matches(own);
        assertThat(sellerPage.get("/analytics?preset=LAST_MONTH").body()).as("another period").matches(own);
        assertThat(sellerPage.get("/analytics?preset=LAST_MONTH&team=&owner=").body()).as("all is their own")
                .matches(own);
        List<String> ids = new java.util.ArrayList<>();
        admin.get("/api/v1/analytics/kpis").json().forEach(k -> ids.add(k.get("id").asString()));
        assertThat(ids).contains("new-customers");
    }

    /**
     * A salesperson reads their own figures, as their reports' rows: asked for a colleague's, a team's or everybody's
     * on a page, they read their own with a word beside the filter; over the API the question is refused (403) and
     * tells nothing. A manager reads whose figures they ask for.
     */
    @Test
    void a_salesperson_reads_only_their_own_figures_on_every_page_and_over_the_api() {
        data();
        UserSummary colleague = testUsers.create(Role.SALES);
        Http seller = api(colleague);
        String march = "from=2023-03-01&to=2023-03-31";

        // the owner's March: Beta and the private customer; the colleague has none
        assertThat(admin.get("/api/v1/analytics/kpis/new-customers?" + march + "&owner=" + owner.id()).json()
                .at("/current/value").decimalValue()).isEqualByComparingTo("2");
        for (String path : List.of("/api/v1/analytics/kpis/new-customers?" + march + "&owner=" + owner.id(),
                "/api/v1/analytics/kpis/new-customers/records?" + march + "&owner=" + owner.id(),
                "/api/v1/analytics/kpis/new-customers?" + march + "&team=" + teamOf(owner),
                // nobody has this id: refused alike, so that ids cannot be tried out
                "/api/v1/analytics/kpis/new-customers?" + march + "&owner=999999999",
                "/api/v1/analytics/margins?by=SALESPERSON&" + march + "&owner=" + owner.id())) {
            Http.Response refused = seller.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).doesNotContain(suffix).doesNotContain("Beta");
        }
        // without an owner, and with their own: their own figure (none in March), not the company's
        for (String own : List.of("", "&owner=", "&owner=" + colleague.id())) {
            JsonNode figure = seller.get("/api/v1/analytics/kpis/new-customers?" + march + own).json();
            assertThat(figure.at("/current/value").decimalValue()).as(own).isEqualByComparingTo("0");
            assertThat(seller.get("/api/v1/analytics/kpis/new-customers/records?" + march + own).json()
                    .at("/items").findValuesAsString("name")).as(own).noneMatch(n -> n.contains(suffix));
        }

        Http sellerPage = signedIn(colleague);
        for (String page : List.of("/analytics?" + march + "&owner=" + owner.id(),
                "/analytics/kpis/new-customers?" + march + "&owner=" + owner.id(),
                "/analytics/kpis/new-customers/records?" + march + "&owner=" + owner.id(),
                "/analytics/margins?by=SALESPERSON&" + march + "&owner=" + owner.id())) {
            Http.Response shown = sellerPage.get(page);
            assertThat(shown.status()).as(page).isIn(200, 404);
            assertThat(shown.body()).as(page).doesNotContain("Beta " + suffix).doesNotContain("Nowak " + suffix);
        }
        assertThat(sellerPage.get("/analytics/kpis/new-customers?" + march + "&owner=" + owner.id()).body())
                .contains("You read your own figures");

        // the revenue forecast reads the same revenue: the salesperson's own history, not the company's
        java.util.function.Function<Http, java.math.BigDecimal> marchRevenue = reader -> {
            for (JsonNode month : reader.get("/api/v1/analytics/forecasts/revenue?months=3").json().at("/history")) {
                if (month.get("month").asString().equals("2023-03")) {
                    return month.get("revenue").decimalValue();
                }
            }
            return java.math.BigDecimal.ZERO;
        };
        assertThat(marchRevenue.apply(admin)).isGreaterThanOrEqualTo(new java.math.BigDecimal("400"));
        assertThat(marchRevenue.apply(seller)).isEqualByComparingTo("0");
        // a manager reads the owner's figures
        assertThat(apiAs(Role.MANAGER).get("/api/v1/analytics/kpis/new-customers?" + march + "&owner=" + owner.id())
                .json().at("/current/value").decimalValue()).isEqualByComparingTo("2");
    }

    private long teamOf(UserSummary user) {
        long team = jdbc.sql("insert into teams (name) values (:n) returning id").param("n", "Scope " + suffix)
                .query(Long.class).single();
        jdbc.sql("insert into user_teams (user_id, team_id) values (:u, :t)").param("u", user.id()).param("t", team)
                .update();
        return team;
    }
}
