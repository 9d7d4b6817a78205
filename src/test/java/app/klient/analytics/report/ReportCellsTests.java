package app.klient.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** A report's values as English, Polish and Czech readers write them. */
class ReportCellsTests {

    private static final Locale EN = Locale.ENGLISH;
    private static final Locale PL = Locale.forLanguageTag("pl");
    private static final Locale CS = Locale.forLanguageTag("cs");
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    /** The grouping separator of Polish and Czech numbers: a no-break space. */
    private static final String NB = "\u00a0";

    @Test
    void a_grouped_month_reads_as_the_month_and_year_in_the_readers_language() {
        LocalDate january = LocalDate.of(2024, 1, 1);
        assertThat(ReportCells.cell(january, "DATE:MONTH", EN, WARSAW)).isEqualTo("Jan 2024");
        assertThat(ReportCells.cell(january, "DATE:MONTH", PL, WARSAW)).isEqualTo("sty 2024");
        assertThat(ReportCells.cell(january, "DATE:MONTH", CS, WARSAW)).isEqualTo("led 2024");
    }

    @Test
    void a_quarter_a_week_and_a_year_read_as_periods_not_as_their_first_day() {
        assertThat(ReportCells.cell(LocalDate.of(2024, 1, 1), "DATE:QUARTER", PL, WARSAW)).isEqualTo("Q1 2024");
        assertThat(ReportCells.cell(LocalDate.of(2024, 10, 1), "DATE:QUARTER", CS, WARSAW)).isEqualTo("Q4 2024");
        // 29 January 2024 is the Monday of ISO week 5; 30 December 2024 starts week 1 of 2025
        assertThat(ReportCells.cell(LocalDate.of(2024, 1, 29), "DATE:WEEK", EN, WARSAW)).isEqualTo("2024-W05");
        assertThat(ReportCells.cell(LocalDate.of(2024, 12, 30), "DATE:WEEK", PL, WARSAW)).isEqualTo("2025-W01");
        assertThat(ReportCells.cell(LocalDate.of(2024, 1, 1), "DATE:YEAR", CS, WARSAW)).isEqualTo("2024");
    }

    @Test
    void a_day_and_a_moment_read_as_the_reader_writes_them() {
        LocalDate day = LocalDate.of(2024, 3, 5);
        assertThat(ReportCells.cell(day, "DATE:DAY", EN, WARSAW)).isEqualTo("Mar 5, 2024");
        assertThat(ReportCells.cell(day, "DATE:DAY", PL, WARSAW)).isEqualTo("5 mar 2024");
        assertThat(ReportCells.cell(day, "DATE:DAY", CS, WARSAW)).isEqualTo("5. 3. 2024");
        assertThat(ReportCells.cell(Instant.parse("2024-03-05T13:30:00Z"), "DATE", PL, WARSAW))
                .isEqualTo("5 mar 2024, 14:30");
    }

    @Test
    void an_amount_always_has_two_decimals_and_a_number_those_it_has() {
        assertThat(ReportCells.cell(new BigDecimal("1234.5"), "MONEY", PL, WARSAW)).isEqualTo("1" + NB + "234,50");
        assertThat(ReportCells.cell(new BigDecimal("1234"), "MONEY", CS, WARSAW)).isEqualTo("1" + NB + "234,00");
        assertThat(ReportCells.cell(new BigDecimal("1234"), "MONEY", EN, WARSAW)).isEqualTo("1,234.00");
        assertThat(ReportCells.cell(1234L, "NUMBER", PL, WARSAW)).isEqualTo("1" + NB + "234");
        assertThat(ReportCells.cell(new BigDecimal("2.5"), "NUMBER", CS, WARSAW)).isEqualTo("2,5");
    }

    @Test
    void a_figure_is_shortened_for_a_small_chart_in_the_readers_language() {
        assertThat(ReportCells.compact(1_234_567, EN)).isEqualTo("1.2M");
        assertThat(ReportCells.compact(1_234_567, PL)).isEqualTo("1,2" + NB + "mln");
        assertThat(ReportCells.compact(new BigDecimal("12345.67"), CS)).isEqualTo("12,3" + NB + "tis.");
        assertThat(ReportCells.compact(950, PL)).isEqualTo("950");
    }
}
