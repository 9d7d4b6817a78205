package app.klient.analytics;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.klient.platform.KlientException;
import app.klient.platform.Period;
import app.klient.platform.db.LongReads;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every KPI there is (each a {@link Kpi} bean) and what a tile, a KPI's page and the API show of one: its figure for
 * a period beside the period before and the same period a year before, its trend over the period, and the records
 * behind it.
 */
@Service
public class Kpis {

    private final Map<String, Kpi> byId = new LinkedHashMap<>();
    private final JdbcClient jdbc;

    Kpis(List<Kpi> kpis, JdbcClient jdbc) {
        this.jdbc = jdbc;
        kpis.stream().sorted(Comparator.comparing(Kpi::group).thenComparing(Kpi::id))
                .forEach(k -> {
                    if (byId.put(k.id(), k) != null) {
                        throw new IllegalStateException("two KPIs are called " + k.id());
                    }
                });
    }

    /** Every KPI, by group and id. */
    public List<Kpi> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Kpi> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The KPI, or 404. */
    public Kpi get(String id) {
        return find(id).orElseThrow(() -> KlientException.notFound("kpi.notFound"));
    }

    /**
     * A KPI's figure for the period, the period before and the year before, and (when {@code withTrend}) for each
     * day, week or month of the period; the filters it cannot honour are named.
     */
    public record Result(Kpi kpi, Period period, Measure current, Measure previous, Measure yearBefore,
            List<Period> buckets, List<Measure> trend, Set<KpiDimension> notApplied) {
    }

    @Transactional(readOnly = true)
    public Result result(String id, KpiFilters filters, Period period, ZoneId zone, boolean withTrend) {
        Kpi kpi = get(id);
        LongReads.limit(jdbc, java.time.Duration.ofSeconds(30));
        List<Period> periods = new ArrayList<>(List.of(period, period.previous(), period.yearBefore()));
        List<Period> buckets = withTrend ? period.buckets() : List.of();
        periods.addAll(buckets);
        List<Measure> measures = kpi.measure(filters, periods, zone);
        if (measures.size() != periods.size()) {
            throw new IllegalStateException(kpi.id() + " measured " + measures.size() + " of " + periods.size()
                    + " periods");
        }
        Set<KpiDimension> notApplied = EnumSet.noneOf(KpiDimension.class);
        notApplied.addAll(filters.chosen());
        notApplied.removeAll(kpi.dimensions());
        return new Result(kpi, period, measures.get(0), measures.get(1), measures.get(2), buckets,
                measures.subList(3, measures.size()), notApplied);
    }

    @Transactional(readOnly = true)
    public CountedPage<KpiRecord> records(String id, KpiFilters filters, Period period, ZoneId zone,
            Pageable page) {
        Kpi kpi = get(id);
        LongReads.limit(jdbc, java.time.Duration.ofSeconds(30));
        return kpi.records(filters, period, zone, page);
    }
}
