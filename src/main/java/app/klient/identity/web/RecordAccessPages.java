package app.klient.identity.web;

import java.util.Arrays;
import java.util.List;

import app.klient.identity.AccessRule;
import app.klient.identity.AccessRuleUpdate;
import app.klient.identity.RecordAccess;
import app.klient.identity.Role;
import app.klient.identity.Scope;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administration → Record access: one role's rules at a time, a row per kind of record. */
@Controller
@RequestMapping("/admin/record-access")
class RecordAccessPages {

    private final RecordAccess access;

    RecordAccessPages(RecordAccess access) {
        this.access = access;
    }

    @GetMapping
    String page(@RequestParam(required = false) String role, Model model) {
        Role shown = Arrays.stream(Role.values()).filter(r -> r.name().equals(role)).findFirst().orElse(Role.SALES);
        List<AccessRule> rules = access.rules().stream().filter(r -> r.role() == shown).toList();
        model.addAttribute("roles", Role.values());
        model.addAttribute("role", shown);
        model.addAttribute("rules", rules);
        model.addAttribute("readScopes", List.of(Scope.ALL, Scope.TEAM, Scope.OWN));
        model.addAttribute("changeScopes", Scope.values());
        return "admin/record-access";
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String read,
            @RequestParam(required = false) String change, @RequestParam(required = false) String version,
            RedirectAttributes redirect) {
        AccessRule rule = access.rule(id);
        try {
            access.update(id, new AccessRuleUpdate(scope("read", read), scope("change", change), number(version)));
            redirect.addFlashAttribute("flash", "access.saved");
        } catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/admin/record-access?role=" + rule.role().name();
    }

    private static Scope scope(String field, String value) {
        return Arrays.stream(Scope.values()).filter(s -> s.name().equals(value)).findFirst()
                .orElseThrow(() -> KlientException.invalid("access.scope.unknown"));
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
