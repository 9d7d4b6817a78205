package app.klient.analytics;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;

/**
 * One KPI: its figure for any periods under the filters it honours, and the records that figure counts. Its name and
 * written definition are the messages {@code kpi.<id>.name} and {@code kpi.<id>.definition} (collected in
 * {@code docs/kpis.md}); every implementation is a bean that {@link Kpis} finds, so a dashboard tile, the KPI's
 * page, the API and the reports read the same one definition.
 */
public interface Kpi {

    /** The id in URLs and messages, lower case with hyphens: {@code churn-rate}. */
    String id();

    KpiGroup group();

    KpiUnit unit();

    /** Whether a rise is good news (revenue) or bad (churn rate, resolution time): how a change is coloured. */
    default boolean higherIsBetter() {
        return true;
    }

    /** The filters this figure honours; a filter it does not is shown as not applied, never silently dropped. */
    Set<KpiDimension> dimensions();

    /**
     * The figure of each period, in the order given (one query for all where it can: the tile asks for the period,
     * the one before and the year before, the trend for each month).
     */
    List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone);

    /**
     * A page that takes the figure apart (per stage, per person…), opened from the KPI's page with its period and
     * filters as parameters, its link text the message {@code kpi.<id>.breakdown}; null when there is none.
     */
    default String breakdown() {
        return null;
    }

    /** What the figure of one period counts, a page at a time: the drill-down. */
    CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page);
}
