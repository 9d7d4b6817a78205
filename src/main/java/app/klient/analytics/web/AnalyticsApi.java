package app.klient.analytics.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.Dashboards;
import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.Kpis;
import app.klient.analytics.Measure;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
class AnalyticsApi {

    private final Kpis kpis;
    private final Dashboards dashboards;
    private final MessageSource messages;
    private final KpiRequests requests;

    AnalyticsApi(Kpis kpis, Dashboards dashboards, MessageSource messages, KpiRequests requests) {
        this.kpis = kpis;
        this.dashboards = dashboards;
        this.messages = messages;
        this.requests = requests;
    }

    /** A KPI as the list describes it: its name and definition in the caller's language. */
    record KpiDefinition(String id, String group, String unit, String name, String definition,
            boolean higherIsBetter, Set<KpiDimension> dimensions) {
    }

    /** A figure of one period. */
    record Figure(LocalDate from, LocalDate to, java.math.BigDecimal value, java.math.BigDecimal numerator,
            java.math.BigDecimal denominator) {

        static Figure of(app.klient.platform.Period period, Measure m) {
            return new Figure(period.from(), period.to(), m.value(), m.numerator(), m.denominator());
        }
    }

    /**
     * A KPI's result: the period's figure, the period before, the year before, the trend, the filters not applied;
     * {@code asOf} is when a kept figure was computed (in the caller's time zone), null when computed for this
     * answer.
     */
    record Result(String id, String unit, Figure current, Figure previous, Figure yearBefore, List<Figure> trend,
            Set<KpiDimension> notApplied, OffsetDateTime asOf) {
    }

    record DashboardBody(List<String> tiles, Integer version) {
    }

    @Operation(summary = "Every KPI with its definition (in the caller's language), unit, whether a rise is good "
            + "news, and the filters it honours")
    @GetMapping("/kpis")
    List<KpiDefinition> listKpis() {
        Locale locale = LocaleContextHolder.getLocale();
        return kpis.all().stream().map(k -> definition(k, locale)).toList();
    }

    @Operation(summary = "A KPI's figure for a period (a preset — THIS_MONTH, LAST_MONTH, THIS_QUARTER, LAST_QUARTER,"
            + " THIS_YEAR (default), LAST_YEAR, LAST_12_MONTHS — or from and to), beside the period before and the "
            + "same period a year before, with its trend by day, week or month; filters by team, owner, segment, "
            + "pipeline, product, country and currency (amounts are always in the company currency)")
    @GetMapping("/kpis/{id}")
    Result kpiResult(@PathVariable String id, @Parameter(description = "THIS_YEAR unless from and to are given")
            @RequestParam(required = false) String preset, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long owner, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long pipeline, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency) {
        KpiRequest request = requests.read(preset, from, to, team, owner, segment, pipeline, product, country,
                currency);
        return result(id, kpis.result(id, request.filters(), request.period(), KpiRequest.zone(), true));
    }

    @Operation(summary = "Computes a KPI's figure again now (it is otherwise kept for up to klient.analytics.fresh-for,"
            + " 15 minutes, and said to be as of when it was computed), with the same parameters as reading it")
    @PostMapping("/kpis/{id}/refresh")
    Result refreshKpi(@PathVariable String id, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long pipeline,
            @RequestParam(required = false) Long product, @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency) {
        KpiRequest request = requests.read(preset, from, to, team, owner, segment, pipeline, product, country,
                currency);
        return result(id, kpis.refresh(id, request.filters(), request.period(), KpiRequest.zone(), true));
    }

    private static Result result(String id, Kpis.Result r) {
        List<Figure> trend = new ArrayList<>();
        for (int i = 0; i < r.buckets().size(); i++) {
            trend.add(Figure.of(r.buckets().get(i), r.trend().get(i)));
        }
        return new Result(id, r.kpi().unit().name(), Figure.of(r.period(), r.current()),
                Figure.of(r.period().previous(), r.previous()), Figure.of(r.period().yearBefore(), r.yearBefore()),
                trend, r.notApplied(), r.asOf() == null ? null : r.asOf().atZone(KpiRequest.zone()).toOffsetDateTime());
    }

    @Operation(summary = "The records a KPI's figure counts for the period and filters, a page at a time")
    @GetMapping("/kpis/{id}/records")
    PageResponse<KpiRecord> kpiRecords(@PathVariable String id, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long pipeline,
            @RequestParam(required = false) Long product, @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        KpiRequest request = requests.read(preset, from, to, team, owner, segment, pipeline, product, country,
                currency);
        return PageResponse.of(kpis.records(id, request.filters(), request.period(), KpiRequest.zone(),
                Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "The caller's dashboard: the KPI tiles in order (their role's until they change it)")
    @GetMapping("/dashboard")
    Dashboards.Dashboard getDashboard() {
        return dashboards.of(CurrentUser.id(), CurrentUser.role().orElse(Role.READ_ONLY));
    }

    @Operation(summary = "Replaces the caller's tiles (KPI ids, at most 40, each once), made from the version read")
    @PutMapping("/dashboard")
    Dashboards.Dashboard saveDashboard(@RequestBody DashboardBody body) {
        return dashboards.save(CurrentUser.id(), CurrentUser.role().orElse(Role.READ_ONLY), body.tiles(),
                body.version());
    }

    private KpiDefinition definition(Kpi k, Locale locale) {
        return new KpiDefinition(k.id(), k.group().name(), k.unit().name(),
                messages.getMessage("kpi." + k.id() + ".name", null, locale),
                messages.getMessage("kpi." + k.id() + ".definition", null, locale), k.higherIsBetter(),
                k.dimensions());
    }
}
