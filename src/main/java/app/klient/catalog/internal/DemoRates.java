package app.klient.catalog.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

import app.klient.catalog.ExchangeRates;
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
        // old enough for the demo's oldest foreign-currency invoice (the rate of the day before its sale)
        LocalDate monthAgo = LocalDate.now().minusDays(45);
        rates.set(new ExchangeRates.NewRate("CZK", new BigDecimal("0.1712"), monthAgo));
        rates.set(new ExchangeRates.NewRate("EUR", new BigDecimal("4.2480"), monthAgo));
    }
}
