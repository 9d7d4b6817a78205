package app.klient.identity.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.identity.internal.TwoFactor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's side of two-factor sign-in: which roles must use it, and resetting a user's second factor. */
@Controller
class TwoFactorAdminPages {

    private final TwoFactor twoFactor;
    private final Users users;

    TwoFactorAdminPages(TwoFactor twoFactor, Users users) {
        this.twoFactor = twoFactor;
        this.users = users;
    }

    @GetMapping("/admin/two-factor")
    String policy(Model model) {
        model.addAttribute("roles", Role.values());
        model.addAttribute("required", twoFactor.requiredRoles());
        return "admin/two-factor";
    }

    @PostMapping("/admin/two-factor")
    String savePolicy(@RequestParam(name = "roles", required = false) List<String> roles,
            RedirectAttributes redirect) {
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        for (String name : roles == null ? List.<String>of() : roles) {
            java.util.Optional<Role> role = java.util.Arrays.stream(Role.values())
                    .filter(r -> r.name().equals(name)).findFirst();
            if (role.isEmpty()) {
                // a role that does not exist is refused, never read as "none required"
                redirect.addFlashAttribute("flashError", "twofactor.policy.unknownRole");
                return "redirect:/admin/two-factor";
            }
            chosen.add(role.get());
        }
        twoFactor.requireFor(chosen);
        redirect.addFlashAttribute("flash", "twofactor.policy.saved");
        return "redirect:/admin/two-factor";
    }

    @PostMapping("/admin/users/{id}/two-factor/reset")
    String reset(@PathVariable long id, RedirectAttributes redirect) {
        users.get(id);
        twoFactor.reset(id);
        redirect.addFlashAttribute("flash", "twofactor.reset.done");
        return "redirect:/admin/users/" + id;
    }
}
