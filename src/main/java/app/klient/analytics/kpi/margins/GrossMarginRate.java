package app.klient.analytics.kpi.margins;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import org.springframework.stereotype.Component;

/** Gross margin rate: the gross margin ÷ the net amount of the same lines × 100 (see {@link Margins}). */
@Component
class GrossMarginRate extends MarginFigure {

    GrossMarginRate(Margins margins) {
        super(margins, "gross-margin-rate", KpiUnit.PERCENT);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return margins.totals(filters, periods).stream().map(t -> Measure.percent(t.margin(), t.net())).toList();
    }

    @Override
    BigDecimal figure(Margins.Row invoice) {
        return invoice.rate();
    }
}
