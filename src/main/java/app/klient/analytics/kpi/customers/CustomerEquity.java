package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * Customer equity: the sum of the customers' discounted lifetime values. Each customer with a purchase in the period
 * is worth their revenue in it, made yearly (× 365 ÷ the period's days), in each year of the administrator's
 * lifespan, each year's value discounted at the administrator's rate to today as received at the year's end:
 * Σ over customers of yearly revenue × Σ over t = 1 … lifespan of 1 ÷ (1 + rate)^t.
 */
@Component
class CustomerEquity implements Kpi {

    private final CustomerRevenue revenue;
    private final CustomerSettings settings;

    CustomerEquity(CustomerRevenue revenue, CustomerSettings settings) {
        this.revenue = revenue;
        this.settings = settings;
    }

    @Override
    public String id() {
        return "customer-equity";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.CUSTOMERS;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MONEY;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.COUNTRY, KpiDimension.SEGMENT,
                KpiDimension.CURRENCY);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        BigDecimal factor = settings.current().annuityFactor();
        List<CustomerRevenue.Totals> totals = revenue.totals(filters, periods);
        return java.util.stream.IntStream.range(0, periods.size())
                .mapToObj(i -> Measure.of(discounted(totals.get(i).revenue(), periods.get(i), factor))).toList();
    }

    private static BigDecimal discounted(BigDecimal revenue, Period period, BigDecimal factor) {
        return revenue.multiply(BigDecimal.valueOf(365)).multiply(factor)
                .divide(BigDecimal.valueOf(period.days()), 2, RoundingMode.HALF_UP);
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        BigDecimal factor = settings.current().annuityFactor();
        return revenue.customers(filters, period, page, c -> CustomerRevenue.record(c,
                discounted(c.revenue(), period, factor), "kpi.customer-equity.note", c.revenue()));
    }
}
