package app.klient.service.web;

import app.klient.identity.CurrentUser;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import app.klient.service.TicketDesk;
import app.klient.service.TicketForm;
import app.klient.service.TicketPriority;
import app.klient.service.TicketStatus;
import app.klient.service.TicketView;
import app.klient.service.Tickets;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The service desk's pages: the queues (mine, a team's, all open), a ticket's conversation, opening one. */
@Controller
@RequestMapping("/tickets")
class TicketPages {

    private final Tickets tickets;
    private final TicketDesk desk;
    private final Teams teams;
    private final Users users;
    private final app.klient.service.CannedResponses cannedResponses;

    TicketPages(Tickets tickets, TicketDesk desk, Teams teams, Users users,
            app.klient.service.CannedResponses cannedResponses) {
        this.cannedResponses = cannedResponses;
        this.tickets = tickets;
        this.desk = desk;
        this.teams = teams;
        this.users = users;
    }

    @GetMapping
    String queue(@RequestParam(defaultValue = "mine") String view, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) Integer page, Model model) {
        Tickets.Query query = switch (view) {
            case "team" -> new Tickets.Query(null, teamId, true, null, null, null);
            case "all" -> new Tickets.Query(null, null, null, null, null, null);
            case "open" -> new Tickets.Query(null, null, true, null, null, null);
            default -> new Tickets.Query(CurrentUser.id(), null, true, null, null, null);
        };
        model.addAttribute("tickets", tickets.list(query, Paging.of(page, 25, null, java.util.Map.of(),
                Sort.unsorted())));
        model.addAttribute("view", view);
        model.addAttribute("teamId", teamId);
        model.addAttribute("teams", teams.list());
        model.addAttribute("priorities", TicketPriority.values());
        model.addAttribute("canAnswer", Tickets.canAnswer());
        model.addAttribute("listBase", "/tickets?view=" + view + (teamId == null ? "" : "&teamId=" + teamId) + "&");
        return "service/tickets";
    }

    @GetMapping("/{id:\\d+}")
    String ticket(@PathVariable long id, @RequestParam(required = false) Long canned, Model model) {
        TicketView ticket = tickets.get(id);
        model.addAttribute("ticket", ticket);
        model.addAttribute("cannedResponses", cannedResponses.list());
        if (canned != null) {
            try {
                model.addAttribute("draft", cannedResponses.fill(canned, ticket));
            }
            catch (KlientException missing) {
                model.addAttribute("draft", "");
            }
        }
        model.addAttribute("canAnswer", Tickets.canAnswer());
        model.addAttribute("statuses", TicketStatus.values());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", teams.list());
        return "service/ticket";
    }

    @PostMapping
    String open(@RequestParam(required = false) String subject, @RequestParam(required = false) String description,
            @RequestParam(required = false) TicketPriority priority, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) Long contactId, @RequestParam(required = false) Long companyId,
            RedirectAttributes redirect) {
        if (subject == null || subject.isBlank() || subject.length() > 300
                || (description != null && description.length() > 50_000)) {
            redirect.addFlashAttribute("flashError", "ticket.invalid");
            return "redirect:/tickets";
        }
        try {
            TicketView ticket = tickets.open(new TicketForm(subject, description, contactId, companyId,
                    app.klient.service.TicketChannel.PHONE, null, null, priority, teamId == null ? CurrentUser.id()
                            : null, teamId, null));
            redirect.addFlashAttribute("flash", "ticket.opened");
            return "redirect:/tickets/" + ticket.id();
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            return "redirect:/tickets";
        }
    }

    @PostMapping("/{id:\\d+}/replies")
    String reply(@PathVariable long id, @RequestParam(required = false) String body,
            @RequestParam(defaultValue = "false") boolean internal, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, internal ? "ticket.noted" : "ticket.replied",
                () -> desk.reply(id, body, internal, version));
    }

    @PostMapping("/{id:\\d+}/status")
    String status(@PathVariable long id, @RequestParam(required = false) TicketStatus status,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return act(id, redirect, "ticket.moved", () -> desk.setStatus(id, status, version));
    }

    @PostMapping("/{id:\\d+}/assign")
    String assign(@PathVariable long id, @RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) Long teamId, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "ticket.assigned", () -> tickets.assign(id, assigneeId, teamId, version));
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/tickets/" + id;
    }
}
