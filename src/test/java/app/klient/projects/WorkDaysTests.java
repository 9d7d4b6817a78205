package app.klient.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class WorkDaysTests {

    // 2026-12-04 is a Friday
    private static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);
    private static final WorkDays POLAND = WorkDays.of("PLN");

    @Test
    void the_next_working_day_skips_the_weekend_from_any_day_of_it() {
        assertThat(POLAND.after(FRIDAY, 1)).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(POLAND.after(FRIDAY.plusDays(1), 1)).as("Saturday").isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(POLAND.after(FRIDAY.plusDays(2), 1)).as("Sunday").isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(POLAND.after(FRIDAY.minusDays(2), 1)).as("Wednesday").isEqualTo(FRIDAY.minusDays(1));
    }

    @Test
    void days_are_counted_in_working_days_and_zero_moves_a_weekend_to_monday() {
        assertThat(POLAND.after(FRIDAY, 3)).isEqualTo(LocalDate.of(2026, 12, 9));
        assertThat(POLAND.after(FRIDAY, 5)).isEqualTo(LocalDate.of(2026, 12, 11));
        assertThat(POLAND.after(FRIDAY, 6)).isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(POLAND.after(FRIDAY, 0)).isEqualTo(FRIDAY);
        assertThat(POLAND.after(FRIDAY.plusDays(1), 0)).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void a_task_of_n_working_days_ends_on_its_nth_day() {
        assertThat(POLAND.through(FRIDAY, 1)).as("one day: the day itself").isEqualTo(FRIDAY);
        assertThat(POLAND.through(FRIDAY, 0)).as("no length is one day").isEqualTo(FRIDAY);
        assertThat(POLAND.through(FRIDAY, 2)).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(POLAND.through(FRIDAY.plusDays(1), 1)).as("from a Saturday").isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void public_holidays_of_the_companys_country_are_no_working_days() {
        LocalDate wednesday = LocalDate.of(2026, 12, 23);
        // Christmas Eve (a holiday in Poland from 2025 and in Czechia), both Christmas days, then the weekend
        assertThat(POLAND.after(wednesday, 1)).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(WorkDays.of("CZK").after(wednesday, 1)).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(WorkDays.of("EUR").after(wednesday, 1)).as("weekends only").isEqualTo(LocalDate.of(2026, 12, 24));
        // Easter Monday 2027 is 29 March; Czechia also rests on Good Friday, 26 March
        assertThat(POLAND.after(LocalDate.of(2027, 3, 26), 1)).isEqualTo(LocalDate.of(2027, 3, 30));
        assertThat(WorkDays.of("CZK").after(LocalDate.of(2027, 3, 25), 1)).isEqualTo(LocalDate.of(2027, 3, 30));
        // 3 May (Constitution Day) 2027 is a Monday in Poland, not in Czechia
        assertThat(POLAND.after(LocalDate.of(2027, 4, 30), 1)).isEqualTo(LocalDate.of(2027, 5, 4));
        assertThat(WorkDays.of("CZK").after(LocalDate.of(2027, 4, 30), 1)).isEqualTo(LocalDate.of(2027, 5, 3));
    }
}
