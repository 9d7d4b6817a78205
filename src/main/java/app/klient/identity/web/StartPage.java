package app.klient.identity.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.StartSection;
import app.klient.identity.TeamRef;
import app.klient.identity.UserSummary;
import app.klient.identity.Teams;
import app.klient.identity.internal.SignedInUser;
import app.klient.identity.Users;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The start page: who you are; for an administrator the state of the installation; for everybody what the modules
 * show their role ({@link StartSection}: their dashboard's first tiles, a salesperson's deals and leads, a manager's
 * team, an agent's queue...).
 */
@Controller
class StartPage {

    private final Users users;
    private final Teams teams;
    private final AuditLog audit;
    private final List<StartSection> sections;

    StartPage(Users users, Teams teams, AuditLog audit, List<StartSection> sections) {
        this.users = users;
        this.teams = teams;
        this.audit = audit;
        this.sections = sections;
    }

    @GetMapping("/")
    String home(Model model) {
        SignedInUser me = SignedIn.get();
        UserSummary user = users.get(me.id());
        model.addAttribute("me", user);
        StartSection.Viewer viewer = new StartSection.Viewer(me.id(), me.role(), CurrentUser.actor().timeZone(),
                user.teams().stream().map(TeamRef::id).collect(Collectors.toSet()));
        model.addAttribute("parts", sections.stream().map(s -> s.forUser(viewer)).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(StartSection.Part::order)).toList());
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
