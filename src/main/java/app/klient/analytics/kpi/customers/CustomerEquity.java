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
 * Customer equity: the sum of the customers' discounted lifetime values, as they stand at the period's end. The
 * customers are those with a purchase in {@link CustomerRevenue#yearTo the 12 months to the period's end}; each is
 * worth a year the average purchase value of those months × their purchases in them, in each year of the
 * administrator's lifespan, each year's value discounted at the administrator's rate to today as received at the
 * year's end. Added up: the 12 months' revenue × Σ over t = 1 … lifespan of 1 ÷ (1 + rate)^t.
 */
@Component
class CustomerEquity extends CustomerValue {

    private final CustomerSettings settings;

    CustomerEquity(CustomerRevenue revenue, CustomerSettings settings) {
        super(revenue, "customer-equity");
        this.settings = settings;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        BigDecimal factor = settings.current().annuityFactor();
        return revenue.totals(filters, periods.stream().map(p -> CustomerRevenue.yearTo(p, zone)).toList())
                .stream().map(year -> {
                    BigDecimal value = discounted(year, year.purchases(), factor);
                    return value == null ? Measure.NONE : Measure.of(value);
                }).toList();
    }

    /**
     * What {@code purchases} a year at the 12 months' average purchase value are worth over the lifespan, discounted;
     * null when those months have no purchase to average.
     */
    private static BigDecimal discounted(CustomerRevenue.Totals year, long purchases, BigDecimal factor) {
        if (year.purchases() == 0) {
            return null;
        }
        return year.revenue().multiply(BigDecimal.valueOf(purchases)).multiply(factor)
                .divide(BigDecimal.valueOf(year.purchases()), 2, RoundingMode.HALF_UP);
    }

    /** The customers of the 12 months to the period's end, each with their discounted value, most purchases first. */
    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        BigDecimal factor = settings.current().annuityFactor();
        Period year = CustomerRevenue.yearTo(period, zone);
        CustomerRevenue.Totals totals = revenue.totals(filters, List.of(year)).get(0);
        return revenue.customers(filters, year, CustomerRevenue.Order.PURCHASES, page, c -> CustomerRevenue.record(c,
                discounted(totals, c.purchases(), factor), "kpi.customer-equity.note", c.purchases()));
    }
}
