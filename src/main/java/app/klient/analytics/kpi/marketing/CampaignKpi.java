package app.klient.analytics.kpi.marketing;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.CampaignReport;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;

/**
 * A figure over the campaigns started within the period that had a cost entered ({@link #counted()}), from their
 * attribution reports; the drill-down lists those campaigns, each with its own figure.
 */
abstract class CampaignKpi implements Kpi {

    private final StartedCampaigns campaigns;

    CampaignKpi(StartedCampaigns campaigns) {
        this.campaigns = campaigns;
    }

    /** Which campaigns count (on {@code c}). */
    String counted() {
        return "c.cost is not null";
    }

    /** The figure of the campaigns of one period. */
    abstract Measure of(List<CampaignReport> reports);

    @Override
    public KpiGroup group() {
        return KpiGroup.MARKETING;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return campaigns.reports(filters, periods, zone, counted()).stream().map(this::of).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return campaigns.records(filters, period, zone, counted(), page, report -> {
            Measure own = of(List.of(report));
            return StartedCampaigns.record(report, zone, own.value(), unit(), "kpi." + id() + ".note",
                    noteArgument(report, own));
        });
    }

    /** What a campaign's note says beside its own figure: what that figure is over (its leads, its customers). */
    Object noteArgument(CampaignReport report, Measure own) {
        return own.denominator();
    }
}
