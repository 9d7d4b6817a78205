package app.klient.identity.web;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.identity.NewUser;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.UserUpdate;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import app.klient.identity.internal.SignedInSessions;

/** The administrator's user management. */
@Controller
@RequestMapping("/admin/users")
class UserPages {

    static final Map<String, String> SORTABLE = Map.of("name", "name", "email", "email", "role", "role",
            "createdAt", "createdAt");
    static final List<String> TIME_ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.matches("(Europe|America|Asia|Africa|Australia|Pacific|Atlantic|Indian)/[A-Za-z_/-]+"))
            .sorted().toList();

    private final Users users;
    private final Teams teams;
    private final AuditLog audit;
    private final app.klient.identity.internal.TwoFactor twoFactor;
    private final SignedInSessions sessions;

    UserPages(Users users, Teams teams, AuditLog audit, app.klient.identity.internal.TwoFactor twoFactor,
            SignedInSessions sessions) {
        this.twoFactor = twoFactor;
        this.users = users;
        this.teams = teams;
        this.audit = audit;
        this.sessions = sessions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) Role role, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String sort, HttpServletRequest request, Model model) {
        Boolean active = switch (status == null ? "active" : status) {
            case "inactive" -> false;
            case "all" -> null;
            default -> true;
        };
        var pageable = Paging.of(page, 25, sort, SORTABLE, Sort.by("name").and(Sort.by("id")));
        model.addAttribute("users", users.search(q, active, role, pageable));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("status", status == null ? "active" : status);
        model.addAttribute("role", role);
        model.addAttribute("sort", sort == null ? "" : sort);
        model.addAttribute("roles", Role.values());
        return Htmx.view(request, "admin/users", "results");
    }

    @GetMapping("/new")
    String newUser(Model model) {
        model.addAttribute("form", new NewUser("", "", Role.SALES, "", "pl", "Europe/Warsaw", null));
        return formPage(model, null);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") NewUser form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return formPage(model, null);
        }
        try {
            UserSummary created = users.create(form);
            redirect.addFlashAttribute("flash", "user.created");
            return "redirect:/admin/users/" + created.id();
        }
        catch (KlientException e) {
            errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            return formPage(model, null);
        }
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        UserSummary user = users.get(id);
        model.addAttribute("form", new UserUpdate(user.email(), user.name(), user.role(), user.locale(),
                user.timeZone(), user.teams().stream().map(t -> t.id()).collect(java.util.stream.Collectors.toSet()),
                "", user.version()));
        return formPage(model, user);
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") UserUpdate form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        UserSummary user = users.get(id);
        if (errors.hasErrors()) {
            return formPage(model, user);
        }
        try {
            users.update(id, form);
            redirect.addFlashAttribute("flash", "user.saved");
            return "redirect:/admin/users/" + id;
        }
        catch (KlientException e) {
            errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            return formPage(model, user);
        }
    }

    @PostMapping("/{id}/deactivate")
    String deactivate(@PathVariable long id, RedirectAttributes redirect) {
        users.deactivate(id, SignedIn.get().id());
        redirect.addFlashAttribute("flash", "user.deactivated");
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/sign-out-everywhere")
    String signOutEverywhere(@PathVariable long id, RedirectAttributes redirect) {
        sessions.signOutEverywhere(id);
        redirect.addFlashAttribute("flash", "users.signedOutEverywhere");
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/activate")
    String activate(@PathVariable long id, RedirectAttributes redirect) {
        users.activate(id);
        redirect.addFlashAttribute("flash", "user.activated");
        return "redirect:/admin/users/" + id;
    }

    private String formPage(Model model, UserSummary user) {
        model.addAttribute("user", user);
        if (user != null) {
            model.addAttribute("sessionCount", sessions.list(user.id(), null).size());
        }
        model.addAttribute("roles", Role.values());
        model.addAttribute("allTeams", teams.list());
        model.addAttribute("timeZones", TIME_ZONES);
        if (user != null) {
            model.addAttribute("twoFactor", twoFactor.status(user.id()));
            model.addAttribute("history", audit.search(
                    new AuditQuery(null, null, "user", String.valueOf(user.id()), null, null),
                    PageRequest.of(0, 10)).getContent());
        }
        return user == null ? "admin/user-new" : "admin/user-edit";
    }
}
