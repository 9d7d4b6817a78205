package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Wrong parameters of the analytics pages and API: a page keeps itself and says what was wrong beside the field; the
 * API names the parameter, 400 for a value that cannot be right, 404 for an id that names nothing.
 */
class AnalyticsParametersTests extends WebTest {

    private static final List<String> PAGES_WITH_A_PERIOD = List.of("/analytics", "/analytics/kpis/revenue",
            "/analytics/sales/stages", "/analytics/sales/funnel", "/analytics/sales/activities", "/analytics/cohorts",
            "/analytics/margins");

    private static final long NOBODY = 987_654_321L;

    @Test
    void a_backwards_period_keeps_every_analytics_page_and_says_why_beside_the_last_day() {
        Http manager = signedInAs(Role.MANAGER);
        for (String page : PAGES_WITH_A_PERIOD) {
            Http.Response answer = manager.get(page + "?from=2026-03-31&to=2026-03-01");
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.body()).as(page)
                    .contains("<div class=\"field-error\">The last day of the period is before its first.</div>")
                    // the days typed stay in the fields, marked, to be corrected
                    .contains("value=\"2026-03-31\"").contains("value=\"2026-03-01\"")
                    .contains("aria-invalid=\"true\"")
                    // nor are the filters folded away on a phone while one of them is wrong
                    .doesNotContain("data-filters");
        }
    }

    @Test
    void a_garbage_day_or_a_twenty_year_period_is_said_beside_its_field_with_the_default_periods_figures() {
        Http manager = signedInAs(Role.MANAGER);
        String garbage = manager.get("/analytics?from=garbage&to=2026-03-01").body();
        assertThat(garbage).contains("<div class=\"field-error\">Write the day as 2026-03-31.</div>")
                .contains("class=\"kpi-tiles\"")
                // this year's figures, and the period picker says so
                .contains("<option value=\"THIS_YEAR\" selected=\"selected\">This year</option>");
        String longPeriod = manager.get("/analytics/kpis/revenue?from=2000-01-01&to=2020-01-01").body();
        assertThat(longPeriod).contains("<div class=\"field-error\">A period is at most 5 years long.</div>");
        assertThat(signedInAs(Role.MANAGER).get("/analytics?from=2026-03-31&to=2026-03-01&lang=cs").body())
                .contains("<div class=\"field-error\">Poslední den období je před prvním.</div>");
    }

    @Test
    void an_unknown_team_owner_pipeline_product_or_segment_is_404_naming_the_parameter_in_the_api() {
        Http api = apiAs(Role.ADMIN);
        for (String parameter : List.of("team", "owner", "pipeline", "product", "segment")) {
            Http.Response answer = api.get("/api/v1/analytics/kpis/revenue?" + parameter + "=" + NOBODY);
            assertThat(answer.status()).as(parameter).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asString()).as(parameter)
                    .contains("987654321").contains("(parameter " + parameter + ")");
        }
        assertThat(api.get("/api/v1/analytics/kpis/revenue/records?product=" + NOBODY).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/analytics/cohorts?team=" + NOBODY).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/analytics/margins?owner=" + NOBODY).status()).isEqualTo(404);
        // what exists still answers
        assertThat(api.get("/api/v1/analytics/kpis/revenue?owner=" + testUsers.create(Role.SALES).id()).status())
                .isEqualTo(200);
    }

    @Test
    void a_country_or_currency_that_is_no_iso_code_is_400_naming_the_field_in_the_api() {
        Http api = apiAs(Role.ADMIN);
        for (String[] wrong : new String[][] { { "country", "ZZ" }, { "country", "P1" }, { "currency", "ZZZ" },
                { "currency", "EURO" } }) {
            Http.Response answer = api.get("/api/v1/analytics/kpis/revenue?" + wrong[0] + "=" + wrong[1]);
            assertThat(answer.status()).as(wrong[1]).isEqualTo(400);
            JsonNode errors = answer.json().get("errors");
            assertThat(errors.get(0).get("field").asString()).as(wrong[1]).isEqualTo(wrong[0]);
        }
        assertThat(api.get("/api/v1/analytics/kpis/revenue?country=cz&currency=czk").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/analytics/kpis/revenue?from=2026-03-31&to=2026-03-01").json()
                .at("/errors/0/field").asString()).isEqualTo("to");
    }

    @Test
    void an_unknown_filter_on_a_page_is_said_beside_its_field() {
        Http manager = signedInAs(Role.MANAGER);
        String page = manager.get("/analytics/kpis/revenue?team=" + NOBODY + "&currency=ZZZ").body();
        assertThat(page).contains("<div class=\"field-error\">No team has the id 987654321 (parameter team).</div>")
                .contains("<div class=\"field-error\">ZZZ is not a currency code (ISO 4217, such as PLN or EUR)."
                        + "</div>");
        assertThat(manager.get("/analytics/sales/funnel?pipeline=" + NOBODY).body())
                .contains("No pipeline has the id 987654321 (parameter pipeline).");
    }

    @Test
    void months_the_forecasts_page_does_not_offer_are_said_beside_the_months() {
        Http manager = signedInAs(Role.MANAGER);
        Http.Response answer = manager.get("/analytics/forecasts?months=999&by=nobody");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("<div class=\"field-error\">Give from 3 to 12 months.</div>")
                .contains("<div class=\"field-error\">Choose owner or team.</div>");
    }

    @Test
    void the_general_error_page_lists_the_wrong_parameters_and_why() {
        Http.Response answer = signedInAs(Role.MANAGER).get("/analytics/quotas?year=99999&lang=pl");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Żądanie jest nieprawidłowe:").contains("<code>year</code>")
                .contains("Podaj rok od 2000 do 2100.").doesNotContain("listę pól");
    }
}
