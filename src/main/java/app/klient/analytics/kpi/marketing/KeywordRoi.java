package app.klient.analytics.kpi.marketing;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.marketing.attribution.KeywordReport;
import app.klient.platform.Period;
import app.klient.platform.Phrase;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * Keyword ROI: the keyword report's totals for the period ({@link KeywordReport}): (revenue of the invoices that came
 * with a paid keyword, issued in the period − the ad cost imported for the period's days) ÷ that cost, in percent.
 * The drill-down lists the keywords, each with its own ROI. The keyword report covers at most three years: a longer
 * period has no figure.
 */
@Component
class KeywordRoi implements Kpi {

    private final KeywordReport keywords;

    KeywordRoi(KeywordReport keywords) {
        this.keywords = keywords;
    }

    @Override
    public String id() {
        return "keyword-roi";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.MARKETING;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return Set.of();
    }

    private static boolean covered(Period period) {
        return ChronoUnit.DAYS.between(period.from(), period.to()) <= KeywordReport.MAX_DAYS;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        List<Measure> measures = new ArrayList<>();
        for (Period period : periods) {
            if (!covered(period)) {
                measures.add(Measure.NONE);
                continue;
            }
            KeywordReport.Totals totals = keywords.report(period.from(), period.to(), null, 0, 1).totals();
            measures.add(CampaignRoi.withoutNumerator(Measure.percent(totals.revenue().subtract(totals.cost()),
                    totals.cost())));
        }
        return measures;
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        if (!covered(period)) {
            return new CountedPage<>(List.of(), 0, true, page.getPageNumber(), page.getPageSize(), null, null, false);
        }
        KeywordReport.Report report = keywords.report(period.from(), period.to(), null, page.getPageNumber(),
                page.getPageSize());
        String link = "/marketing/keywords?from=" + period.from() + "&to=" + period.to();
        return report.rows().map(r -> new KpiRecord("kpi.record.keyword", 0, r.keyword(), link, null,
                r.roi() == null ? null : r.roi().multiply(BigDecimal.valueOf(100)).setScale(1,
                        java.math.RoundingMode.HALF_UP), r.roi() == null ? null : KpiUnit.PERCENT,
                "kpi.keyword-roi.note", Phrase.money(r.cost(), report.currency())));
    }
}
