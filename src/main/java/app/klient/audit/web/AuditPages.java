package app.klient.audit.web;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.AuditQuery;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log for administrators: filter by person, action, record and days. */
@Controller
@RequestMapping("/admin/audit")
class AuditPages {

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    String browse(@Valid @ModelAttribute("query") AuditQuery query, BindingResult errors,
            @RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        Page<?> entries = errors.hasErrors() ? Page.empty()
                : audit.search(query, Paging.of(page, 50, null, java.util.Map.of(), Sort.unsorted()));
        model.addAttribute("entries", entries);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("badFilter", errors.hasErrors());
        return Htmx.view(request, "admin/audit", "results");
    }
}
