package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
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
 * Revenue per customer: the net revenue of the invoices and corrections issued in the period (company currency) ÷
 * the customers with a purchase (an invoice) in it. See {@link CustomerRevenue}.
 */
@Component
class RevenuePerCustomer extends CustomerValue {

    RevenuePerCustomer(CustomerRevenue revenue) {
        super(revenue, "revenue-per-customer");
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return revenue.totals(filters, periods).stream()
                .map(t -> Measure.ratio(t.revenue(), BigDecimal.valueOf(t.customers()), 2)).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return revenue.customers(filters, period, CustomerRevenue.Order.REVENUE, page,
                c -> CustomerRevenue.record(c, c.revenue(), "kpi.revenue-per-customer.note", c.purchases()));
    }
}
