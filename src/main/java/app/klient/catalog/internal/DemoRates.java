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
            String table = String.format("%03d/A/NBP/%d", day.getDayOfYear() * 5 / 7, day.getYear());
            rates.set(new ExchangeRates.NewRate("CZK", new BigDecimal("0.1712").add(BigDecimal.valueOf(n % 5, 4)),
                    day, table));
            rates.set(new ExchangeRates.NewRate("EUR", new BigDecimal("4.2480").add(BigDecimal.valueOf(n % 7, 3)),
                    day, table));
        }
    }
}
