package app.klient.customers.web;

import java.util.List;

import app.klient.customers.Handover;
import app.klient.customers.HandoverParticipant;
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

/**
 * When someone leaves: choose the two people, see what would move (companies, contacts, open deals, leads, tasks,
 * tickets), then confirm and everything moves in one step.
 */
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
    String form(@RequestParam(required = false) Long fromUserId, @RequestParam(required = false) Long toUserId,
            Model model) {
        model.addAttribute("everyone", users.search(null, null, null,
                PageRequest.of(0, 1000, Sort.by("name"))).getContent());
        model.addAttribute("active", users.possibleOwners());
        model.addAttribute("fromUserId", fromUserId);
        model.addAttribute("toUserId", toUserId);
        if (fromUserId != null && toUserId != null) {
            List<HandoverParticipant.Part> preview = handover.preview(fromUserId);
            model.addAttribute("preview", preview);
            model.addAttribute("fromName", users.names(List.of(fromUserId)).get(fromUserId));
            model.addAttribute("toName", users.names(List.of(toUserId)).get(toUserId));
        }
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
            redirect.addFlashAttribute("flash", "handover.doneAll");
            redirect.addFlashAttribute("flashArgs", new Object[] { result.moved().values().stream()
                    .mapToInt(Integer::intValue).sum(), users.names(List.of(toUserId)).get(toUserId) });
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/admin/handover";
    }
}
