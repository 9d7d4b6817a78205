package app.klient.analytics.kpi.marketing;

import java.math.BigDecimal;
import java.util.List;

import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.CampaignReport;
import org.springframework.stereotype.Component;

/**
 * Cost per customer: the cost of the campaigns started within the period that had a cost entered ÷ the customers
 * whose invoices attribution credits to those campaigns.
 */
@Component
class CostPerCustomer extends CampaignKpi {

    CostPerCustomer(StartedCampaigns campaigns) {
        super(campaigns);
    }

    @Override
    public String id() {
        return "cost-per-customer";
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MONEY;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    Measure of(List<CampaignReport> reports) {
        return CampaignRoi.withoutNumerator(Measure.ratio(StartedCampaigns.sum(reports, CampaignReport::cost),
                BigDecimal.valueOf(reports.stream().mapToLong(r -> r.attributed().customers()).sum()), 2));
    }
}
