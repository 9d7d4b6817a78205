package app.klient.privacy.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import app.klient.privacy.ErasureReason;
import app.klient.privacy.Privacy;
import app.klient.privacy.PrivacyRequestForm;
import app.klient.privacy.PrivacyRequestView;
import app.klient.privacy.RequestKind;
import app.klient.privacy.RequestedBy;
import app.klient.privacy.RetentionAction;
import app.klient.privacy.RetentionRuleForm;
import app.klient.privacy.RetentionRules;
import org.springframework.data.domain.Sort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The administrator's privacy pages: the register with a search for a person, a person's page (what Klient holds,
 * export, erasure), one register line, and the retention rules with their previews.
 */
@Controller
@RequestMapping("/admin/privacy")
class PrivacyPages {

    private final Privacy privacy;
    private final RetentionRules retention;

    PrivacyPages(Privacy privacy, RetentionRules retention) {
        this.privacy = privacy;
        this.retention = retention;
    }

    /** Before anything of the request is read. */
    @ModelAttribute
    void administratorsOnly() {
        Permission.PRIVACY.check();
    }

    @GetMapping
    String register(@RequestParam(required = false) RequestKind kind, @RequestParam(required = false) Integer page,
            Model model) {
        model.addAttribute("requests", privacy.requests(kind, Paging.of(page, 25, null, Map.of(), Sort.unsorted())));
        model.addAttribute("kind", kind);
        model.addAttribute("kinds", RequestKind.values());
        model.addAttribute("listBase", "/admin/privacy?" + (kind == null ? "" : "kind=" + kind + "&"));
        return "privacy/register";
    }

    @GetMapping("/person")
    String person(@RequestParam(required = false) Long contactId, @RequestParam(required = false) Long leadId,
            @RequestParam(required = false) String email, Model model, RedirectAttributes redirect) {
        PrivacyRequestForm form = new PrivacyRequestForm(contactId, leadId, email, null, null, null, null);
        try {
            model.addAttribute("person", privacy.summary(form));
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/admin/privacy";
        }
        model.addAttribute("form", form);
        model.addAttribute("requesters", RequestedBy.values());
        model.addAttribute("reasons", java.util.Arrays.stream(ErasureReason.values())
                .filter(r -> r != ErasureReason.RETENTION).toList());
        model.addAttribute("today", java.time.LocalDate.now());
        return "privacy/person";
    }

    @PostMapping("/export")
    Object export(@ModelAttribute PrivacyRequestForm form, RedirectAttributes redirect) {
        try {
            Privacy.Download download = privacy.export(form);
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename(download.filename(), StandardCharsets.UTF_8).build().toString())
                    .body(download.zip());
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:" + personUrl(form);
        }
    }

    @PostMapping("/erase")
    String erase(@ModelAttribute PrivacyRequestForm form, @RequestParam(required = false) Boolean confirmed,
            RedirectAttributes redirect) {
        if (!Boolean.TRUE.equals(confirmed)) {
            redirect.addFlashAttribute("flashError", "privacy.erase.confirm");
            return "redirect:" + personUrl(form);
        }
        try {
            PrivacyRequestView done = privacy.erase(form);
            redirect.addFlashAttribute("flash", "privacy.erased");
            return "redirect:/admin/privacy/requests/" + done.id();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:" + personUrl(form);
        }
    }

    @GetMapping("/requests/{id:\\d+}")
    String request(@PathVariable long id, Model model) {
        model.addAttribute("request", privacy.request(id));
        return "privacy/request";
    }

    @GetMapping("/retention")
    String retention(@RequestParam(required = false) Long preview, @RequestParam(required = false) Integer months,
            Model model, RedirectAttributes redirect) {
        model.addAttribute("rules", retention.list());
        model.addAttribute("actions", RetentionAction.values());
        if (preview != null) {
            try {
                model.addAttribute("preview", retention.preview(preview, months, 20));
            }
            catch (KlientException e) {
                Flash.error(e, redirect);
                return "redirect:/admin/privacy/retention";
            }
        }
        return "privacy/retention";
    }

    @PostMapping("/retention/{id:\\d+}")
    String saveRule(@PathVariable long id, @ModelAttribute RetentionRuleForm form, RedirectAttributes redirect) {
        try {
            retention.update(id, form);
            redirect.addFlashAttribute("flash", "retention.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/admin/privacy/retention";
    }

    private static String personUrl(PrivacyRequestForm form) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/admin/privacy/person");
        if (form != null && form.contactId() != null) {
            url.queryParam("contactId", form.contactId());
        }
        else if (form != null && form.leadId() != null) {
            url.queryParam("leadId", form.leadId());
        }
        else if (form != null && form.email() != null) {
            url.queryParam("email", form.email());
        }
        return url.encode().build().toUriString();
    }
}
