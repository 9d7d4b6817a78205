package app.klient.customers.web;

import app.klient.customers.Handover;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** When someone leaves: all their companies and contacts to a colleague, in one step. */
@Controller
@RequestMapping("/admin/handover")
class HandoverPage {

    private final Handover handover;
    private final Users users;

    HandoverPage(Handover handover, Users users) {
        this.handover = handover;
        this.users = users;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("everyone", users.search(null, null, null,
                PageRequest.of(0, 1000, Sort.by("name"))).getContent());
        model.addAttribute("active", users.activeUsers());
        return "admin/handover";
    }

    @PostMapping
    String handOver(@RequestParam(required = false) Long fromUserId, @RequestParam(required = false) Long toUserId,
            RedirectAttributes redirect) {
        if (fromUserId == null || toUserId == null) {
            redirect.addFlashAttribute("flashError", "handover.choose");
            return "redirect:/admin/handover";
        }
        try {
            Handover.Result result = handover.handOver(fromUserId, toUserId);
            redirect.addFlashAttribute("flash", "handover.done");
            redirect.addFlashAttribute("flashArgs", new Object[] { result.companies(), result.contacts() });
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/admin/handover";
    }
}
