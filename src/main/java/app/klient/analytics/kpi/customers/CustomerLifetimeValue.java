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
 * Customer lifetime value: average purchase value × purchase frequency × expected lifespan, where of the period
 * the average purchase value is its revenue ÷ its purchases, the frequency its purchases ÷ its customers a year
 * (× 365 ÷ the period's days) and the lifespan the administrator's years ({@link CustomerSettings}): the period's
 * revenue per customer, made yearly, × the lifespan. The drill-down gives each customer's historical value (their
 * net revenue ever, up to the period's end).
 */
@Component
class CustomerLifetimeValue implements Kpi {

    private final CustomerRevenue revenue;
    private final CustomerSettings settings;

    CustomerLifetimeValue(CustomerRevenue revenue, CustomerSettings settings) {
        this.revenue = revenue;
        this.settings = settings;
    }

    @Override
    public String id() {
        return "customer-lifetime-value";
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
        BigDecimal years = BigDecimal.valueOf(settings.current().lifespanYears());
        List<CustomerRevenue.Totals> totals = revenue.totals(filters, periods);
        return java.util.stream.IntStream.range(0, periods.size()).mapToObj(i -> {
            CustomerRevenue.Totals t = totals.get(i);
            if (t.customers() == 0) {
                return Measure.NONE;
            }
            // (revenue ÷ purchases) × (purchases ÷ customers × 365 ÷ days) × years
            return Measure.of(t.revenue().multiply(BigDecimal.valueOf(365)).multiply(years).divide(
                    BigDecimal.valueOf(t.customers() * periods.get(i).days()), 2, RoundingMode.HALF_UP));
        }).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return revenue.customers(filters, period, page,
                c -> CustomerRevenue.record(c, c.history(), "kpi.customer-lifetime-value.note", c.purchases()));
    }
}
