package app.klient.analytics.kpi.margins;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiUnit;
import app.klient.platform.Period;
import app.klient.platform.Phrase;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;

/**
 * A figure of the gross margin ({@link Margins}): the margin itself or its rate, taken apart on the margins page,
 * its records the invoices and corrections it is made of, largest first. Filtered by the invoice's salesperson (and
 * that person's team), the customer's country and segment, the invoice's currency and the line's product.
 */
abstract class MarginFigure implements Kpi {

    private static final Set<KpiDimension> DIMENSIONS = EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM,
            KpiDimension.COUNTRY, KpiDimension.SEGMENT, KpiDimension.CURRENCY, KpiDimension.PRODUCT);

    protected final Margins margins;
    private final String id;
    private final KpiUnit unit;

    MarginFigure(Margins margins, String id, KpiUnit unit) {
        this.margins = margins;
        this.id = id;
        this.unit = unit;
    }

    @Override
    public String id() {
        return id;
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
        return unit;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return DIMENSIONS;
    }

    /** An invoice's figure: its margin or its margin rate. */
    abstract BigDecimal figure(Margins.Row invoice);

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        return margins.breakdown(Margins.By.INVOICE, filters, period, page).map(r -> new KpiRecord(
                "kpi.record.invoice", Long.parseLong(r.key()), r.name(), r.href(), r.lastDay(), figure(r),
                figure(r) == null ? null : unit, "kpi.gross-margin.note",
                Phrase.money(r.net(), margins.companyCurrency())));
    }
}
