package app.klient.analytics.kpi.marketing;

import java.util.List;

import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.CampaignReport;
import app.klient.platform.Phrase;
import org.springframework.stereotype.Component;

/**
 * Campaign ROI: over the campaigns started within the period with a cost above zero, (revenue credited to them − their
 * cost) ÷ their cost, in percent: the campaign report's ROI ({@link CampaignReport#roi()}) of the campaigns taken
 * together.
 */
@Component
class CampaignRoi extends CampaignKpi {

    /** A return is no share "of" the cost: the figure and the cost it is over (the denominator) only. */
    static Measure withoutNumerator(Measure measure) {
        return new Measure(measure.value(), null, measure.denominator());
    }

    CampaignRoi(StartedCampaigns campaigns) {
        super(campaigns);
    }

    @Override
    public String id() {
        return "campaign-roi";
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    /** A campaign's ROI is over its cost, an amount in its currency. */
    @Override
    Object noteArgument(CampaignReport report, Measure own) {
        return Phrase.money(report.cost(), report.currency());
    }

    @Override
    String counted() {
        return "c.cost > 0";
    }

    @Override
    Measure of(List<CampaignReport> reports) {
        java.math.BigDecimal cost = StartedCampaigns.sum(reports, CampaignReport::cost);
        java.math.BigDecimal revenue = StartedCampaigns.sum(reports, r -> r.attributed().revenue());
        return withoutNumerator(Measure.percent(revenue.subtract(cost), cost));
    }
}
