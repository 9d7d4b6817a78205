package app.klient.analytics.kpi.customers;

import java.util.EnumSet;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiUnit;

/**
 * A share of the customers at a period's start ({@link Retention}): those lost in it (the churn rate) or those still
 * customers at its end (the retention rate). Filtered by the customer's owner (and that owner's team), country and
 * segment; the retention cohorts take both apart.
 */
abstract class RetentionShare implements Kpi {

    private static final Set<KpiDimension> DIMENSIONS = EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM,
            KpiDimension.COUNTRY, KpiDimension.SEGMENT);

    protected final Retention retention;
    private final String id;

    RetentionShare(Retention retention, String id) {
        this.retention = retention;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
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
        return DIMENSIONS;
    }
}
