package app.klient.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.Stream;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ExchangeRateApiTests extends WebTest {

    @Test
    void the_board_converts_foreign_deals_at_the_rate_of_the_day_and_says_which_it_could_not() {
        LocalDate today = LocalDate.now();
        Http manager = apiAs(Role.MANAGER);
        assertThat(manager.postJson("/api/v1/exchange-rates", rate("EUR", "4.30", today.minusDays(3))).status())
                .isEqualTo(201);
        assertThat(manager.postJson("/api/v1/exchange-rates", rate("EUR", "9", today.plusDays(2))).status())
                .as("a rate from a later day does not count yet").isEqualTo(201);
        manager.postJson("/api/v1/exchange-rates", rate("czk", "0.25", today));
        JsonNode replaced = manager.postJson("/api/v1/exchange-rates", rate("CZK", "0.17", today)).json();
        assertThat(replaced.get("currency").asString()).isEqualTo("CZK");
        assertThat(manager.get("/api/v1/exchange-rates").json().findValuesAsString("currency")
                .stream().filter("CZK"::equals)).as("same day replaces, not adds").hasSize(1);

        UserSummary owner = testUsers.create(Role.SALES);
        Http sales = api(owner);
        long pipeline = sales.get("/api/v1/pipelines").json().get(0).get("id").asLong();
        for (String[] deal : new String[][] {{"1000", "PLN"}, {"100", "EUR"}, {"500", "CZK"}, {"10", "ISK"}}) {
            assertThat(sales.postJson("/api/v1/deals", """
                    {"name": "Export %s", "amount": %s, "currency": "%s", "ownerId": %d}"""
                    .formatted(deal[1], deal[0], deal[1], owner.id())).status()).isEqualTo(201);
        }
        JsonNode column = sales.get("/api/v1/pipelines/" + pipeline + "/board?ownerId=" + owner.id()).json()
                .get("columns").get(0);
        assertThat(column.get("cards").size()).isEqualTo(4);
        assertThat(column.get("totals").get("EUR").decimalValue()).isEqualByComparingTo("100");
        assertThat(column.get("converted").decimalValue()).as("1000 + 100 × 4.30 + 500 × 0.17, ISK left out")
                .isEqualByComparingTo("1515.00");
        assertThat(column.get("unconverted").asInt()).isEqualTo(1);
        int probability = column.get("stage").get("probability").asInt();
        assertThat(column.get("weighted").decimalValue()).isEqualByComparingTo(
                new java.math.BigDecimal("1515.00").multiply(java.math.BigDecimal.valueOf(probability))
                        .divide(java.math.BigDecimal.valueOf(100), 2, java.math.RoundingMode.HALF_UP));

        String page = signedIn(owner).get("/deals?pipeline=" + pipeline + "&ownerId=" + owner.id()).body();
        assertThat(page).containsPattern("≈ 1\\D?515").contains("1 deal without an exchange rate");
    }

    static Stream<Arguments> badRates() {
        String day = "\"validFrom\": \"2026-01-01\"";
        return Stream.of(
                Arguments.of("unknown currency", "{\"currency\": \"XYZ\", \"rate\": 1, " + day + "}", "currency"),
                Arguments.of("the company currency", "{\"currency\": \"PLN\", \"rate\": 1, " + day + "}", "currency"),
                Arguments.of("hostile currency", "{\"currency\": \"'; drop table exchange_rates;--\", \"rate\": 1, "
                        + day + "}", "currency"),
                Arguments.of("no currency", "{\"rate\": 1, " + day + "}", "currency"),
                Arguments.of("zero rate", "{\"currency\": \"EUR\", \"rate\": 0, " + day + "}", "rate"),
                Arguments.of("negative rate", "{\"currency\": \"EUR\", \"rate\": -4.3, " + day + "}", "rate"),
                Arguments.of("huge rate", "{\"currency\": \"EUR\", \"rate\": 1e12, " + day + "}", "rate"),
                Arguments.of("rate not a number", "{\"currency\": \"EUR\", \"rate\": \"high\", " + day + "}", "rate"),
                Arguments.of("no day", "{\"currency\": \"EUR\", \"rate\": 4.3}", "validFrom"),
                Arguments.of("day not a date", "{\"currency\": \"EUR\", \"rate\": 4.3, \"validFrom\": \"soon\"}",
                        "validFrom"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRates")
    void bad_rates_are_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        long before = count("exchange_rates");
        Http.Response response = apiAs(Role.ADMIN).postJson("/api/v1/exchange-rates", json);
        assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(count("exchange_rates")).isEqualTo(before);
    }

    @Test
    void only_managers_and_administrators_set_rates() {
        long before = count("exchange_rates");
        Http.Response refused = apiAs(Role.SALES).postJson("/api/v1/exchange-rates",
                rate("USD", "3.9", LocalDate.now()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("USD");
        assertThat(count("exchange_rates")).isEqualTo(before);
        assertThat(apiAs(Role.SALES).get("/api/v1/exchange-rates").status()).isEqualTo(200);
    }

    @Test
    void rates_pasted_as_lines_are_imported_all_or_nothing() {
        Http manager = apiAs(Role.MANAGER);
        long before = count("exchange_rates");
        Http.Response bad = manager.postRaw("/api/v1/exchange-rates/import", "text/plain",
                "CHF;4,61;2026-01-05\nGBP 5.1 yesterday\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("message").asString())
                .isEqualTo("Line 2 is not a rate: \"GBP 5.1 yesterday\". Nothing was stored.");
        for (String hostile : new String[] { "", "   \n# only a comment\n", "PLN;1;2026-01-05",
                "CHF;0;2026-01-05", "CHF;-1;2026-01-05", "CHF;1e9;2026-01-05", "<script>;1;2026-01-05",
                "CHF;4,61;2026-02-30", "CHF;4.61;2026-01-05;1/A/NBP/2026;extra", "CHF;4.61;2026-01-05;<b>",
                "CHF;4.61;2026-01-05\n".repeat(ExchangeRates.IMPORT_LIMIT + 1) }) {
            assertThat(manager.postRaw("/api/v1/exchange-rates/import", "text/plain", hostile).status())
                    .as(hostile.length() > 60 ? "too many lines" : hostile).isEqualTo(400);
        }
        assertThat(count("exchange_rates")).isEqualTo(before);

        Http.Response imported = manager.postRaw("/api/v1/exchange-rates/import", "text/plain",
                "# from the central bank's table\nCHF;4,6123;2026-01-05\nGBP,5.1234,2026-01-05\nHUF\t0,01102\t2026-01-05\n"
                        + "huf 0.0111 2026-01-06\nRON;0,8512;2026-01-05;003/A/NBP/2026\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(5);
        assertThat(count("exchange_rates")).isEqualTo(before + 5);
        assertThat(jdbc.sql("select table_number from exchange_rates where currency = 'RON' and valid_from = "
                + "'2026-01-05'").query(String.class).single()).as("the table's number").isEqualTo("003/A/NBP/2026");
        assertThat(jdbc.sql("select rate from exchange_rates where currency = 'HUF' and valid_from = '2026-01-05'")
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("0.01102");

        Http page = signedInAs(Role.MANAGER);
        assertThat(page.get("/exchange-rates").body()).contains("1 CHF = 4.6123 PLN");
        Http.Response refused = page.postForm("/exchange-rates/import", java.util.Map.of("text", "XX;1;2026"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("Line 1 is not a rate").contains("XX;1;2026");
        assertThat(page.postForm("/exchange-rates", java.util.Map.of("currency", "DKK", "rate", "0,5712",
                "validFrom", "2026-01-07")).status()).isEqualTo(302);
        assertThat(page.get("/exchange-rates").body()).contains("1 DKK = 0.5712 PLN");

        Http seller = signedInAs(Role.SALES);
        seller.get("/exchange-rates");
        assertThat(seller.postForm("/exchange-rates/import", java.util.Map.of("text", "SEK;0.4;2026-01-05"))
                .status()).isEqualTo(403);
        assertThat(count("exchange_rates")).isEqualTo(before + 6);
    }

    private static String rate(String currency, String rate, LocalDate from) {
        return "{\"currency\": \"%s\", \"rate\": %s, \"validFrom\": \"%s\"}".formatted(currency, rate, from);
    }
}
