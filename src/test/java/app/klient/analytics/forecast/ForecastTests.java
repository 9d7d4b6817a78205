package app.klient.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Quotas and the pipeline forecast over the HTTP API and pages, on the deals of fresh salespeople in a pipeline of
 * its own with two stages, A (20 %) and B (60 %), and a currency of its own worth 4 of the company's.
 */
class ForecastTests extends WebTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    private String suffix;
    private long team;
    private UserSummary seller;
    private UserSummary colleague;
    private UserSummary manager;
    private long stageA;
    private long stageB;
    private long pipeline;
    private YearMonth month;

    @BeforeEach
    void setUp() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        team = apiAs(Role.ADMIN).postJson("/api/v1/teams", "{\"name\": \"Forecast " + suffix + "\"}").json().get("id")
                .asLong();
        seller = testUsers.create(Role.SALES, "Seller " + suffix, Set.of(team));
        colleague = testUsers.create(Role.SALES, "Colleague " + suffix, Set.of());
        manager = testUsers.create(Role.MANAGER, "Manager " + suffix, Set.of(team));
        pipeline = jdbc.sql("insert into pipelines (name, position) values (:n, 98) returning id")
                .param("n", "Forecast " + suffix).query(Long.class).single();
        stageA = stage("A", 0, 20);
        stageB = stage("B", 1, 60);
        // 1 XFC = 4 PLN since 2020
        jdbc.sql("insert into exchange_rates (currency, rate, valid_from) values ('XFC', 4, '2020-01-01')"
                + " on conflict (currency, valid_from) do update set rate = excluded.rate").update();
        month = YearMonth.now(WARSAW);
    }

    private long stage(String name, int position, int probability) {
        return jdbc.sql("insert into stages (pipeline_id, name, position, probability) values (:p, :n, :pos, :pr)"
                + " returning id").param("p", pipeline).param("n", name).param("pos", position)
                .param("pr", probability).query(Long.class).single();
    }

    private void deal(UserSummary owner, long stage, String amount, String currency, String status,
            java.time.LocalDate expected) {
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status, closed_at,
                    expected_close_date)
                values (:name, :pipeline, :stage, :owner, :amount, :currency, :status, :closed, :expected)""")
                .param("name", "Deal " + suffix).param("pipeline", pipeline).param("stage", stage)
                .param("owner", owner.id()).param("amount", new BigDecimal(amount)).param("currency", currency)
                .param("status", status).param("closed", status.equals("OPEN") ? null : OffsetDateTime.now())
                .param("expected", expected).update();
    }

    private void invoice(java.time.LocalDate issued, String net) {
        jdbc.sql("""
                insert into invoices (number, owner_id, language, currency, issue_date, sale_date, due_date,
                    payment_method, seller_name, buyer_name, net_total, tax_total, gross_total, paid_total)
                values (:number, :owner, 'en', 'PLN', :issued, :issued, :issued, 'TRANSFER', 'Seller', 'Buyer', :net,
                    0, :net, 0)""")
                .param("number", "FC/" + UUID.randomUUID()).param("owner", seller.id()).param("issued", issued)
                .param("net", new BigDecimal(net)).update();
    }

    private static JsonNode row(JsonNode pipeline, long id) {
        for (JsonNode r : pipeline.get("rows")) {
            if (r.get("id").asLong() == id) {
                return r;
            }
        }
        return null;
    }

    private static String money(JsonNode node) {
        return node.decimalValue().setScale(2).toPlainString();
    }

    private String quota(long userId, String month, String amount, String version) {
        return "{\"year\": " + month.substring(0, 4) + ", \"quotas\": [{\"userId\": " + userId + ", \"month\": \""
                + month + "\", \"amount\": " + amount + ", \"version\": " + version + "}]}";
    }

    @Test
    void the_weighted_pipeline_falls_into_close_months_beside_the_quota_and_what_was_won() {
        deal(seller, stageB, "1000", "PLN", "OPEN", month.plusMonths(1).atDay(15));
        deal(seller, stageA, "500", "XFC", "OPEN", month.plusMonths(1).atDay(3));
        deal(seller, stageB, "100", "PLN", "OPEN", month.minusMonths(2).atDay(1));
        deal(seller, stageA, "1000", "PLN", "OPEN", null);
        deal(seller, stageB, "1000", "PLN", "OPEN", month.plusMonths(5).atDay(1));
        deal(seller, stageB, "250", "XFC", "WON", month.atDay(1));
        deal(seller, stageB, "9999", "PLN", "LOST", month.atDay(1));
        assertThat(apiAs(Role.ADMIN).putJson("/api/v1/analytics/quotas", quota(seller.id(), month.toString(),
                "4000", "null")).status()).isEqualTo(200);

        JsonNode p = api(seller).get("/api/v1/analytics/forecasts/pipeline?months=3&from=" + month).json();
        assertThat(p.get("monthList").size()).isEqualTo(3);
        JsonNode mine = row(p, seller.id());
        // this month: nothing expected to close; won 250 XFC × 4 = 1,000 PLN of the 4,000 quota
        assertThat(money(mine.at("/months/0/weighted"))).isEqualTo("0.00");
        assertThat(money(mine.at("/months/0/won"))).isEqualTo("1000.00");
        assertThat(money(mine.at("/months/0/quota"))).isEqualTo("4000.00");
        // next month: 1,000 × 60 % = 600 and 500 XFC × 4 × 20 % = 400
        assertThat(money(mine.at("/months/1/weighted"))).isEqualTo("1000.00");
        assertThat(mine.at("/months/1/deals").asLong()).isEqualTo(2);
        assertThat(mine.at("/months/1/quota").isNull()).isTrue();
        // two months ago: 100 × 60 % overdue; in five months (past the three shown) 1,000 × 60 %; no date 1,000 × 20 %
        assertThat(money(mine.get("overdue"))).isEqualTo("60.00");
        assertThat(money(mine.get("later"))).isEqualTo("600.00");
        assertThat(money(mine.get("noDate"))).isEqualTo("200.00");

        // per team: the seller's deals are the team's, the quota the team's own (none)
        JsonNode teams = api(manager).get("/api/v1/analytics/forecasts/pipeline?months=3&by=team&from=" + month)
                .json();
        assertThat(money(row(teams, team).at("/months/1/weighted"))).isEqualTo("1000.00");
        assertThat(row(teams, team).at("/months/0/quota").isNull()).isTrue();
        assertThat(api(seller).get("/api/v1/analytics/forecasts/pipeline?months=13").status()).isEqualTo(400);
        assertThat(api(seller).get("/api/v1/analytics/forecasts/pipeline?by=region").status()).isEqualTo(400);
    }

    @Test
    void a_salesperson_sees_only_their_own_pipeline_and_quota_and_a_manager_only_their_teams() {
        deal(seller, stageB, "1000", "PLN", "OPEN", month.atDay(20));
        deal(colleague, stageB, "2000", "PLN", "OPEN", month.atDay(20));
        Http admin = apiAs(Role.ADMIN);
        admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), month.toString(), "5000", "null"));
        admin.putJson("/api/v1/analytics/quotas", quota(colleague.id(), month.toString(), "6000", "null"));

        JsonNode colleagueSees = api(colleague).get("/api/v1/analytics/forecasts/pipeline?from=" + month).json();
        assertThat(row(colleagueSees, seller.id())).isNull();
        assertThat(money(row(colleagueSees, colleague.id()).at("/months/0/weighted"))).isEqualTo("1200.00");
        assertThat(api(colleague).get("/api/v1/analytics/quotas?year=" + month.getYear()).json().get("quotas")
                .findValues("userId")).extracting(JsonNode::asLong).containsOnly(colleague.id());
        assertThat(api(colleague).get("/api/v1/analytics/forecasts/pipeline?by=team").json().get("rows"))
                .isEmpty();
        String page = signedIn(colleague).get("/analytics/forecasts?from=" + month).body();
        assertThat(page).contains("Colleague " + suffix).doesNotContain("Seller " + suffix);

        // the manager's team has the seller, not the colleague
        JsonNode managerSees = api(manager).get("/api/v1/analytics/forecasts/pipeline?from=" + month).json();
        assertThat(row(managerSees, seller.id())).isNotNull();
        assertThat(row(managerSees, colleague.id())).isNull();
        // the administrator sees both
        JsonNode adminSees = admin.get("/api/v1/analytics/forecasts/pipeline?from=" + month).json();
        assertThat(row(adminSees, seller.id())).isNotNull();
        assertThat(row(adminSees, colleague.id())).isNotNull();
    }

    @Test
    void only_managers_and_administrators_set_quotas_and_a_manager_only_for_their_teams() {
        String body = quota(seller.id(), month.toString(), "1000", "null");
        assertThat(api(seller).putJson("/api/v1/analytics/quotas", body).status()).isEqualTo(403);
        assertThat(apiAs(Role.SUPPORT).putJson("/api/v1/analytics/quotas", body).status()).isEqualTo(403);
        assertThat(signedIn(seller).postForm("/analytics/quotas", java.util.Map.of("year",
                String.valueOf(month.getYear()), "q-u-" + seller.id() + "-" + month, "1000")).status())
                .isEqualTo(403);
        assertThat(count("sales_quotas where user_id = " + seller.id())).isZero();
        assertThat(api(manager).putJson("/api/v1/analytics/quotas",
                quota(colleague.id(), month.toString(), "1000", "null")).status()).isEqualTo(403);
        assertThat(api(manager).putJson("/api/v1/analytics/quotas", body).status()).isEqualTo(200);
        assertThat(api(manager).putJson("/api/v1/analytics/quotas", "{\"year\": " + month.getYear()
                + ", \"quotas\": [{\"teamId\": " + team + ", \"month\": \"" + month + "\", \"amount\": 9000}]}")
                .status()).isEqualTo(200);
        assertThat(api(manager).putJson("/api/v1/analytics/quotas", quota(seller.id(), month.toString(), "-5",
                "0")).status()).isEqualTo(400);
    }

    @Test
    void a_quota_changes_from_the_version_read_and_a_second_change_from_it_is_refused() {
        Http admin = apiAs(Role.ADMIN);
        String m = month.toString();
        admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "1000", "null"));
        JsonNode read = admin.get("/api/v1/analytics/quotas?year=" + month.getYear()).json();
        int version = 0;
        for (JsonNode q : read.get("quotas")) {
            if (q.path("userId").asLong() == seller.id()) {
                version = q.get("version").asInt();
            }
        }
        assertThat(admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "1500", "" + version)).status())
                .isEqualTo(200);
        assertThat(admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "1700", "" + version)).status())
                .isEqualTo(409);
        // sent as if the month had no quota: somebody set it meanwhile
        assertThat(admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "1800", "null")).status())
                .isEqualTo(409);
        assertThat(jdbc.sql("select amount from sales_quotas where user_id = :u").param("u", seller.id())
                .query(BigDecimal.class).single()).isEqualByComparingTo("1500");
        // null removes it, from its version
        assertThat(admin.putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "null", "" + (version + 1)))
                .status()).isEqualTo(200);
        assertThat(count("sales_quotas where user_id = " + seller.id())).isZero();
    }

    @Test
    void two_managers_setting_the_same_empty_month_at_once_get_one_quota_and_one_conflict() {
        UserSummary other = testUsers.create(Role.MANAGER, "Other manager " + suffix, Set.of(team));
        String m = month.toString();
        java.util.List<Integer> statuses = Race.run(
                () -> api(manager).putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "1000", "null")).status(),
                () -> api(other).putJson("/api/v1/analytics/quotas", quota(seller.id(), m, "2000", "null")).status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(count("sales_quotas where user_id = " + seller.id())).isEqualTo(1);
    }

    @Test
    void the_quota_grid_saves_the_cells_a_manager_typed() {
        Http page = signedIn(manager);
        String cell = "q-u-" + seller.id() + "-" + month;
        assertThat(page.get("/analytics/quotas?year=" + month.getYear()).body()).contains(cell)
                .contains("Seller " + suffix).doesNotContain("Colleague " + suffix);
        Http.Response saved = page.postForm("/analytics/quotas", java.util.Map.of("year",
                String.valueOf(month.getYear()), cell, "12 500,50", "v" + cell.substring(1), ""));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(jdbc.sql("select amount from sales_quotas where user_id = :u").param("u", seller.id())
                .query(BigDecimal.class).single()).isEqualByComparingTo("12500.50");
        Http.Response wrong = page.postForm("/analytics/quotas", java.util.Map.of("year",
                String.valueOf(month.getYear()), cell, "a lot", "v" + cell.substring(1), "0"));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("aria-invalid=\"true\"");
    }

    @Test
    void the_revenue_forecast_is_made_from_the_revenue_kpi_and_checks_its_months_ahead() {
        Http admin = apiAs(Role.ADMIN);
        invoice(month.minusMonths(2).atDay(10), "700");
        invoice(month.minusMonths(1).atDay(10), "900");
        JsonNode forecast = admin.get("/api/v1/analytics/forecasts/revenue?months=3").json();
        assertThat(forecast.get("ahead").size()).isEqualTo(3);
        assertThat(forecast.at("/ahead/0/month").asString()).isEqualTo(month.toString());
        JsonNode history = forecast.get("history");
        JsonNode last = history.get(history.size() - 1);
        YearMonth before = month.minusMonths(1);
        assertThat(last.get("month").asString()).isEqualTo(before.toString());
        JsonNode kpi = admin.get("/api/v1/analytics/kpis/revenue?from=" + before.atDay(1) + "&to="
                + before.atEndOfMonth()).json();
        assertThat(last.get("revenue").decimalValue())
                .isEqualByComparingTo(kpi.at("/current/value").decimalValue().setScale(2,
                        java.math.RoundingMode.HALF_UP));
        JsonNode next = forecast.at("/ahead/0");
        assertThat(next.get("low95").decimalValue()).isLessThanOrEqualTo(next.get("low80").decimalValue());
        assertThat(next.get("high95").decimalValue()).isGreaterThanOrEqualTo(next.get("high80").decimalValue());
        assertThat(admin.get("/api/v1/analytics/forecasts/revenue?months=2").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/analytics/forecasts/revenue?months=13").status()).isEqualTo(400);
        assertThat(signedIn(seller).get("/analytics/forecasts?months=12").status()).isEqualTo(200);
    }

    @Test
    void a_salesperson_reads_their_quotas_as_money_in_their_language() {
        assertThat(apiAs(Role.ADMIN).putJson("/api/v1/analytics/quotas", quota(seller.id(), "2031-03", "93000",
                "null")).status()).isEqualTo(200);
        Http own = signedIn(seller);
        assertThat(own.get("/analytics/quotas?year=2031").body()).contains(">93,000</td>")
                .doesNotContain("value=\"93000\"");
        assertThat(own.get("/analytics/quotas?year=2031&lang=pl").body()).containsPattern(">93[\u00a0\u202f ]000</td>");
    }

    /** The grid gives a stored quota back to its setter as they type it: their decimal comma, and it reads it again. */
    @Test
    void a_manager_edits_a_quota_with_cents_in_their_own_number_format() {
        assertThat(apiAs(Role.ADMIN).putJson("/api/v1/analytics/quotas", quota(seller.id(), "2032-03", "93500.50",
                "null")).status()).isEqualTo(200);
        Http admin = administrator();
        assertThat(admin.get("/analytics/quotas?year=2032&lang=pl").body()).contains("value=\"93500,50\"")
                .doesNotContain("value=\"93500.5\"");
        assertThat(admin.get("/analytics/quotas?year=2032&lang=en").body()).contains("value=\"93500.50\"");
        // a month of the right form but out of range says so, not that the form is wrong
        assertThat(admin.get("/analytics/forecasts?from=1999-01").body()).contains("from 2000 to 2100");
    }
}
