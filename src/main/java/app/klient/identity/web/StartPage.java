package app.klient.identity.web;

import java.util.Map;
import java.util.TreeMap;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.identity.internal.SignedInUser;
import app.klient.identity.Users;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: who you are, and for an administrator the state of the installation. */
@Controller
class StartPage {

    private final Users users;
    private final Teams teams;
    private final AuditLog audit;

    StartPage(Users users, Teams teams, AuditLog audit) {
        this.users = users;
        this.teams = teams;
        this.audit = audit;
    }

    @GetMapping("/")
    String home(Model model) {
        SignedInUser me = SignedIn.get();
        model.addAttribute("me", users.get(me.id()));
        if (me.role() == Role.ADMIN) {
            Map<Role, Long> byRole = new TreeMap<>();
            for (Role role : Role.values()) {
                byRole.put(role, users.search(null, true, role, PageRequest.of(0, 1)).getTotalElements());
            }
            model.addAttribute("usersByRole", byRole);
            model.addAttribute("activeUsers", byRole.values().stream().mapToLong(Long::longValue).sum());
            model.addAttribute("inactiveUsers", users.search(null, false, null, PageRequest.of(0, 1)).getTotalElements());
            model.addAttribute("teamCount", teams.list().size());
            model.addAttribute("recentLogins", audit.search(
                    new AuditQuery(null, AuditAction.LOGIN, null, null, null, null), PageRequest.of(0, 5)).getContent());
            model.addAttribute("failedLogins", audit.search(
                    new AuditQuery(null, AuditAction.LOGIN_FAILED, null, null, null, null), PageRequest.of(0, 5)));
        }
        return "home";
    }
}
