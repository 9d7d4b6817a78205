package app.klient.billing.web;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;

import app.klient.billing.CommissionRule;
import app.klient.billing.CommissionStatement;
import app.klient.billing.Commissions;
import app.klient.catalog.Products;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Commissions: a salesperson's monthly statement, the team compared for managers, the rules for administrators. */
@Controller
@RequestMapping("/commissions")
class CommissionPages {

    private final Commissions commissions;
    private final Users users;
    private final Teams teams;
    private final Products products;

    CommissionPages(Commissions commissions, Users users, Teams teams, Products products) {
        this.commissions = commissions;
        this.users = users;
        this.teams = teams;
        this.products = products;
    }

    @GetMapping
    String page(@RequestParam(required = false) Long userId, @RequestParam(required = false) String month,
            Model model) {
        YearMonth wanted;
        try {
            wanted = CommissionApi.month(month);
        }
        catch (KlientException e) {
            wanted = YearMonth.now();
            model.addAttribute("badMonth", true);
        }
        boolean manager = CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
        long person = userId == null || !manager ? CurrentUser.id() : userId;
        model.addAttribute("month", wanted);
        if (manager) {
            List<CommissionStatement> team = commissions.team(wanted).stream()
                    .sorted(Comparator.comparing(CommissionStatement::commission).reversed()).toList();
            // an administrator who sells nothing sees the best-paid salesperson first, not an empty statement
            if (userId == null && team.stream().noneMatch(s -> s.userId() == CurrentUser.id()) && !team.isEmpty()) {
                person = team.get(0).userId();
            }
            model.addAttribute("team", team);
            model.addAttribute("best", team.stream().map(CommissionStatement::commission)
                    .max(Comparator.naturalOrder()).orElse(BigDecimal.ZERO));
        }
        model.addAttribute("statement", commissions.statement(person, wanted));
        if (CurrentUser.hasRole(Role.ADMIN)) {
            model.addAttribute("rules", commissions.rules());
            model.addAttribute("people", users.activeUsers());
            model.addAttribute("teams", teams.list());
            model.addAttribute("categories", products.categories());
            model.addAttribute("names", users.allNames());
            model.addAttribute("teamNames", teams.list().stream().collect(java.util.stream.Collectors.toMap(
                    app.klient.identity.TeamSummary::id, app.klient.identity.TeamSummary::name)));
        }
        return "billing/commissions";
    }

    @PostMapping("/rules")
    String define(@RequestParam(required = false) String whom, @RequestParam(required = false) String category,
            @RequestParam(required = false) BigDecimal percent, RedirectAttributes redirect) {
        try {
            Long user = whom != null && whom.startsWith("u") ? parse(whom) : null;
            Long team = whom != null && whom.startsWith("t") ? parse(whom) : null;
            if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0
                    || percent.scale() > 2 || (category != null && category.length() > 100)) {
                throw KlientException.invalid("commission.percent");
            }
            commissions.define(new CommissionRule(null, user, team, category, percent, null));
            redirect.addFlashAttribute("flash", "commission.saved");
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/commissions";
    }

    @PostMapping("/rules/{id:\\d+}/retire")
    String retire(@PathVariable long id, RedirectAttributes redirect) {
        try {
            commissions.retire(id);
            redirect.addFlashAttribute("flash", "commission.retired");
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/commissions";
    }

    private static Long parse(String whom) {
        try {
            return Long.valueOf(whom.substring(1));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
