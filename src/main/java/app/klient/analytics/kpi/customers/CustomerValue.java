package app.klient.analytics.kpi.customers;

import java.util.EnumSet;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiUnit;

/**
 * A figure of what customers bought ({@link CustomerRevenue}): an amount in the company currency, filtered by the
 * customer's owner (and that owner's team), country and segment, and by the invoices' currency. Revenue per customer,
 * lifetime value and customer equity differ only in what they make of the revenue.
 */
abstract class CustomerValue implements Kpi {

    private static final Set<KpiDimension> DIMENSIONS = EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM,
            KpiDimension.COUNTRY, KpiDimension.SEGMENT, KpiDimension.CURRENCY);

    protected final CustomerRevenue revenue;
    private final String id;

    CustomerValue(CustomerRevenue revenue, String id) {
        this.revenue = revenue;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
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
        return DIMENSIONS;
    }
}
