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
 * Revenue per customer: the net revenue of the invoices and corrections issued in the period (company currency) ÷
 * the customers with a purchase (an invoice) in it. See {@link CustomerRevenue}.
 */
@Component
class RevenuePerCustomer implements Kpi {

    private final CustomerRevenue revenue;

    RevenuePerCustomer(CustomerRevenue revenue) {
        this.revenue = revenue;
    }

    @Override
    public String id() {
        return "revenue-per-customer";
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
        return revenue.totals(filters, periods).stream()
                .map(t -> Measure.ratio(t.revenue(), BigDecimal.valueOf(t.customers()), 2)).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return revenue.customers(filters, period, page,
                c -> CustomerRevenue.record(c, c.revenue(), "kpi.revenue-per-customer.note", c.purchases()));
    }
}
