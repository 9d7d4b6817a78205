package app.klient.sales.web;

import app.klient.identity.Teams;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.sales.LeadEventKind;
import app.klient.sales.LeadScoring;
import app.klient.sales.ScoringRule;
import app.klient.sales.WebForms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's lead capture: scoring rules and the public web forms with their embed code. */
@Controller
@RequestMapping("/admin/lead-capture")
class LeadSetupPages {

    private final LeadScoring scoring;
    private final WebForms forms;
    private final Teams teams;
    private final app.klient.platform.PublicUrl publicUrl;

    LeadSetupPages(LeadScoring scoring, WebForms forms, Teams teams, app.klient.platform.PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.scoring = scoring;
        this.forms = forms;
        this.teams = teams;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("rules", scoring.rules());
        model.addAttribute("forms", forms.list());
        // embed code goes onto other sites: its addresses must be absolute
        model.addAttribute("publicBase", publicUrl.base());
        model.addAttribute("teams", teams.list());
        model.addAttribute("events", LeadEventKind.values());
        model.addAttribute("fields", new String[] { "SOURCE", "UTM_SOURCE", "UTM_MEDIUM", "UTM_CAMPAIGN",
                "JOB_TITLE", "COMPANY_NAME", "EMAIL", "PHONE" });
        return "admin/lead-capture";
    }

    @PostMapping("/rules")
    String addRule(@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String field, @RequestParam(required = false) String operator,
            @RequestParam(required = false) String value, @RequestParam(required = false) LeadEventKind event,
            @RequestParam(required = false) String points, RedirectAttributes redirect) {
        Integer parsed = parse(points);
        boolean fieldRule = "FIELD".equals(kind);
        if (name == null || name.isBlank() || name.length() > 100 || parsed == null || parsed < -1000 || parsed > 1000
                || !("FIELD".equals(kind) || "EVENT".equals(kind)) || (value != null && value.length() > 200)) {
            redirect.addFlashAttribute("flashError", "scoring.invalid");
            return "redirect:/admin/lead-capture";
        }
        try {
            scoring.define(new ScoringRule(null, name, kind, fieldRule ? field : null, fieldRule ? operator : null,
                    fieldRule ? value : null, fieldRule ? null : event, parsed, true));
            redirect.addFlashAttribute("flash", "scoring.saved");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/admin/lead-capture";
    }

    @PostMapping("/rules/{id:\\d+}/retire")
    String retire(@PathVariable long id, RedirectAttributes redirect) {
        scoring.retire(id);
        redirect.addFlashAttribute("flash", "scoring.retired");
        return "redirect:/admin/lead-capture";
    }

    @PostMapping("/forms")
    String addForm(@RequestParam(required = false) String key, @RequestParam(required = false) String name,
            @RequestParam(required = false) String campaign, @RequestParam(required = false) Long teamId,
            RedirectAttributes redirect) {
        if (key == null || !key.matches("[a-z0-9][a-z0-9-]{2,39}") || name == null || name.isBlank()
                || name.length() > 100 || (campaign != null && campaign.length() > 100)) {
            redirect.addFlashAttribute("flashError", "webForm.invalid");
            return "redirect:/admin/lead-capture";
        }
        try {
            forms.define(new WebForms.Definition(key, name, campaign == null || campaign.isBlank() ? null : campaign,
                    teamId, null));
            redirect.addFlashAttribute("flash", "webForm.saved");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/admin/lead-capture";
    }

    private static Integer parse(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
