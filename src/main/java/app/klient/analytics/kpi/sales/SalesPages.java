package app.klient.analytics.kpi.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.web.KpiRequest;
import app.klient.analytics.web.KpiRequests;
import app.klient.sales.Pipelines;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sales KPIs taken apart, under the same period and filters as the KPI's page: the days won deals spent in each
 * stage, the funnel from lead to won deal with the drop-off at each step, and each person's activities.
 */
@Controller
class SalesPages {

    /** A stage's row: its name in the reader's language, how many deals passed through it, their average days. */
    record StageRow(String pipeline, String stage, long deals, BigDecimal averageDays) {
    }

    /** A funnel step: how many reached it, its share of the leads, and the share of the step before that it kept. */
    record Step(String key, long count, BigDecimal ofLeads, BigDecimal kept) {

        public BigDecimal lost() {
            return kept == null ? null : BigDecimal.valueOf(100).subtract(kept);
        }
    }

    private final SalesCycle cycle;
    private final FunnelConversion funnel;
    private final ActivitiesPerSalesperson activities;
    private final KpiRequests requests;

    SalesPages(SalesCycle cycle, FunnelConversion funnel, ActivitiesPerSalesperson activities,
            KpiRequests requests) {
        this.cycle = cycle;
        this.funnel = funnel;
        this.activities = activities;
        this.requests = requests;
    }

    @GetMapping("/analytics/sales/stages")
    String stages(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long owner, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long pipeline, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency,
            Model model) {
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, pipeline, product,
                country, currency);
        KpiRequest request = checked.request();
        List<StageRow> rows = cycle.byStage(request.filters(), request.period(), zone()).stream()
                .map(s -> new StageRow(s.pipeline(), Pipelines.stageName(s.stage(), s.namePl(), s.nameCs()),
                        s.deals(), s.averageDays()))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("longest", rows.stream().map(StageRow::averageDays)
                .reduce(BigDecimal.ONE, BigDecimal::max));
        model.addAttribute("total", cycle.measure(request.filters(), List.of(request.period()), zone()).get(0));
        return page(model, checked, "analytics/sales-stages");
    }

    @GetMapping("/analytics/sales/funnel")
    String funnel(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long owner, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long pipeline, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency,
            Model model) {
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, pipeline, product,
                country, currency);
        KpiRequest request = checked.request();
        FunnelConversion.Funnel f = funnel.funnel(request.filters(), request.period(), zone());
        model.addAttribute("steps", List.of(step("lead", f.leads(), f.leads(), f.leads()),
                step("qualified", f.qualified(), f.leads(), f.leads()),
                step("deal", f.deals(), f.leads(), f.qualified()), step("won", f.won(), f.leads(), f.deals())));
        model.addAttribute("leads", Math.max(f.leads(), 1));
        return page(model, checked, "analytics/sales-funnel");
    }

    @GetMapping("/analytics/sales/activities")
    String activities(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long owner, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long pipeline, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency,
            Model model) {
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, pipeline, product,
                country, currency);
        KpiRequest request = checked.request();
        List<ActivitiesPerSalesperson.PersonWork> people = activities.byPerson(request.filters(), request.period(),
                zone());
        model.addAttribute("people", people);
        model.addAttribute("busiest", people.stream().mapToLong(ActivitiesPerSalesperson.PersonWork::total).max()
                .orElse(1));
        return page(model, checked, "analytics/sales-activities");
    }

    private String page(Model model, KpiRequests.Checked checked, String view) {
        requests.addTo(model, checked);
        return view;
    }

    /** A step of {@code count} leads of {@code leads}, having kept {@code count} of the {@code before} it. */
    private static Step step(String key, long count, long leads, long before) {
        return new Step(key, count, share(count, leads), share(count, before));
    }

    private static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole),
                1, RoundingMode.HALF_UP);
    }

    private static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }
}
