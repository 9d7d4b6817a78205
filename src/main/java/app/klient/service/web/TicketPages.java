package app.klient.service.web;

import app.klient.identity.CurrentUser;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import app.klient.platform.files.Files;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.catalog.Products;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.multipart.MultipartFile;
import app.klient.service.TicketCategories;
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
    private final TicketCategories categories;
    private final Products products;
    private final Orders orders;
    private final Invoices invoices;

    TicketPages(Tickets tickets, TicketDesk desk, Teams teams, Users users,
            app.klient.service.CannedResponses cannedResponses, TicketCategories categories, Products products,
            Orders orders, Invoices invoices) {
        this.cannedResponses = cannedResponses;
        this.categories = categories;
        this.products = products;
        this.orders = orders;
        this.invoices = invoices;
        this.tickets = tickets;
        this.desk = desk;
        this.teams = teams;
        this.users = users;
    }

    @GetMapping
    String queue(@RequestParam(defaultValue = "mine") String view, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) Integer page, Model model) {
        Tickets.Query query = query(view, teamId);
        model.addAttribute("tickets", tickets.list(query, Paging.of(page, 25, null, java.util.Map.of(),
                Sort.unsorted())));
        model.addAttribute("view", view);
        model.addAttribute("teamId", teamId);
        model.addAttribute("teams", teams.list());
        model.addAttribute("priorities", TicketPriority.values());
        model.addAttribute("categories", categories.list());
        model.addAttribute("canAnswer", Tickets.canAnswer());
        model.addAttribute("listBase", "/tickets?view=" + view + (teamId == null ? "" : "&teamId=" + teamId) + "&");
        return "service/tickets";
    }

    /** The tickets a view of the queue shows: mine (the default), a team's, all open, all. */
    static Tickets.Query query(String view, Long teamId) {
        return switch (view) {
            case "team" -> new Tickets.Query(null, teamId, true, null, null, null);
            case "all" -> new Tickets.Query(null, null, null, null, null, null);
            case "open" -> new Tickets.Query(null, null, true, null, null, null);
            default -> new Tickets.Query(CurrentUser.id(), null, true, null, null, null);
        };
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
        model.addAttribute("priorities", TicketPriority.values());
        model.addAttribute("categories", categories.list());
        model.addAttribute("products", products.options(null, 200));
        if (ticket.productId() != null) {
            model.addAttribute("product", products.get(ticket.productId()));
        }
        if (ticket.companyId() != null) {
            model.addAttribute("orders", orders.list(new Orders.Query(ticket.companyId(), null, null, null),
                    PageRequest.of(0, 50)).items());
            model.addAttribute("invoices", invoices.list(new Invoices.Query(null, ticket.companyId(), null, null,
                    null), PageRequest.of(0, 50)).items());
        }
        if (ticket.orderId() != null) {
            model.addAttribute("order", orders.get(ticket.orderId()));
        }
        if (ticket.invoiceId() != null) {
            model.addAttribute("invoice", invoices.get(ticket.invoiceId()));
        }
        return "service/ticket";
    }

    /** Changes what the ticket is about (the details card). */
    @PostMapping("/{id:\\d+}")
    String change(@PathVariable long id, @RequestParam(required = false) String subject,
            @RequestParam(required = false) String category, @RequestParam(required = false) Long productId,
            @RequestParam(required = false) TicketPriority priority, @RequestParam(required = false) Long orderId,
            @RequestParam(required = false) Long invoiceId, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        if (subject == null || subject.isBlank() || subject.length() > 300
                || (category != null && category.length() > 100)) {
            redirect.addFlashAttribute("flashError", "ticket.invalid");
            return "redirect:/tickets/" + id;
        }
        return act(id, redirect, "ticket.changed", () -> {
            TicketView ticket = tickets.get(id);
            tickets.change(id, new TicketForm(subject, null, ticket.contactId(), ticket.companyId(), null, category,
                    productId, priority, null, null, orderId, invoiceId, version));
        });
    }

    @GetMapping("/{id:\\d+}/attachments/{fileId:\\d+}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long fileId) {
        return Files.download(tickets.attachment(id, fileId));
    }

    @PostMapping
    String open(@RequestParam(required = false) String subject, @RequestParam(required = false) String description,
            @RequestParam(required = false) TicketPriority priority, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) String category, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long companyId, RedirectAttributes redirect) {
        if (!Tickets.canAnswer()) {
            throw new app.klient.platform.KlientException(org.springframework.http.HttpStatus.FORBIDDEN,
                    "ticket.forbidden");
        }
        if (subject == null || subject.isBlank() || subject.length() > 300
                || (description != null && description.length() > 50_000)
                || (category != null && category.length() > 100)) {
            redirect.addFlashAttribute("flashError", "ticket.invalid");
            return "redirect:/tickets";
        }
        try {
            boolean routed = teamId != null || (category != null && categories.list().stream()
                    .anyMatch(c -> c.name().equalsIgnoreCase(category) && (c.teamId() != null
                            || c.assigneeId() != null)));
            TicketView ticket = tickets.open(new TicketForm(subject, description, contactId, companyId,
                    app.klient.service.TicketChannel.PHONE, category, null, priority, routed ? null
                            : CurrentUser.id(), teamId, null, null, null));
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
            @RequestParam(required = false) List<MultipartFile> files, RedirectAttributes redirect) {
        return act(id, redirect, internal ? "ticket.noted" : "ticket.replied",
                () -> desk.reply(id, body, internal, version, Files.read(files, MAX_FILES, "files")));
    }

    /** Files on one reply or note. */
    static final int MAX_FILES = 5;

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
        return app.klient.platform.web.Flash.act(redirect, "/tickets/" + id, done, action);
    }
}
