package app.klient.analytics.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The reasons told for a churn risk are reasons to leave: a feature the model happens to weigh the other way (in the
 * demo, buying sooner than usual; full satisfaction) still moves the probability but is never told as a reason.
 */
class ChurnReasonsTests {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    /** A model over the ten churn features with the given weights, every feature's mean 1 and spread 1. */
    private static LinearModel model(double... weights) {
        double[] ones = new double[weights.length];
        java.util.Arrays.fill(ones, 1);
        return new LinearModel(ChurnRisk.FEATURES, ones.clone(), ones.clone(), weights, 0);
    }

    private static CustomerFeatures.Row customer(int lastGap, int usualGap, Double satisfaction, int recency) {
        return new CustomerFeatures.Row("company", 1, 6, 3, TODAY.minusDays(700), TODAY.minusDays(recency), 9000,
                30000, (double) usualGap, lastGap, 0, 0, satisfaction, "PL", "IT", "SMALL");
    }

    @Test
    void buying_sooner_than_usual_is_no_reason_to_leave_whatever_the_model_weighs() {
        // slowing weighed negatively: a short last gap raises the log-odds, yet "34 days, usually 134" is no reason
        LinearModel model = model(0, 0, -2, 0, 0, 0, 0, 0, 0, 0);
        List<Reason> reasons = ChurnRisk.reasons(model, customer(34, 134, null, 20), TODAY, 365);
        assertThat(reasons).extracting(Reason::code).doesNotContain("slowing");
        assertThat(model.contributions(ChurnRisk.vector(customer(34, 134, null, 20), TODAY, 365))[2]).isPositive();
    }

    @Test
    void a_slower_last_gap_is_told_when_the_model_weighs_it() {
        LinearModel model = model(0, 0, 2, 0, 0, 0, 0, 0, 0, 0);
        List<Reason> reasons = ChurnRisk.reasons(model, customer(200, 60, null, 20), TODAY, 365);
        assertThat(reasons).extracting(Reason::code).containsExactly("slowing");
        assertThat(reasons.get(0).value()).isEqualTo(200);
        assertThat(reasons.get(0).usual()).isEqualTo(60.0);
    }

    @Test
    void full_satisfaction_is_no_reason_to_leave() {
        // dissatisfaction (3 − CSAT) weighed negatively: a satisfied customer's −2 lies below the mean and raises risk
        LinearModel model = model(0, 0, 0, 0, 0, 0, 0, 0, 0, -1);
        assertThat(ChurnRisk.reasons(model, customer(60, 60, 5.0, 20), TODAY, 365)).extracting(Reason::code)
                .doesNotContain("satisfaction");
        LinearModel dissatisfied = model(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(ChurnRisk.reasons(dissatisfied, customer(60, 60, 1.5, 20), TODAY, 365)).extracting(Reason::code)
                .containsExactly("satisfaction");
    }
}
