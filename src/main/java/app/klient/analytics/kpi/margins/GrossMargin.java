package app.klient.analytics.kpi.margins;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import org.springframework.stereotype.Component;

/** Gross margin: net invoice lines less cost × quantity in the period (see {@link Margins}). */
@Component
class GrossMargin extends MarginFigure {

    GrossMargin(Margins margins) {
        super(margins, "gross-margin", KpiUnit.MONEY);
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        return margins.totals(filters, periods).stream().map(t -> Measure.of(t.margin())).toList();
    }

    @Override
    BigDecimal figure(Margins.Row invoice) {
        return invoice.margin();
    }
}
