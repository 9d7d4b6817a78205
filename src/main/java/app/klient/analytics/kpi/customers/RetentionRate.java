package app.klient.analytics.kpi.customers;

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
 * Retention rate: the customers at the period's start who are still customers at its end ÷ the customers at its
 * start (see {@link Retention}). Filtered by the customer's owner (and that owner's team), country and segment.
 */
@Component
class RetentionRate implements Kpi {

    private final Retention retention;

    RetentionRate(Retention retention) {
        this.retention = retention;
    }

    @Override
    public String id() {
        return "retention-rate";
    }

    @Override
    public String breakdown() {
        return "/analytics/cohorts";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.CUSTOMERS;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.COUNTRY, KpiDimension.SEGMENT);
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
