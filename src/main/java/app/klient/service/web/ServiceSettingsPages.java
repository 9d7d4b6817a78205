package app.klient.service.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.service.AlertRules;
import app.klient.service.CannedResponses;
import app.klient.service.SupportCalendar;
import app.klient.service.TicketCategories;
import app.klient.service.TicketPriority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's service-desk settings: working time and holidays, targets per priority and tier (entered in
 * hours), categories and where they route, ready answers, and alert rules.
 */
@Controller
@RequestMapping("/admin/service")
class ServiceSettingsPages {

    private static final String PAGE = "redirect:/admin/service";

    private final SupportCalendar calendar;
    private final TicketCategories categories;
    private final CannedResponses canned;
    private final AlertRules alerts;
    private final Teams teams;
    private final Users users;

    ServiceSettingsPages(SupportCalendar calendar, TicketCategories categories, CannedResponses canned,
            AlertRules alerts, Teams teams, Users users) {
        this.calendar = calendar;
        this.categories = categories;
        this.canned = canned;
        this.alerts = alerts;
        this.teams = teams;
        this.users = users;
    }

    @GetMapping
    String settings(Model model) {
        SupportCalendar.Settings settings = calendar.settings();
        model.addAttribute("calendar", settings);
        model.addAttribute("holidays", String.join("\n", settings.holidays().stream().map(LocalDate::toString)
                .toList()));
        Map<String, String> targets = new java.util.HashMap<>();
        for (SupportCalendar.Policy p : calendar.policies()) {
            targets.put("first_" + p.tier() + "_" + p.priority(), hours(p.firstResponseMinutes()));
            targets.put("resolution_" + p.tier() + "_" + p.priority(), hours(p.resolutionMinutes()));
        }
        model.addAttribute("targets", targets);
        model.addAttribute("priorities", TicketPriority.values());
        model.addAttribute("categories", categories.list());
        model.addAttribute("canned", canned.list());
        model.addAttribute("rules", alerts.rules());
        model.addAttribute("teams", teams.list());
        model.addAttribute("teamNames", teams.list().stream().collect(java.util.stream.Collectors.toMap(
                app.klient.identity.TeamSummary::id, app.klient.identity.TeamSummary::name)));
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("zones", List.of("Europe/Warsaw", "Europe/Prague", "Europe/Bratislava", "Europe/Berlin",
                "Europe/Vienna", "Europe/London", "Europe/Kyiv", "UTC"));
        return "service/settings";
    }

    @PostMapping("/calendar")
    String saveCalendar(@RequestParam(required = false) String zone,
            @RequestParam(required = false) List<Integer> days, @RequestParam(required = false) String opens,
            @RequestParam(required = false) String closes, @RequestParam(required = false) String holidays,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Set<LocalDate> dates = new TreeSet<>();
        try {
            for (String line : (holidays == null ? "" : holidays).split("[\\s,;]+")) {
                if (!line.isBlank()) {
                    dates.add(LocalDate.parse(line.strip()));
                }
            }
        }
        catch (DateTimeParseException e) {
            return refuse(redirect, "calendar.holidayFormat", e.getParsedString());
        }
        LocalTime from;
        LocalTime to;
        try {
            from = LocalTime.parse(opens == null ? "" : opens);
            to = LocalTime.parse(closes == null ? "" : closes);
        }
        catch (DateTimeParseException e) {
            return refuse(redirect, "calendar.hours");
        }
        return act(redirect, "calendar.saved", () -> calendar.save(new SupportCalendar.Settings(zone == null ? ""
                : zone, days == null ? Set.of() : new TreeSet<>(days), from, to, dates, version)));
    }

    /** Targets as hours ("8", "0,5"), fields named {@code first_KEY_URGENT} and {@code resolution_KEY_URGENT}. */
    @PostMapping("/targets")
    String saveTargets(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        List<SupportCalendar.Policy> policies = new ArrayList<>();
        for (String tier : List.of("STANDARD", "KEY")) {
            for (TicketPriority priority : TicketPriority.values()) {
                Integer first = minutes(form.get("first_" + tier + "_" + priority));
                Integer resolution = minutes(form.get("resolution_" + tier + "_" + priority));
                if (first == null || resolution == null) {
                    return refuse(redirect, "sla.hours");
                }
                policies.add(new SupportCalendar.Policy(priority, tier, first, resolution));
            }
        }
        return act(redirect, "sla.saved", () -> calendar.savePolicies(policies));
    }

    private static String hours(int minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** Hours as people type them, in whole minutes; null when it is not a number between a minute and 2 years. */
    private static Integer minutes(String hours) {
        if (hours == null || hours.isBlank() || hours.length() > 12) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(hours.strip().replace(',', '.')).multiply(BigDecimal.valueOf(60))
                    .setScale(0, RoundingMode.HALF_UP);
            return value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0 ? null
                    : value.intValue();
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    @PostMapping("/categories")
    String addCategory(@RequestParam(required = false) String name, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) Long assigneeId, RedirectAttributes redirect) {
        return saveCategory(null, name, teamId, assigneeId, null, redirect);
    }

    @PostMapping("/categories/{id:\\d+}")
    String changeCategory(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) Long teamId, @RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return saveCategory(id, name, teamId, assigneeId, version, redirect);
    }

    private String saveCategory(Long id, String name, Long teamId, Long assigneeId, Integer version,
            RedirectAttributes redirect) {
        if (name == null || name.isBlank() || name.length() > 100) {
            return refuse(redirect, "ticketCategory.name");
        }
        return act(redirect, "ticketCategory.saved", () -> categories.save(new TicketCategories.Category(id, name,
                teamId, assigneeId, version)));
    }

    @PostMapping("/categories/{id:\\d+}/retire")
    String retireCategory(@PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "ticketCategory.retired", () -> {
            categories.retire(id);
            return null;
        });
    }

    @PostMapping("/canned")
    String addCanned(@RequestParam(required = false) String name, @RequestParam(required = false) String language,
            @RequestParam(required = false) String body, RedirectAttributes redirect) {
        if (name == null || name.isBlank() || name.length() > 100 || language == null
                || !language.matches("en|pl|cs") || body == null || body.isBlank() || body.length() > 20_000) {
            return refuse(redirect, "canned.invalid");
        }
        return act(redirect, "canned.saved", () -> canned.add(new CannedResponses.Canned(null, name, language,
                body)));
    }

    @PostMapping("/canned/{id:\\d+}/retire")
    String retireCanned(@PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "canned.retired", () -> {
            canned.retire(id);
            return null;
        });
    }

    @PostMapping("/alert-rules")
    String addRule(@RequestParam(required = false) String name, @RequestParam(required = false) String category,
            @RequestParam(required = false) Integer threshold, @RequestParam(required = false) Integer days,
            @RequestParam(required = false) Long teamId, RedirectAttributes redirect) {
        if (name == null || name.isBlank() || name.length() > 100 || (category != null && category.length() > 100)
                || threshold == null || threshold < 2 || threshold > 1000 || days == null || days < 1 || days > 365
                || teamId == null) {
            return refuse(redirect, "alert.invalid");
        }
        return act(redirect, "alert.saved", () -> alerts.define(new AlertRules.Rule(null, name, category, threshold,
                days, teamId)));
    }

    @PostMapping("/alert-rules/{id:\\d+}/remove")
    String removeRule(@PathVariable long id, RedirectAttributes redirect) {
        return act(redirect, "alert.removed", () -> {
            alerts.deactivate(id);
            return null;
        });
    }

    private static String refuse(RedirectAttributes redirect, String key, Object... arguments) {
        redirect.addFlashAttribute("flashError", key);
        if (arguments.length > 0) {
            redirect.addFlashAttribute("flashErrorArgs", arguments);
        }
        return PAGE;
    }

    private static String act(RedirectAttributes redirect, String done, Supplier<?> action) {
        try {
            action.get();
            redirect.addFlashAttribute("flash", done);
            return PAGE;
        }
        catch (InvalidFields e) {
            Object[] arguments = e.errors().get(0).arguments();
            return refuse(redirect, e.errors().get(0).messageKey(), arguments);
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            return refuse(redirect, e.messageKey());
        }
    }
}
