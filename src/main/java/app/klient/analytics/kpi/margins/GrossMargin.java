package app.klient.analytics.kpi.margins;

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

/** Gross margin: net invoice lines less cost × quantity in the period (see {@link Margins}). */
@Component
class GrossMargin implements Kpi {

    private final Margins margins;

    GrossMargin(Margins margins) {
        this.margins = margins;
    }

    @Override
    public String id() {
        return "gross-margin";
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
        return KpiUnit.MONEY;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return DIMENSIONS;
    }

    static final Set<KpiDimension> DIMENSIONS = EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM,
            KpiDimension.COUNTRY, KpiDimension.SEGMENT, KpiDimension.CURRENCY, KpiDimension.PRODUCT);

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return margins.totals(filters, periods).stream().map(t -> Measure.of(t.margin())).toList();
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return invoices(margins, filters, period, page, false);
    }

    /** The invoices and corrections the margin is made of, each with its margin (or margin rate), largest first. */
    static CountedPage<KpiRecord> invoices(Margins margins, KpiFilters filters, Period period, Pageable page,
            boolean rate) {
        CountedPage<Margins.Row> rows = margins.breakdown(Margins.By.INVOICE, filters, period, page);
        return rows.map(r -> new KpiRecord("kpi.record.invoice", Long.parseLong(r.key()), r.name(), r.href(), r.lastDay(),
                rate ? r.rate() : r.margin(), "kpi.gross-margin.note", r.net()));
    }
}
