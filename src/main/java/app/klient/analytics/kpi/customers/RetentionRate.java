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

/**
 * Retention rate: the customers at the period's start who are still customers at its end ÷ the customers at its
 * start (see {@link Retention}).
 */
@Component
class RetentionRate extends RetentionShare {

    RetentionRate(Retention retention) {
        super(retention, "retention-rate");
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return retention.retention(filters, periods);
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return retention.retained(filters, period, page);
    }
}
