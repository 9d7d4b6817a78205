package app.klient.catalog.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.catalog.ExchangeRates;
import app.klient.catalog.WorkingDays;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Rates for the demo company's Czech and euro deals, so that the board's converted totals show from the start. */
@Component
@Order(5)
class DemoRates implements DemoData {

    private final ExchangeRates rates;
    private final JdbcClient jdbc;

    DemoRates(ExchangeRates rates, JdbcClient jdbc) {
        this.rates = rates;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        if (!"PLN".equals(rates.companyCurrency())) {
            return;
        }
        WorkingDays days = new WorkingDays("PLN");
        LocalDate today = LocalDate.now();
        LocalDate first = today.minusMonths(HISTORY_MONTHS + 1).withDayOfMonth(1);
        Map<LocalDate, String> tables = tables(first, today, days);
        List<LocalDate> published = new ArrayList<>();
        List<BigDecimal> koruna = new ArrayList<>();
        List<BigDecimal> euro = new ArrayList<>();
        // the first working day of each week back to the start of the demo's history (its older foreign-currency
        // invoices are converted at them), the koruna and the euro drifting a little over the years
        for (LocalDate monday = first.with(java.time.DayOfWeek.MONDAY); monday.isBefore(today.minusDays(50));
                monday = monday.plusWeeks(1)) {
            LocalDate day = monday;
            while (!tables.containsKey(day)) {
                day = day.plusDays(1);
            }
            double drift = Math.sin(day.toEpochDay() / 120.0);
            published.add(day);
            koruna.add(new BigDecimal("0.1712").add(BigDecimal.valueOf(Math.round(drift * 60), 4)));
            euro.add(new BigDecimal("4.2480").add(BigDecimal.valueOf(Math.round(drift * 120), 3)));
        }
        // then a table for every working day of the last seven weeks, as the central bank publishes them: an invoice
        // takes the rate of the last working day before its sale
        for (LocalDate day = today.minusDays(50); !day.isAfter(today); day = day.plusDays(1)) {
            if (!tables.containsKey(day)) {
                continue;
            }
            long n = day.until(today, java.time.temporal.ChronoUnit.DAYS);
            published.add(day);
            koruna.add(new BigDecimal("0.1712").add(BigDecimal.valueOf(n % 5, 4)));
            euro.add(new BigDecimal("4.2480").add(BigDecimal.valueOf(n % 7, 3)));
        }
        // one statement for them all: the first start stays quick
        jdbc.sql("""
                insert into exchange_rates (currency, rate, valid_from, table_number)
                select r.currency, r.rate, r.day, r.table_number
                from unnest(cast(:days as date[]), cast(:koruna as numeric[]), cast(:euro as numeric[]),
                            cast(:tables as text[])) t(day, koruna, euro, table_number)
                cross join lateral (values ('CZK', t.koruna, t.day, t.table_number),
                                           ('EUR', t.euro, t.day, t.table_number)) r(currency, rate, day, table_number)
                on conflict (currency, valid_from) do update set rate = excluded.rate,
                    table_number = excluded.table_number""")
                .param("days", published.stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new))
                .param("koruna", koruna.toArray(BigDecimal[]::new)).param("euro", euro.toArray(BigDecimal[]::new))
                .param("tables", published.stream().map(tables::get).toArray(String[]::new)).update();
    }

    /**
     * Every working day from the first of {@code from}'s year to {@code to}, and the number of its table A as the
     * central bank gives it: tables are numbered from 001 each year, one per publication (working) day, so each
     * working day has its own number, one more than the day before.
     */
    private static Map<LocalDate, String> tables(LocalDate from, LocalDate to, WorkingDays days) {
        Map<LocalDate, String> tables = new HashMap<>();
        int number = 0;
        for (LocalDate d = from.withDayOfYear(1); !d.isAfter(to); d = d.plusDays(1)) {
            number = d.getDayOfYear() == 1 ? 0 : number;
            if (days.isWorkingDay(d)) {
                number++;
                tables.put(d, String.format("%03d/A/NBP/%d", number, d.getYear()));
            }
        }
        return tables;
    }

    /** The number of the last table published on or before {@code day} in its year. */
    static String table(LocalDate day, WorkingDays days) {
        Map<LocalDate, String> tables = tables(day, day, days);
        for (LocalDate d = day; d.getYear() == day.getYear(); d = d.minusDays(1)) {
            if (tables.containsKey(d)) {
                return tables.get(d);
            }
        }
        return String.format("%03d/A/NBP/%d", 0, day.getYear());
    }
}
