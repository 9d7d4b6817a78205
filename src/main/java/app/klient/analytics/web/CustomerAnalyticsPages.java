package app.klient.analytics.web;

import java.math.BigDecimal;
import java.util.Map;

import app.klient.analytics.KpiSql;
import app.klient.analytics.kpi.customers.Cohorts;
import app.klient.analytics.kpi.customers.CustomerSettings;
import app.klient.analytics.kpi.margins.Margins;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages behind the customer and margin KPIs: retention cohorts as a heat map, margins by invoice, customer,
 * product and salesperson, and the administrator's settings of how customer figures count.
 */
@Controller
class CustomerAnalyticsPages {

    private final CustomerSettings settings;
    private final Cohorts cohorts;
    private final Margins margins;
    private final KpiRequests requests;
    private final KpiSql sql;

    CustomerAnalyticsPages(CustomerSettings settings, Cohorts cohorts, Margins margins, KpiRequests requests,
            KpiSql sql) {
        this.settings = settings;
        this.cohorts = cohorts;
        this.margins = margins;
        this.requests = requests;
        this.sql = sql;
    }

    @GetMapping("/analytics/cohorts")
    String cohorts(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long owner, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) String country, Model model) {
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, null, null, country,
                null);
        KpiRequest request = checked.request();
        model.addAttribute("cohorts", cohorts.of(request.filters(), request.period(), KpiRequest.zone()));
        model.addAttribute("offsets", java.util.stream.IntStream.rangeClosed(0, Cohorts.MONTHS).boxed().toList());
        requests.addTo(model, checked);
        return "analytics/cohorts";
    }

    @GetMapping("/analytics/margins")
    String margins(@RequestParam(required = false) String by, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency,
            @RequestParam(required = false) Integer page, Model model) {
        Margins.By grouping = Margins.By.parse(by);
        KpiRequests.Checked checked = requests.forPage(preset, from, to, team, owner, segment, null, product,
                country, currency);
        KpiRequest request = checked.request();
        model.addAttribute("by", grouping);
        model.addAttribute("groupings", Margins.By.values());
        model.addAttribute("total", margins.totals(request.filters(), java.util.List.of(request.period())).get(0));
        model.addAttribute("rows", margins.breakdown(grouping, request.filters(), request.period(),
                Paging.of(page, 50, null, Map.of(), Sort.unsorted())));
        model.addAttribute("listBase", "/analytics/margins?by=" + grouping + "&" + request.query() + "&");
        model.addAttribute("companyCurrency", sql.companyCurrency());
        requests.addTo(model, checked);
        return "analytics/margins";
    }

    @GetMapping("/analytics/settings")
    String settings(Model model) {
        if (!model.containsAttribute("form")) {
            CustomerSettings.Settings s = settings.current();
            model.addAttribute("form", Map.of("lostAfterDays", s.lostAfterDays().toString(), "serviceHourCost",
                    s.serviceHourCost().toPlainString(), "lifespanYears", s.lifespanYears().toString(),
                    "discountPercent", s.discountPercent().stripTrailingZeros().toPlainString(), "version",
                    s.version().toString()));
        }
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        model.addAttribute("canSet", CurrentUser.hasRole(Role.ADMIN));
        model.addAttribute("companyCurrency", sql.companyCurrency());
        return "analytics/settings";
    }

    @PostMapping("/analytics/settings")
    String changeSettings(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "analyticsSettings.forbidden");
        }
        try {
            settings.change(new CustomerSettings.Settings(whole(form.get("lostAfterDays")),
                    decimal(form.get("serviceHourCost")), whole(form.get("lifespanYears")),
                    decimal(form.get("discountPercent")), whole(form.get("version"))));
            redirect.addFlashAttribute("flash", "analyticsSettings.saved");
            return "redirect:/analytics/settings";
        }
        catch (InvalidFields e) {
            // the page again with what was typed, each problem beside its field
            Map<String, InvalidFields.FieldError> problems = new java.util.HashMap<>();
            e.errors().forEach(f -> problems.putIfAbsent(f.field(), f));
            model.addAttribute("form", form);
            model.addAttribute("problems", problems);
            return settings(model);
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/analytics/settings";
        }
    }

    private static Integer whole(String text) {
        return text != null && text.strip().matches("[0-9]{1,6}") ? Integer.valueOf(text.strip()) : null;
    }

    private static BigDecimal decimal(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,14}([.,][0-9]{1,6})?")) {
            return null;
        }
        return new BigDecimal(text.strip().replace(',', '.'));
    }
}
