package app.klient.analytics.kpi.customers;

import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/** Churn rate: the customers lost in the period ÷ the customers at its start (see {@link Retention}). */
@Component
class ChurnRate extends RetentionShare {

    ChurnRate(Retention retention) {
        super(retention, "churn-rate");
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return retention.churn(filters, periods);
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return retention.lost(filters, period, page);
    }
}
