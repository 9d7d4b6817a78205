package app.klient.activities.push;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The list of one's browsers that get push, on the account page (loaded into it), each switched off with a click. */
@Controller
@RequestMapping("/account/push")
class PushPages {

    private final PushDevices devices;

    PushPages(PushDevices devices) {
        this.devices = devices;
    }

    @GetMapping
    String pushDevices(Model model) {
        model.addAttribute("pushDevices", devices.mine());
        return "activities/push :: devices";
    }

    @PostMapping("/devices/{id}/remove")
    String removePushDevice(@PathVariable long id, Model model,
            @RequestHeader(name = "HX-Request", required = false) String htmx, RedirectAttributes redirect) {
        devices.remove(id);
        if (htmx != null) {
            model.addAttribute("pushDevices", devices.mine());
            return "activities/push :: devices";
        }
        redirect.addFlashAttribute("flash", "push.removed");
        return "redirect:/account#push";
    }
}
