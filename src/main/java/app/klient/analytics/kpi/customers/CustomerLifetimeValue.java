package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * Customer lifetime value: average purchase value × purchase frequency × expected lifespan. The average purchase
 * value is the period's revenue ÷ its purchases; the frequency is how many purchases a customer makes in a year, read
 * over {@link CustomerRevenue#yearTo the 12 months to the period's end} (purchases ÷ customers with a purchase in
 * them), so that a week's figure is not a week's purchases made yearly; the lifespan is the administrator's years
 * ({@link CustomerSettings}). The drill-down gives each customer's historical value (their net revenue ever, up to
 * the period's end).
 */
@Component
class CustomerLifetimeValue extends CustomerValue {

    private final CustomerSettings settings;

    CustomerLifetimeValue(CustomerRevenue revenue, CustomerSettings settings) {
        super(revenue, "customer-lifetime-value");
        this.settings = settings;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        BigDecimal years = BigDecimal.valueOf(settings.current().lifespanYears());
        List<CustomerRevenue.Totals> totals = revenue.totals(filters, Stream.concat(periods.stream(),
                periods.stream().map(p -> CustomerRevenue.yearTo(p, zone))).toList());
        return IntStream.range(0, periods.size()).mapToObj(i -> {
            CustomerRevenue.Totals period = totals.get(i);
            CustomerRevenue.Totals year = totals.get(periods.size() + i);
            if (period.purchases() == 0 || year.customers() == 0) {
                return Measure.NONE;
            }
            // (revenue ÷ purchases) × (the year's purchases ÷ the year's customers) × years
            return Measure.of(period.revenue().multiply(BigDecimal.valueOf(year.purchases())).multiply(years)
                    .divide(BigDecimal.valueOf(period.purchases() * year.customers()), 2, RoundingMode.HALF_UP));
        }).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return revenue.customers(filters, period, CustomerRevenue.Order.REVENUE, page,
                c -> CustomerRevenue.record(c, c.history(), "kpi.customer-lifetime-value.note", c.purchases()));
    }
}
