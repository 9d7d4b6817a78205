package app.klient.identity.web;

import app.klient.identity.TeamForm;
import app.klient.identity.TeamSummary;
import app.klient.identity.Teams;
import app.klient.platform.KlientException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
@RequestMapping("/admin/teams")
class TeamPages {

    private final Teams teams;

    TeamPages(Teams teams) {
        this.teams = teams;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", new TeamForm("", null));
        return listPage(model);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") TeamForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return listPage(model);
        }
        try {
            teams.create(form);
        }
        catch (KlientException e) {
            errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            return listPage(model);
        }
        redirect.addFlashAttribute("flash", "team.created");
        return "redirect:/admin/teams";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        TeamSummary team = teams.get(id);
        model.addAttribute("team", team);
        model.addAttribute("form", new TeamForm(team.name(), team.version()));
        return "admin/team-edit";
    }

    @PostMapping("/{id}")
    String rename(@PathVariable long id, @Valid @ModelAttribute("form") TeamForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        TeamSummary team = teams.get(id);
        model.addAttribute("team", team);
        if (errors.hasErrors()) {
            return "admin/team-edit";
        }
        try {
            teams.rename(id, form);
        }
        catch (KlientException e) {
            errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            return "admin/team-edit";
        }
        redirect.addFlashAttribute("flash", "team.saved");
        return "redirect:/admin/teams";
    }

    private String listPage(Model model) {
        model.addAttribute("teams", teams.list());
        return "admin/teams";
    }
}
