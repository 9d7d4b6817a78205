package app.klient.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The forecast's arithmetic on hand-made series whose right answers are known without a computer. */
class HoltWintersTests {

    private static double[] series(int months, java.util.function.IntToDoubleFunction value) {
        double[] y = new double[months];
        for (int t = 0; t < months; t++) {
            y[t] = value.applyAsDouble(t);
        }
        return y;
    }

    /** Twelve months of a season that repeats: high in autumn, low in summer (it adds up to 0). */
    private static final double[] SEASON = { -10, -20, 0, 10, 20, -30, -50, -40, 30, 50, 40, 0 };

    @Test
    void a_pure_linear_trend_is_forecast_exactly_with_a_season_of_nothing() {
        // 100, 105, 110, ... for 30 months: month 30 is 100 + 5 × 30 = 250, month 35 is 275
        HoltWinters.Fit fit = HoltWinters.fit(series(30, t -> 100 + 5 * t));
        assertThat(fit.method()).isEqualTo(HoltWinters.Method.HOLT_WINTERS);
        List<HoltWinters.Step> ahead = fit.forecast(6);
        for (int h = 0; h < 6; h++) {
            assertThat(ahead.get(h).value()).isCloseTo(250 + 5 * h, within(1e-6));
        }
        // no error in the past, so no width to the interval
        assertThat(ahead.get(5).high95() - ahead.get(5).low95()).isCloseTo(0, within(1e-6));
    }

    @Test
    void a_short_linear_trend_is_forecast_exactly_by_holt() {
        // ten months of 1000, 980, 960, ...: month 10 is 1000 − 20 × 10 = 800, month 12 is 760
        HoltWinters.Fit fit = HoltWinters.fit(series(10, t -> 1000 - 20 * t));
        assertThat(fit.method()).isEqualTo(HoltWinters.Method.HOLT);
        assertThat(fit.forecast(3)).extracting(HoltWinters.Step::value)
                .containsExactly(800.0, 780.0, 760.0);
    }

    @Test
    void a_pure_season_repeated_is_forecast_as_the_same_months_again() {
        // three years of 500 + the season: the next year repeats it month by month
        HoltWinters.Fit fit = HoltWinters.fit(series(36, t -> 500 + SEASON[t % 12]));
        List<HoltWinters.Step> ahead = fit.forecast(12);
        for (int h = 0; h < 12; h++) {
            assertThat(ahead.get(h).value()).as("month %d ahead", h + 1).isCloseTo(500 + SEASON[h], within(1e-6));
        }
    }

    @Test
    void a_season_on_a_trend_is_forecast_as_both() {
        // 200 + 3t + season for 40 months: month 40 is 200 + 120 + SEASON[40 % 12 = 4] = 340
        HoltWinters.Fit fit = HoltWinters.fit(series(40, t -> 200 + 3 * t + SEASON[t % 12]));
        List<HoltWinters.Step> ahead = fit.forecast(3);
        assertThat(ahead.get(0).value()).isCloseTo(340, within(1e-6));
        assertThat(ahead.get(1).value()).isCloseTo(200 + 123 + SEASON[5], within(1e-6));
        assertThat(ahead.get(2).value()).isCloseTo(200 + 126 + SEASON[6], within(1e-6));
    }

    @Test
    void fewer_than_four_months_give_their_mean_with_the_spread_of_the_months() {
        // mean of 10, 20, 30 is 20; sample deviation √((100 + 0 + 100) / 2) = 10; widened by √(1 + 1/3)
        HoltWinters.Fit fit = HoltWinters.fit(new double[] { 10, 20, 30 });
        assertThat(fit.method()).isEqualTo(HoltWinters.Method.MEAN);
        HoltWinters.Step next = fit.forecast(1).get(0);
        assertThat(next.value()).isEqualTo(20.0);
        double spread = 10 * Math.sqrt(4.0 / 3);
        assertThat(next.high80()).isCloseTo(20 + 1.2816 * spread, within(1e-9));
        assertThat(next.low95()).isCloseTo(20 - 1.96 * spread, within(1e-9));
    }

    @Test
    void the_interval_widens_with_the_horizon_as_the_model_says() {
        // a trend with a zig-zag of ±10 around it: Holt's one-step errors are not zero
        HoltWinters.Fit fit = HoltWinters.fit(series(12, t -> 100 + 10 * t + (t % 2 == 0 ? 10 : -10)));
        assertThat(fit.method()).isEqualTo(HoltWinters.Method.HOLT);
        assertThat(fit.sigma()).isPositive();
        List<HoltWinters.Step> ahead = fit.forecast(3);
        double a = fit.alpha();
        double b = fit.beta();
        double phi = fit.phi();
        // φ₁ = φ, φ₂ = φ + φ² (1 and 2 when the trend is not damped)
        double c1 = a * (1 + phi * b);
        double c2 = a * (1 + (phi + phi * phi) * b);
        // σ₁ = σ, σ₂ = σ √(1 + c₁²), σ₃ = σ √(1 + c₁² + c₂²)
        assertThat(ahead.get(0).high95() - ahead.get(0).value()).isCloseTo(1.96 * fit.sigma(), within(1e-9));
        assertThat(ahead.get(1).high95() - ahead.get(1).value())
                .isCloseTo(1.96 * fit.sigma() * Math.sqrt(1 + c1 * c1), within(1e-9));
        assertThat(ahead.get(2).high80() - ahead.get(2).value())
                .isCloseTo(1.2816 * fit.sigma() * Math.sqrt(1 + c1 * c1 + c2 * c2), within(1e-9));
    }

    @Test
    void a_damped_trend_adds_phi_times_the_step_before_each_month_ahead() {
        // level 200, trend 10, φ 0.8: 200 + 8 = 208, + 6.4 = 214.4, + 5.12 = 219.52, never past 200 + 10 × 4 = 240
        HoltWinters.Fit fit = new HoltWinters.Fit(HoltWinters.Method.HOLT, 0.5, 0.5, 0, 0.8, 200, 10, new double[0],
                1, 10);
        List<HoltWinters.Step> ahead = fit.forecast(40);
        assertThat(ahead.get(0).value()).isCloseTo(208, within(1e-9));
        assertThat(ahead.get(1).value()).isCloseTo(214.4, within(1e-9));
        assertThat(ahead.get(2).value()).isCloseTo(219.52, within(1e-9));
        assertThat(ahead.get(39).value()).isLessThan(240).isGreaterThan(239.9);
        // the interval's c₁ = α (1 + φ β) = 0.5 × (1 + 0.4) = 0.7: σ₂ = √(1 + 0.49)
        assertThat(ahead.get(1).high95() - ahead.get(1).value()).isCloseTo(1.96 * Math.sqrt(1.49), within(1e-9));
    }

    @Test
    void a_jump_in_the_last_months_levels_off_rather_than_running_on_as_a_steep_line() {
        // 17 months of 100, then 3 of 200: the revenue stepped up and stayed there. Undamped, the trend the jump left
        // behind runs on (by some 4.5 a month, 227 six months ahead); damped, the forecast stays by the new level
        double[] jump = series(20, t -> t < 17 ? 100 : 200);
        HoltWinters.Fit fit = HoltWinters.fit(jump);
        assertThat(fit.method()).isEqualTo(HoltWinters.Method.HOLT);
        assertThat(fit.phi()).isLessThan(1);
        List<HoltWinters.Step> ahead = fit.forecast(6);
        assertThat(ahead.get(5).value()).isBetween(195.0, 212.0);
        // what it adds over six months is the trend's φ + … + φ⁶, far less than six steps
        assertThat(ahead.get(5).value() - fit.level()).isLessThan(6 * fit.trend());
        // a steady line is still not damped: it is forecast exactly (φ = 1)
        assertThat(HoltWinters.fit(series(20, t -> 100 + 5 * t)).phi()).isEqualTo(1.0);
    }

    @Test
    void mape_is_the_average_miss_as_a_share_of_the_actual_computed_by_hand() {
        // misses 10/100, 12/120, 0/80, 30/150, 10/200 = 0.10 + 0.10 + 0 + 0.20 + 0.05 = 0.45; ÷ 5 = 9 %
        assertThat(HoltWinters.mape(new double[] { 100, 120, 80, 150, 200 },
                new double[] { 90, 132, 80, 120, 210 })).isCloseTo(9.0, within(1e-9));
        // a month of zero revenue and one without a forecast are left out: (0.10 + 0.10 + 0.25) ÷ 3 = 15 %
        assertThat(HoltWinters.mape(new double[] { 100, 200, 0, 400, 50 },
                new double[] { 110, 180, 5, 300, Double.NaN })).isCloseTo(15.0, within(1e-9));
        assertThat(HoltWinters.mape(new double[] { 0 }, new double[] { 5 })).isNaN();
    }

    @Test
    void the_one_step_ahead_check_refits_on_the_months_before_each_one() {
        // a straight line is forecast exactly from any four months on: no error on the last 12 of 30
        double[] line = series(30, t -> 50 + 2 * t);
        double[] checked = HoltWinters.oneStepAhead(line, 12);
        assertThat(checked).hasSize(12);
        assertThat(HoltWinters.mape(java.util.Arrays.copyOfRange(line, 18, 30), checked)).isCloseTo(0, within(1e-6));
        // with two months only the first of them had one before it (the mean of one month: itself)
        assertThat(HoltWinters.oneStepAhead(new double[] { 10, 30 }, 12)).containsExactly(Double.NaN, 10.0);
    }
}
