package app.klient.analytics.kpi.marketing;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.ToLongFunction;

import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.CampaignReport;

/**
 * The cost of the campaigns started within the period that had a cost entered ÷ what attribution credits to them
 * ({@code credited}: leads, customers): the cost per lead and the cost per customer differ only in that count. A
 * campaign's record notes the count its own cost is over.
 */
abstract class CampaignCost extends CampaignKpi {

    private final String id;
    private final ToLongFunction<CampaignReport> credited;

    CampaignCost(StartedCampaigns campaigns, String id, ToLongFunction<CampaignReport> credited) {
        super(campaigns);
        this.id = id;
        this.credited = credited;
    }

    @Override
    public String id() {
        return id;
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
                BigDecimal.valueOf(reports.stream().mapToLong(credited).sum()), 2));
    }
}
