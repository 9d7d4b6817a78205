package app.klient.service.web;

import app.klient.customers.Contacts;
import app.klient.platform.KlientException;
import app.klient.service.TicketCategories;
import app.klient.service.TicketChannel;
import app.klient.service.TicketForm;
import app.klient.service.Tickets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public support form ({@code /forms/support}, embeddable like the lead forms): a honeypot field and at most five
 * requests per address in ten minutes keep spam out; markup is refused; the ticket is matched to the contact with
 * that address.
 */
@Controller
class SupportFormPages {

    static final int PER_TEN_MINUTES = 5;

    private final Tickets tickets;
    private final Contacts contacts;
    private final JdbcClient jdbc;
    private final TicketCategories categories;

    SupportFormPages(Tickets tickets, Contacts contacts, JdbcClient jdbc, TicketCategories categories) {
        this.categories = categories;
        this.tickets = tickets;
        this.contacts = contacts;
        this.jdbc = jdbc;
    }

    @GetMapping("/forms/support")
    String form(Model model) {
        model.addAttribute("categories", categories.list());
        return "service/support-form";
    }

    @PostMapping("/forms/support")
    @Transactional
    String submit(@RequestParam(required = false) String email, @RequestParam(required = false) String subject,
            @RequestParam(required = false) String description, @RequestParam(required = false) String category,
            @RequestParam(required = false) String website, Model model) {
        model.addAttribute("categories", categories.list());
        model.addAttribute("category", category);
        model.addAttribute("limit", PER_TEN_MINUTES);
        model.addAttribute("email", email);
        model.addAttribute("subject", subject);
        model.addAttribute("description", description);
        if (website != null && !website.isBlank()) {
            // a robot filled the field people do not see: it is thanked and nothing is stored
            return "service/support-thanks";
        }
        String problem = null;
        if (email == null || email.length() > 254 || !email.strip().matches("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$")) {
            problem = "supportForm.email";
        }
        else if (subject == null || subject.isBlank() || subject.length() > 300) {
            problem = "supportForm.subject";
        }
        else if (category != null && !category.isBlank() && categories.list().stream()
                .noneMatch(c -> c.name().equals(category))) {
            problem = "supportForm.category";
        }
        else if (description != null && description.length() > 10_000) {
            problem = "supportForm.tooLong";
        }
        else if ((subject + " " + (description == null ? "" : description)).matches("(?s).*<\\s*[a-zA-Z/!].*")) {
            problem = "supportForm.markup";
        }
        else if (jdbc.sql("select count(*) from tickets where channel = 'WEB' and lower(requester_email) = lower(:e) "
                + "and created_at > now() - interval '10 minutes'").param("e", email.strip()).query(Long.class)
                .single() >= PER_TEN_MINUTES) {
            problem = "supportForm.tooMany";
        }
        if (problem != null) {
            model.addAttribute("problem", problem);
            return "service/support-form";
        }
        try {
            long id = tickets.openReceived(TicketForm.received(subject.strip(), description,
                    contacts.findByEmail(email).orElse(null), category), TicketChannel.WEB,
                    email.strip().toLowerCase(java.util.Locale.ROOT), null, null);
            model.addAttribute("number", tickets.get(id).number());
        }
        catch (KlientException e) {
            model.addAttribute("problem", "supportForm.failed");
            return "service/support-form";
        }
        return "service/support-thanks";
    }
}
