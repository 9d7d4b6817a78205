package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Scores worked out by hand for a handful of rules. */
class LeadScoringTests {

    static final List<ScoringRule> RULES = List.of(
            new ScoringRule(1L, "From the fair", "FIELD", "UTM_CAMPAIGN", "EQUALS", "Targi Poznań 2026", null, 20, true),
            new ScoringRule(2L, "Decision maker", "FIELD", "JOB_TITLE", "CONTAINS", "director", null, 15, true),
            new ScoringRule(3L, "Has a phone", "FIELD", "PHONE", "PRESENT", null, null, 5, true),
            new ScoringRule(4L, "Free mail", "FIELD", "EMAIL", "CONTAINS", "@gmail.com", null, -10, true),
            new ScoringRule(5L, "Opened an e-mail", "EVENT", null, null, null, LeadEventKind.EMAIL_OPENED, 3, true),
            new ScoringRule(6L, "Visited the site", "EVENT", null, null, null, LeadEventKind.WEB_VISIT, 1, true),
            new ScoringRule(7L, "Retired rule", "FIELD", "SOURCE", "PRESENT", null, null, 100, false));

    @Test
    void a_lead_that_meets_nothing_scores_zero() {
        assertThat(LeadScoring.score(RULES, Map.of("SOURCE", "API"), Map.of())).isZero();
    }

    @Test
    void field_rules_add_up_ignoring_case_and_accents() {
        Map<String, String> lead = Map.of("UTM_CAMPAIGN", "targi poznan 2026", "JOB_TITLE", "Sales Director CEE",
                "PHONE", "+48 601 234 567", "EMAIL", "jan@firma.pl");
        assertThat(LeadScoring.score(RULES, lead, Map.of())).isEqualTo(20 + 15 + 5);
    }

    @Test
    void negative_points_and_events_count_each_time() {
        Map<String, String> lead = Map.of("EMAIL", "jan.kowalski@gmail.com");
        Map<LeadEventKind, Integer> events = Map.of(LeadEventKind.EMAIL_OPENED, 4, LeadEventKind.WEB_VISIT, 7);
        assertThat(LeadScoring.score(RULES, lead, events)).isEqualTo(-10 + 4 * 3 + 7);
    }

    @Test
    void a_blank_value_is_not_present_and_a_retired_rule_counts_nothing() {
        assertThat(LeadScoring.score(RULES, Map.of("PHONE", "  ", "SOURCE", "WEB_FORM"), Map.of())).isZero();
    }
}
