package app.klient.analytics.web;

import java.util.List;
import java.util.Map;

import app.klient.analytics.Dashboards;
import app.klient.analytics.Kpi;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.Kpis;
import app.klient.analytics.report.Reports;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard (the person's KPI tiles under one period and set of filters, which they arrange), the list of every
 * KPI with its definition, and one KPI's page: its figure beside the period before and the year before, its trend,
 * and the records behind it.
 */
@Controller
class AnalyticsPages {

    private final Kpis kpis;
    private final Dashboards dashboards;
    private final Users users;
    private final KpiRequests requests;
    private final KpiViews views;
    private final Reports reports;

    AnalyticsPages(Kpis kpis, Dashboards dashboards, Users users, KpiRequests requests, KpiViews views,
            Reports reports) {
        this.kpis = kpis;
        this.dashboards = dashboards;
        this.users = users;
        this.requests = requests;
        this.views = views;
        this.reports = reports;
    }

    @GetMapping("/analytics")
    String dashboard(@RequestParam Map<String, String> all, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long pipeline,
            @RequestParam(required = false) Long product, @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String edit,
            Model model) {
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, pipeline, product,
                country, currency);
        KpiRequest request = checked.request();
        Role role = role();
        // whose numbers are the role's until the filters say otherwise (the form sends both, "All" as empty), so a
        // language switch or another period keeps a salesperson on their own
        if (!all.containsKey("owner") && !all.containsKey("team")) {
            request = request.forRole(role, firstTeam());
        }
        Dashboards.Dashboard dashboard = dashboards.of(CurrentUser.id(), role);
        model.addAttribute("tiles", views.tiles(dashboard.tiles(), request, true));
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("others", kpis.all().stream().filter(k -> !dashboard.tiles().contains(k.id()))
                .map(Kpi::id).toList());
        // the saved reports the person reads and has not pinned yet
        model.addAttribute("reports", reports.visible().stream()
                .filter(r -> !dashboard.tiles().contains(Dashboards.REPORT_TILE + r.id())).toList());
        model.addAttribute("editing", "1".equals(edit));
        requests.addTo(model, new KpiRequests.Checked(request, checked.problems()));
        return "analytics/dashboard";
    }

    @GetMapping("/analytics/kpis")
    String catalog(Model model) {
        Dashboards.Dashboard dashboard = dashboards.of(CurrentUser.id(), role());
        model.addAttribute("groups", KpiGroup.values());
        model.addAttribute("kpis", kpis.all());
        model.addAttribute("dashboard", dashboard);
        return "analytics/kpis";
    }

    @GetMapping("/analytics/kpis/{id}")
    String kpi(@PathVariable String id, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long pipeline,
            @RequestParam(required = false) Long product, @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency, @RequestParam(required = false) Integer page,
            Model model) {
        Kpi kpi = kpis.get(id);
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, pipeline, product,
                country, currency);
        KpiRequest request = checked.request();
        model.addAttribute("kpi", views.of(List.of(id), request, true).get(0));
        model.addAttribute("records", kpis.records(id, request.filters(), request.period(), KpiRequest.zone(),
                Paging.of(page, 25, null, Map.of(), Sort.unsorted())));
        model.addAttribute("breakdown", kpi.breakdown());
        // a record's amount is in the company currency, as the KPI's figure is
        model.addAttribute("currency", views.companyCurrency());
        model.addAttribute("listBase", "/analytics/kpis/" + id + "?" + request.query() + "&");
        requests.addTo(model, checked);
        return "analytics/kpi";
    }

    /** "Refresh now" on a tile or a KPI's page: the figure computed again, then back where the person was. */
    @PostMapping("/analytics/kpis/{id}/refresh")
    String refresh(@PathVariable String id, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long pipeline,
            @RequestParam(required = false) Long product, @RequestParam(required = false) String country,
            @RequestParam(required = false) String currency, @RequestParam(defaultValue = "true") boolean trend,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        // what the page showed: its figures were of the request as far as it was right
        KpiRequest request = requests.forPage(preset, from, to, team, owner, segment, pipeline, product, country,
                currency).request();
        Kpi kpi = kpis.get(id);
        // the start page's tiles have no trend: a figure of its own
        kpis.refresh(kpi.id(), request.filters(), request.period(), KpiRequest.zone(), trend);
        redirect.addFlashAttribute("flash", "kpi.refreshed");
        return "redirect:" + (back != null && back.matches("/|/analytics(/kpis/[\\w-]+)?(\\?[\\w=&%.-]*)?") ? back
                : "/analytics/kpis/" + kpi.id() + "?" + request.query());
    }

    @PostMapping("/analytics/dashboard")
    String change(@RequestParam String action, @RequestParam(required = false) String kpi,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        long me = CurrentUser.id();
        Role role = role();
        try {
            switch (action) {
                case "add" -> dashboards.add(me, role, Dashboards.pinnedReport(kpi).isPresent() ? kpi
                        : kpis.get(kpi).id(), version);
                case "remove" -> dashboards.remove(me, role, kpi, version);
                case "up" -> dashboards.move(me, role, kpi, -1, version);
                case "down" -> dashboards.move(me, role, kpi, 1, version);
                case "reset" -> dashboards.reset(me, role, version);
                default -> throw KlientException.invalid("dashboard.action.unknown");
            }
            redirect.addFlashAttribute("flash", "dashboard.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:" + (back != null && back.matches("/analytics(\\?[\\w=&%.-]*)?") ? back : "/analytics?edit=1");
    }

    private Role role() {
        return CurrentUser.role().orElse(Role.READ_ONLY);
    }

    private Long firstTeam() {
        return firstTeam(users, CurrentUser.id());
    }

    /** The first of a person's teams (a manager's view starts with it), or null. */
    static Long firstTeam(Users users, long userId) {
        List<Long> teams = users.get(userId).teamIds();
        return teams == null || teams.isEmpty() ? null : teams.get(0);
    }
}
