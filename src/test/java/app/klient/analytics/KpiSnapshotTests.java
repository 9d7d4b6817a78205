package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import app.klient.analytics.KpiSnapshots.Question;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.platform.Period;
import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Kept KPI figures: a fresh one is answered without computing, a stale one with its age while it is recomputed, a
 * refresh computes it again (once, however many ask at the same moment), every reader is told how old a figure is,
 * and a salesperson's own figure is kept apart from anyone else's. The suite runs with keeping off (its tests change
 * records and read figures at once); these tests turn it on for themselves.
 */
class KpiSnapshotTests extends WebTest {

    /** The new customers of 2021 of one salesperson: a period no other test's records fall in. */
    private static final String YEAR = "from=2021-01-01&to=2021-12-31";

    @Autowired
    private Kpis kpis;

    @Autowired
    private KpiWarmUp warmUp;

    private UserSummary owner;
    private Http admin;

    @BeforeEach
    void setUp() {
        kpis.keepFor(Duration.ofMinutes(15));
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
    }

    @AfterEach
    void keepNothing() {
        kpis.keepFor(Duration.ZERO);
    }

    /** A company of {@code owner} whose first invoice (100 PLN net) was issued on {@code day}. */
    private void newCustomer(long ownerId, LocalDate day) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long company = jdbc.sql("insert into companies (name, country, owner_id) values (:n, 'PL', :o) returning id")
                .param("n", "Kept " + suffix).param("o", ownerId).query(Long.class).single();
        jdbc.sql("""
                insert into invoices (number, kind, company_id, owner_id, language, currency, issue_date, sale_date,
                    due_date, payment_method, seller_name, buyer_name, net_total, tax_total, gross_total, paid_total)
                values (:number, 'INVOICE', :company, :owner, 'en', 'PLN', :day, :day, :day, 'TRANSFER', 'Seller',
                    'Buyer', 100, 23, 123, 0)""")
                .param("number", "KEPT/" + suffix).param("company", company).param("owner", ownerId)
                .param("day", day).update();
    }

    private JsonNode figure(String query) {
        Http.Response response = admin.get("/api/v1/analytics/kpis/new-customers?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String key(String query) {
        // the API reads in the caller's time zone: the test users' Europe/Warsaw
        return jdbc.sql("select key from analytics_kpi_snapshots where kpi_id = 'new-customers'"
                + " and filters ->> 'ownerId' = :owner and period_from = date '2021-01-01' and with_trend")
                .param("owner", String.valueOf(owner.id())).query(String.class).single();
    }

    private Instant computedAt(String key) {
        return jdbc.sql("select computed_at from analytics_kpi_snapshots where key = :key").param("key", key)
                .query(Timestamp.class).single().toInstant();
    }

    @Test
    void a_reader_whose_rules_hide_records_gets_a_figure_of_their_own_and_it_is_never_kept() {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        String query = YEAR + "&owner=" + owner.id();
        assertThat(figure(query).at("/current/value").decimalValue()).isEqualByComparingTo("1");
        AccessRules.set(admin, Role.MANAGER, "invoice", "OWN", "OWN");
        try {
            // a manager reads everybody's figures, but now only their own invoices
            Http colleague = apiAs(Role.MANAGER);
            JsonNode theirs = colleague.get("/api/v1/analytics/kpis/new-customers?" + query).json();
            assertThat(theirs.at("/current/value").decimalValue()).as("the invoice is not theirs to read")
                    .isEqualByComparingTo("0");
            assertThat(theirs.get("asOf").isNull()).as("computed for them, live").isTrue();
            long before = kpis.computations();
            colleague.get("/api/v1/analytics/kpis/new-customers?" + query);
            assertThat(kpis.computations()).as("never answered from, nor kept as, everybody's figure")
                    .isGreaterThan(before);
            assertThat(api(owner).get("/api/v1/analytics/kpis/new-customers?" + query).json()
                    .at("/current/value").decimalValue()).isEqualByComparingTo("1");
        }
        finally {
            AccessRules.set(admin, Role.MANAGER, "invoice", "ALL", "ALL");
        }
    }


    @Test
    void a_kept_figure_is_answered_without_computing_and_says_when_it_was_computed() {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        String query = YEAR + "&owner=" + owner.id();

        JsonNode first = figure(query);
        assertThat(first.at("/current/value").decimalValue()).isEqualByComparingTo("1");
        assertThat(first.get("asOf").isNull()).as("computed for this answer: live").isTrue();
        Instant computed = computedAt(key(query));

        newCustomer(owner.id(), LocalDate.of(2021, 6, 7));
        long before = kpis.computations();
        JsonNode second = figure(query);
        assertThat(kpis.computations()).as("answered from what was kept").isEqualTo(before);
        assertThat(second.at("/current/value").decimalValue()).as("the kept figure").isEqualByComparingTo("1");
        assertThat(java.time.OffsetDateTime.parse(second.get("asOf").asString()).toInstant())
                .isCloseTo(computed, org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));

        // the page says how old the figure is, in the reader's language and time zone, with a way to refresh it
        String time = java.time.format.DateTimeFormatter.ofLocalizedTime(java.time.format.FormatStyle.SHORT)
                .withLocale(java.util.Locale.forLanguageTag("pl")).withZone(ZoneId.of("Europe/Warsaw"))
                .format(computed);
        String page = signedIn(testUsers.create(Role.READ_ONLY, "pl"))
                .get("/analytics/kpis/new-customers?" + query).body();
        assertThat(page).contains("stan na " + time, "Odśwież teraz");
    }

    @Test
    void a_stale_figure_says_its_age_and_is_recomputed_in_the_background() throws InterruptedException {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        String query = YEAR + "&owner=" + owner.id();
        figure(query);
        String key = key(query);
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("update analytics_kpi_snapshots set computed_at = :at where key = :key")
                .param("at", Timestamp.from(hourAgo)).param("key", key).update();
        newCustomer(owner.id(), LocalDate.of(2021, 6, 7));

        JsonNode stale = figure(query);
        assertThat(stale.at("/current/value").decimalValue()).as("answered at once, as it was")
                .isEqualByComparingTo("1");
        assertThat(java.time.OffsetDateTime.parse(stale.get("asOf").asString()).toInstant())
                .as("said to be an hour old").isEqualTo(hourAgo);

        Instant giveUp = Instant.now().plusSeconds(20);
        while (!computedAt(key).isAfter(hourAgo) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        JsonNode fresh = figure(query);
        assertThat(fresh.at("/current/value").decimalValue()).as("recomputed in the background")
                .isEqualByComparingTo("2");
        assertThat(java.time.OffsetDateTime.parse(fresh.get("asOf").asString()).toInstant())
                .isAfter(Instant.now().minusSeconds(30));
    }

    @Test
    void refresh_now_computes_the_figure_again_over_the_api_and_on_the_page() {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        String query = YEAR + "&owner=" + owner.id();
        figure(query);
        newCustomer(owner.id(), LocalDate.of(2021, 6, 7));
        assertThat(figure(query).at("/current/value").decimalValue()).isEqualByComparingTo("1");

        Http.Response refreshed = admin.postJson("/api/v1/analytics/kpis/new-customers/refresh?" + query, "");
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().at("/current/value").decimalValue()).isEqualByComparingTo("2");
        assertThat(refreshed.json().get("asOf").isNull()).as("computed for this answer").isTrue();
        assertThat(figure(query).at("/current/value").decimalValue()).as("and kept").isEqualByComparingTo("2");
        assertThat(admin.postJson("/api/v1/analytics/kpis/no-such-kpi/refresh?" + query, "").status())
                .isEqualTo(404);

        newCustomer(owner.id(), LocalDate.of(2021, 7, 8));
        Http person = signedIn(testUsers.create(Role.READ_ONLY));
        String back = "/analytics/kpis/new-customers?" + query;
        assertThat(person.get(back).body()).as("the page offers it").contains("Refresh now",
                "/analytics/kpis/new-customers/refresh?");
        Http.Response page = person.postForm("/analytics/kpis/new-customers/refresh?" + query, Map.of("back", back));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith(back);
        assertThat(figure(query).at("/current/value").decimalValue()).isEqualByComparingTo("3");
        // a start page tile (no trend) is a figure of its own, and the start page is where its refresh goes back to
        kpis.result("new-customers", KpiFilters.NONE.withOwner(owner.id()), new Period(LocalDate.of(2021, 1, 1),
                LocalDate.of(2021, 12, 31)), ZoneId.of("Europe/Warsaw"), false);
        newCustomer(owner.id(), LocalDate.of(2021, 8, 9));
        Http.Response start = person.postForm("/analytics/kpis/new-customers/refresh?" + query + "&trend=false",
                Map.of("back", "/"));
        assertThat(start.location()).endsWith("/");
        assertThat(kpis.result("new-customers", KpiFilters.NONE.withOwner(owner.id()), new Period(
                LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31)), ZoneId.of("Europe/Warsaw"), false)
                .current().value()).isEqualByComparingTo("4");
        assertThat(person.postForm("/analytics/kpis/new-customers/refresh?" + query,
                Map.of("back", "https://elsewhere.example/")).location()).as("never away from Klient")
                .doesNotContain("elsewhere");
    }

    @Test
    void two_refreshes_at_the_same_moment_compute_the_figure_once() {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        KpiFilters mine = KpiFilters.NONE.withOwner(owner.id());
        Period year = new Period(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31));
        ZoneId zone = ZoneId.of("Europe/Warsaw");
        long before = kpis.computations();

        List<Kpis.Result> results = Race.run(
                () -> kpis.refresh("new-customers", mine, year, zone, true),
                () -> kpis.refresh("new-customers", mine, year, zone, true));

        assertThat(kpis.computations() - before).as("one computed, the other shared its figure").isEqualTo(1);
        assertThat(results).extracting(r -> r.current().value().intValue()).containsExactly(1, 1);
        assertThat(results).filteredOn(Kpis.Result::live).hasSize(1);
    }

    @Test
    void a_salespersons_own_figure_is_kept_apart_from_every_other_readers() {
        UserSummary other = testUsers.create(Role.SALES);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));
        newCustomer(owner.id(), today);
        newCustomer(owner.id(), today);
        newCustomer(other.id(), today);

        // each opens their dashboard: their own numbers, computed and kept
        assertThat(signedIn(owner).get("/analytics").status()).isEqualTo(200);
        assertThat(signedIn(other).get("/analytics").status()).isEqualTo(200);
        ZoneId zone = ZoneId.of(owner.timeZone());
        Period thisYear = Period.Preset.THIS_YEAR.on(LocalDate.now(zone));
        Map<Long, String> kept = Map.of(owner.id(), "2", other.id(), "1");
        kept.forEach((id, expected) -> {
            String key = new Question("new-customers", KpiFilters.NONE.withOwner(id), thisYear, zone, true).key();
            String value = jdbc.sql("select measures -> 0 ->> 'value' from analytics_kpi_snapshots where key = :key")
                    .param("key", key).query(String.class).single();
            assertThat(value).as("user " + id).isEqualTo(expected);
        });

        // what a figure depends on is all in its key: whose, which team, every filter, the period, zone and trend
        Question base = new Question("new-customers", KpiFilters.NONE.withOwner(owner.id()), thisYear, zone, true);
        Set<String> keys = List.of(base,
                new Question("new-customers", KpiFilters.NONE.withOwner(other.id()), thisYear, zone, true),
                new Question("new-customers", KpiFilters.NONE.withTeam(owner.id()), thisYear, zone, true),
                new Question("new-customers", KpiFilters.NONE, thisYear, zone, true),
                new Question("new-customers", new KpiFilters(null, owner.id(), 1L, null, null, null, null), thisYear,
                        zone, true),
                new Question("new-customers", new KpiFilters(null, owner.id(), null, 1L, null, null, null), thisYear,
                        zone, true),
                new Question("new-customers", new KpiFilters(null, owner.id(), null, null, 1L, null, null), thisYear,
                        zone, true),
                new Question("new-customers", new KpiFilters(null, owner.id(), null, null, null, "PL", null),
                        thisYear, zone, true),
                new Question("new-customers", new KpiFilters(null, owner.id(), null, null, null, null, "EUR"),
                        thisYear, zone, true),
                new Question("new-customers", base.filters(), thisYear, ZoneId.of("Europe/Prague"), true),
                new Question("new-customers", base.filters(), thisYear.previous(), zone, true),
                new Question("new-customers", base.filters(), thisYear, zone, false),
                new Question("revenue", base.filters(), thisYear, zone, true))
                .stream().map(Question::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(13);
    }

    @Test
    void the_warm_up_recomputes_what_was_read_before_it_goes_stale_and_knows_each_persons_dashboard() {
        newCustomer(owner.id(), LocalDate.of(2021, 5, 3));
        String query = YEAR + "&owner=" + owner.id();
        figure(query);
        String key = key(query);
        // eleven minutes old: within its fifteen, but due (at two thirds) before it goes stale
        Instant elevenAgo = Instant.now().minus(Duration.ofMinutes(11));
        jdbc.sql("update analytics_kpi_snapshots set computed_at = :at where key = :key")
                .param("at", Timestamp.from(elevenAgo)).param("key", key).update();

        assertThat(warmUp.warmRead(Instant.now())).isGreaterThanOrEqualTo(1);
        assertThat(computedAt(key)).isAfter(elevenAgo.plusSeconds(60));

        // nobody read it for eight days: not warmed, and forgotten by the next pass
        jdbc.sql("update analytics_kpi_snapshots set computed_at = :at, last_read_at = now() - interval '8 days'"
                + " where key = :key").param("at", Timestamp.from(elevenAgo)).param("key", key).update();
        warmUp.warmRead(Instant.now());
        assertThat(computedAt(key)).isBefore(elevenAgo.plusSeconds(1));
        warmUp.forget(Instant.now());
        assertThat(jdbc.sql("select count(*) from analytics_kpi_snapshots where key = :key").param("key", key)
                .query(Long.class).single()).isZero();

        // the salesperson's dashboard, as it first shows, is among what the job keeps warm
        ZoneId zone = ZoneId.of(owner.timeZone());
        Period thisYear = Period.Preset.THIS_YEAR.on(LocalDate.now(zone));
        Set<String> defaults = warmUp.defaults().stream().map(Question::key).collect(Collectors.toSet());
        for (String tile : Dashboards.DEFAULTS.get(Role.SALES)) {
            assertThat(defaults).contains(new Question(tile, KpiFilters.NONE.withOwner(owner.id()), thisYear, zone,
                    true).key());
        }
        assertThat(defaults).contains(new Question("revenue", KpiFilters.NONE.withOwner(owner.id()), thisYear, zone,
                false).key());
    }
}
