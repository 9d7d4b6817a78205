package app.klient.analytics.kpi.marketing;

import java.math.BigDecimal;
import java.util.List;

import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.CampaignReport;
import org.springframework.stereotype.Component;

/**
 * Cost per lead: the cost of the campaigns started within the period that had a cost entered ÷ the leads credited
 * to those campaigns by attribution.
 */
@Component
class CostPerLead extends CampaignKpi {

    CostPerLead(StartedCampaigns campaigns) {
        super(campaigns);
    }

    @Override
    public String id() {
        return "cost-per-lead";
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
                BigDecimal.valueOf(reports.stream().mapToLong(r -> r.attributed().leads()).sum()), 2));
    }
}
