package app.klient.audit.web;

import java.io.IOException;
import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditChain;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.platform.export.Downloads;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The audit log for administrators: filter by person, action, record and days, export it, check its hash chain. */
@Controller
@RequestMapping("/admin/audit")
class AuditPages {

    /** The kinds of record the filter offers (those the log names in every language). */
    static final List<String> RECORD_KINDS = List.of("user", "team", "apiToken", "company", "contact", "customField",
            "deal", "pipeline", "stage", "lead", "salesQuota", "privacyRequest", "retentionRule", "access_rule", "record_share",
            "two-factor", "auditLog");

    private final AuditLog audit;
    private final AuditChain chain;

    AuditPages(AuditLog audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
    }

    @GetMapping
    String browse(@Valid @ModelAttribute("query") AuditQuery query, BindingResult errors,
            @RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        Page<?> entries = errors.hasErrors() ? Page.empty()
                : audit.search(query, Paging.of(page, 50, null, java.util.Map.of(), Sort.unsorted()));
        model.addAttribute("entries", entries);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("recordKinds", RECORD_KINDS);
        model.addAttribute("badFilter", errors.hasErrors());
        return Htmx.view(request, "admin/audit", "results");
    }

    @GetMapping({ "/export.csv", "/export.xlsx" })
    void export(@Valid @ModelAttribute("query") AuditQuery query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "audit", errors, () -> {
        }, (format, out) -> audit.export(query, format, out));
    }

    @PostMapping("/verify")
    String verify(RedirectAttributes redirect) {
        AuditChain.Verification result = chain.verify();
        if (result.intact()) {
            redirect.addFlashAttribute("flash", "audit.chain.intact");
            redirect.addFlashAttribute("flashArgs", new Object[] { result.entries(), "" });
        }
        else {
            redirect.addFlashAttribute("flashError", "audit.chain.broken." + result.problem().name());
            redirect.addFlashAttribute("flashErrorArgs", new Object[] {
                result.brokenEntryId() == null ? "—" : "#" + result.brokenEntryId() });
        }
        return "redirect:/admin/audit";
    }
}
