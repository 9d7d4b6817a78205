package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * Customer lifetime value: average purchase value × purchase frequency × expected lifespan, as the customers stand at
 * the period's end: both read over {@link CustomerRevenue#yearTo the 12 months to the period's end} (revenue ÷
 * purchases, and purchases ÷ customers with a purchase), so that a week's or a day's figure, and each point of a trend,
 * is the year's as it stood then rather than one purchase made yearly; the lifespan is the administrator's years
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
        BigDecimal lifespan = BigDecimal.valueOf(settings.current().lifespanYears());
        List<Period> years = periods.stream().map(p -> CustomerRevenue.yearTo(p, zone)).toList();
        return revenue.totals(filters, years).stream().map(year -> year.customers() == 0 ? Measure.NONE
                // (revenue ÷ purchases) × (purchases ÷ customers) × lifespan over the 12 months: revenue ÷ customers
                : Measure.of(year.revenue().multiply(lifespan).divide(BigDecimal.valueOf(year.customers()), 2,
                        RoundingMode.HALF_UP))).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return revenue.customers(filters, period, CustomerRevenue.Order.REVENUE, page,
                c -> CustomerRevenue.record(c, c.history(), "kpi.customer-lifetime-value.note", c.purchases()));
    }
}
