package app.klient.catalog.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

import app.klient.catalog.ExchangeRates;
import app.klient.catalog.WorkingDays;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Rates for the demo company's Czech and euro deals, so that the board's converted totals show from the start. */
@Component
@Order(5)
class DemoRates implements DemoData {

    private final ExchangeRates rates;

    DemoRates(ExchangeRates rates) {
        this.rates = rates;
    }

    @Override
    public void fill(Faker faker) {
        if (!"PLN".equals(rates.companyCurrency())) {
            return;
        }
        // a table for every working day of the last seven weeks, as the central bank publishes them: an invoice takes
        // the rate of the last working day before its sale, and the demo's oldest foreign-currency invoice is 36 days old
        WorkingDays days = new WorkingDays("PLN");
        LocalDate today = LocalDate.now();
        for (LocalDate day = today.minusDays(50); !day.isAfter(today); day = day.plusDays(1)) {
            if (!days.isWorkingDay(day)) {
                continue;
            }
            long n = day.until(today, java.time.temporal.ChronoUnit.DAYS);
            String table = table(day, days);
            rates.set(new ExchangeRates.NewRate("CZK", new BigDecimal("0.1712").add(BigDecimal.valueOf(n % 5, 4)),
                    day, table));
            rates.set(new ExchangeRates.NewRate("EUR", new BigDecimal("4.2480").add(BigDecimal.valueOf(n % 7, 3)),
                    day, table));
        }
    }

    /**
     * The number of the day's table A as the central bank gives it: tables are numbered from 001 each year, one per
     * publication (working) day, so each working day has its own number, one more than the day before.
     */
    static String table(LocalDate day, WorkingDays days) {
        int number = 0;
        for (LocalDate d = day.withDayOfYear(1); !d.isAfter(day); d = d.plusDays(1)) {
            if (days.isWorkingDay(d)) {
                number++;
            }
        }
        return String.format("%03d/A/NBP/%d", number, day.getYear());
    }
}
