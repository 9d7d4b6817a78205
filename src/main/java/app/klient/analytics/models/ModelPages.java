package app.klient.analytics.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.marketing.SegmentFilter;
import app.klient.marketing.SegmentForm;
import app.klient.marketing.SegmentKind;
import app.klient.marketing.SegmentView;
import app.klient.marketing.Segments;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import app.klient.platform.web.ScriptData;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The models' pages: the customers at risk (whom to call), the customer groups with their portraits and a chart, and
 * the models' care for administrators and managers (versions, quality, training now).
 */
@Controller
class ModelPages {

    private final Models models;
    private final Insights insights;
    private final ModelAccess access;
    private final Users users;
    private final Segments segments;
    private final MessageSource messages;

    ModelPages(Models models, Insights insights, ModelAccess access, Users users, Segments segments,
            MessageSource messages) {
        this.models = models;
        this.insights = insights;
        this.access = access;
        this.users = users;
        this.segments = segments;
        this.messages = messages;
    }

    @GetMapping("/analytics/customers-at-risk")
    String atRisk(@RequestParam(required = false) String owner, @RequestParam(required = false) String minimum,
            @RequestParam(required = false) String sort, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        // a wrong filter typed into the address falls back to its default and says so, rather than failing the page
        boolean badFilter = false;
        Long ownerId = null;
        if ("me".equals(owner)) {
            ownerId = CurrentUser.id();
        }
        else if (owner != null && !owner.isBlank()) {
            if (owner.matches("[0-9]{1,18}")) {
                ownerId = Long.parseLong(owner);
            }
            else {
                badFilter = true;
            }
        }
        int percent = 50;
        if (minimum != null && !minimum.isBlank()) {
            if (minimum.matches("[0-9]{1,3}") && Integer.parseInt(minimum) <= 100) {
                percent = Integer.parseInt(minimum);
            }
            else {
                badFilter = true;
            }
        }
        String order = "value".equals(sort) ? "value" : "risk";
        badFilter |= sort != null && !sort.isBlank() && !sort.equals(order);
        int pageNumber = page == null || page < 0 || page > 100_000 ? 0 : page;
        CountedPage<Insights.AtRisk> rows = insights.atRisk(ownerId, percent / 100.0, order,
                Paging.of(pageNumber, 25, null, Map.of(), Sort.unsorted()));
        model.addAttribute("rows", rows);
        model.addAttribute("owner", owner == null ? "" : owner);
        model.addAttribute("minimum", percent);
        model.addAttribute("sort", order);
        model.addAttribute("badFilter", badFilter);
        model.addAttribute("owners", users.activeUsers());
        model.addAttribute("weakModel", insights.weakChurnModel().orElse(null));
        model.addAttribute("scored", !rows.items().isEmpty()
                || models.active(ModelKind.CHURN, ChurnRisk.Body.class).isPresent());
        model.addAttribute("listBase", Paging.listBase("/analytics/customers-at-risk", request.getQueryString()));
        return "analytics/models/at-risk";
    }

    @GetMapping("/analytics/customer-groups")
    String groups(Model model) {
        Insights.Groups groups = insights.groups();
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("groups", groups);
        Map<String, Object> chart = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<Double> customers = new ArrayList<>();
        List<Double> revenue = new ArrayList<>();
        for (Insights.Group g : groups.groups()) {
            names.add(messages.getMessage("models.groupNumber", new Object[] { g.group() }, locale));
            customers.add(Math.round(g.customerShare() * 1000) / 10.0);
            revenue.add(Math.round(g.revenueShare() * 1000) / 10.0);
        }
        chart.put("categories", names);
        chart.put("series", List.of(
                Map.of("name", messages.getMessage("models.customerShare", null, locale), "data", customers),
                Map.of("name", messages.getMessage("models.revenueShare", null, locale), "data", revenue)));
        model.addAttribute("chartData", ScriptData.json(chart));
        model.addAttribute("makesSegments", Permission.MARKETING.granted());
        return "analytics/models/groups";
    }

    /** A dynamic segment of the contacts of a group's customers, named after the group, opened for the marketer. */
    @PostMapping("/analytics/customer-groups/{group:\\d+}/segment")
    String segment(@PathVariable int group, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Locale locale = LocaleContextHolder.getLocale();
        String name = insights.groupNames(locale).get(group);
        if (name == null) {
            throw KlientException.notFound("models.unknownGroup");
        }
        String shortName = name.length() > 100 ? name.substring(0, 99) + "…" : name;
        // pressed twice, or by two marketers: the segment already made is the one to open
        Optional<SegmentView> made = segments.list().stream().filter(v -> v.name().equals(shortName)).findFirst();
        if (made.isPresent()) {
            redirect.addFlashAttribute("flash", "models.segmentExists");
            return "redirect:/marketing/segments/" + made.get().id();
        }
        try {
            var created = segments.create(new SegmentForm(shortName, null, SegmentKind.DYNAMIC,
                    new SegmentFilter(SegmentFilter.Match.ALL, List.of(new SegmentFilter.Group(SegmentFilter.Match.ALL,
                            List.of(new SegmentFilter.Rule("models.group", "IS", String.valueOf(group), null))))),
                    null));
            redirect.addFlashAttribute("flash", "models.segmentMade");
            return "redirect:/marketing/segments/" + created.id();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/analytics/customer-groups";
        }
    }

    @GetMapping("/analytics/models")
    String care(Model model) {
        access.readsModels();
        List<ModelApi.History> histories = new ArrayList<>();
        boolean waiting = false;
        for (ModelKind kind : ModelKind.values()) {
            List<ModelVersion> versions = models.versions(kind, 10);
            waiting |= versions.stream().anyMatch(v -> v.state().waiting());
            histories.add(new ModelApi.History(kind, kind.quality(), versions));
        }
        model.addAttribute("histories", histories);
        model.addAttribute("waiting", waiting);
        model.addAttribute("trains", CurrentUser.hasRole(Role.ADMIN));
        return "analytics/models/care";
    }

    @PostMapping("/analytics/models/{kind}/train")
    String train(@PathVariable String kind, RedirectAttributes redirect) {
        access.trainsModels();
        ModelKind known = ModelKind.fromPath(kind);
        if (known == null) {
            throw Models.unknownKind();
        }
        models.request(known);
        redirect.addFlashAttribute("flash", "models.trainingQueued");
        return "redirect:/analytics/models";
    }
}
