package app.klient.marketing.tracking;

import app.klient.platform.InvalidFields;
import app.klient.platform.PublicUrl;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The website tracking settings: the one line the company's website embeds, and which hosts are its website.
 * Everybody signed in reads it; the marketing roles change it.
 */
@Controller
class TrackingSettingsPages {

    private final SiteVisits visits;
    private final PublicUrl publicUrl;

    TrackingSettingsPages(SiteVisits visits, PublicUrl publicUrl) {
        this.visits = visits;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/marketing/tracking")
    String settings(Model model) {
        SiteVisits.Settings settings = visits.settings();
        model.addAttribute("settings", settings);
        model.addAttribute("hosts", String.join("\n", settings.websiteHosts()));
        model.addAttribute("scriptTag", "<script src=\"" + publicUrl.of("/t/site.js") + "\" async></script>");
        model.addAttribute("canChange", app.klient.identity.Permission.MARKETING.granted());
        return "marketing/tracking/settings";
    }

    @PostMapping("/marketing/tracking")
    String save(@RequestParam(name = "websiteHosts", required = false) String hosts,
            @RequestParam(name = "version", required = false) Integer version, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            visits.save(hosts, version);
        }
        catch (InvalidFields e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            settings(model);
            model.addAttribute("hosts", hosts == null ? "" : hosts.replace("\0", ""));
            model.addAttribute("flashError", e.errors().get(0).messageKey());
            return "marketing/tracking/settings";
        }
        redirect.addFlashAttribute("flash", "tracking.settings.saved");
        return "redirect:/marketing/tracking";
    }
}
