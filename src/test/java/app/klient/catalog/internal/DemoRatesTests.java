package app.klient.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import app.klient.catalog.WorkingDays;
import org.junit.jupiter.api.Test;

/** The demo's exchange-rate tables are numbered as the central bank numbers them: one per working day, in order. */
class DemoRatesTests {

    @Test
    void every_working_day_has_its_own_table_number_one_more_than_the_working_day_before() {
        WorkingDays days = new WorkingDays("PLN");
        assertThat(DemoRates.table(LocalDate.of(2026, 1, 2), days)).as("1 January is a holiday")
                .isEqualTo("001/A/NBP/2026");
        assertThat(DemoRates.table(LocalDate.of(2026, 12, 2), days)).isNotEqualTo(DemoRates.table(LocalDate.of(2026,
                12, 3), days));
        Set<String> seen = new HashSet<>();
        LocalDate previous = null;
        for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
            if (!days.isWorkingDay(day)) {
                continue;
            }
            String table = DemoRates.table(day, days);
            assertThat(seen.add(table)).as(day + " " + table).isTrue();
            if (previous != null) {
                assertThat(Integer.parseInt(table.substring(0, 3))).as(day.toString())
                        .isEqualTo(Integer.parseInt(DemoRates.table(previous, days).substring(0, 3)) + 1);
            }
            previous = day;
        }
        assertThat(DemoRates.table(LocalDate.of(2027, 1, 4), days)).as("a new year starts again at 001")
                .startsWith("001/A/NBP/2027");
    }
}
