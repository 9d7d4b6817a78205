package app.klient.analytics.kpi.margins;

import java.time.ZoneId;
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

/** Gross margin rate: the gross margin ÷ the net amount of the same lines × 100 (see {@link Margins}). */
@Component
class GrossMarginRate implements Kpi {

    private final Margins margins;

    GrossMarginRate(Margins margins) {
        this.margins = margins;
    }

    @Override
    public String id() {
        return "gross-margin-rate";
    }

    @Override
    public String breakdown() {
        return "/analytics/margins";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.MARGINS;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.PERCENT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return GrossMargin.DIMENSIONS;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return margins.totals(filters, periods).stream().map(t -> Measure.percent(t.margin(), t.net())).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return GrossMargin.invoices(margins, filters, period, page, true);
    }
}
