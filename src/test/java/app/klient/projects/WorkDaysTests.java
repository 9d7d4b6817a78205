package app.klient.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class WorkDaysTests {

    // 2026-12-04 is a Friday
    private static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);

    @Test
    void the_next_working_day_skips_the_weekend_from_any_day_of_it() {
        assertThat(WorkDays.after(FRIDAY, 1)).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(WorkDays.after(FRIDAY.plusDays(1), 1)).as("Saturday").isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(WorkDays.after(FRIDAY.plusDays(2), 1)).as("Sunday").isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(WorkDays.after(FRIDAY.minusDays(2), 1)).as("Wednesday").isEqualTo(FRIDAY.minusDays(1));
    }

    @Test
    void days_are_counted_in_working_days_and_zero_moves_a_weekend_to_monday() {
        assertThat(WorkDays.after(FRIDAY, 3)).isEqualTo(LocalDate.of(2026, 12, 9));
        assertThat(WorkDays.after(FRIDAY, 5)).isEqualTo(LocalDate.of(2026, 12, 11));
        assertThat(WorkDays.after(FRIDAY, 6)).isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(WorkDays.after(FRIDAY, 0)).isEqualTo(FRIDAY);
        assertThat(WorkDays.after(FRIDAY.plusDays(1), 0)).isEqualTo(LocalDate.of(2026, 12, 7));
    }
}
