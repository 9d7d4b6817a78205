package app.klient.sales.web;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.RecordKind;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import app.klient.sales.LeadForm;
import app.klient.sales.LeadImport;
import app.klient.sales.LeadQuery;
import app.klient.sales.LeadSection;
import app.klient.sales.LeadSource;
import app.klient.sales.LeadStatus;
import app.klient.sales.LeadView;
import app.klient.sales.Leads;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Leads: the list by score, a lead's page with its status and conversion, and the form to type one in. */
@Controller
@RequestMapping("/leads")
class LeadPages {

    private final Leads leads;
    private final Users users;
    private final LeadImport leadImport;
    private final List<LeadSection> sections;

    LeadPages(Leads leads, Users users, LeadImport leadImport, List<LeadSection> sections) {
        this.leads = leads;
        this.sections = sections;
        this.users = users;
        this.leadImport = leadImport;
    }

    @GetMapping
    String list(@Valid @ModelAttribute("query") LeadQuery query, BindingResult errors,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
            HttpServletRequest request, Model model) {
        model.addAttribute("badFilter", errors.hasErrors());
        model.addAttribute("leads", errors.hasErrors() ? null : leads.list(query,
                Paging.of(page, 25, sort, LeadApi.SORTABLE, Sort.by(Sort.Order.desc("score")))));
        model.addAttribute("listBase", Paging.listBase("/leads", request.getQueryString()));
        model.addAttribute("statuses", LeadStatus.values());
        model.addAttribute("sources", LeadSource.values());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("canCreate", OwnedRecords.canCreate());
        return Htmx.view(request, "sales/leads", "results");
    }

    @GetMapping("/import")
    String importForm() {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "lead.forbidden");
        }
        return "sales/lead-import";
    }

    @PostMapping("/import")
    String importCsv(@RequestParam(required = false) org.springframework.web.multipart.MultipartFile file,
            Model model, RedirectAttributes redirect) throws java.io.IOException {
        if (file == null || file.isEmpty()) {
            model.addAttribute("problems", java.util.List.of(new InvalidFields.FieldError("file", "import.empty")));
            return "sales/lead-import";
        }
        if (file.getSize() > 5 * 1024 * 1024) {
            model.addAttribute("problems", java.util.List.of(new InvalidFields.FieldError("file", "error.tooLarge")));
            return "sales/lead-import";
        }
        try {
            LeadImport.Result result = leadImport.importCsv(new String(file.getBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            redirect.addFlashAttribute("flash", "import.done");
            redirect.addFlashAttribute("flashArgs", new Object[] { result.imported(), file.getOriginalFilename() });
            return "redirect:/leads?source=IMPORT&sort=createdAt,desc";
        }
        catch (InvalidFields e) {
            model.addAttribute("problems", e.errors());
        }
        catch (KlientException e) {
            model.addAttribute("problems", java.util.List.of(new InvalidFields.FieldError("file", e.messageKey(),
                    e.arguments())));
        }
        return "sales/lead-import";
    }

    @GetMapping("/new")
    String create(Model model) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "lead.forbidden");
        }
        model.addAttribute("form", new LeadForm(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, CurrentUser.id(), null, null));
        model.addAttribute("people", users.possibleOwners());
        return "sales/lead-form";
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") LeadForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        model.addAttribute("people", users.possibleOwners());
        if (errors.hasErrors()) {
            return "sales/lead-form";
        }
        try {
            LeadView created = leads.create(form, LeadSource.MANUAL);
            redirect.addFlashAttribute("flash", "lead.created");
            return "redirect:/leads/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return "sales/lead-form";
        }
    }

    @GetMapping("/{id:\\d+}")
    String lead(@PathVariable long id, Model model) {
        LeadView lead = leads.get(id);
        model.addAttribute("lead", lead);
        model.addAttribute("leadParts", sections.stream().map(s -> s.forLead(lead)).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(CardSection.Part::order)).toList());
        model.addAttribute("canEdit", OwnedRecords.canEdit(RecordKind.LEAD, id, lead.ownerId()));
        model.addAttribute("statuses", new LeadStatus[] { LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED,
                LeadStatus.DISQUALIFIED });
        return "sales/lead";
    }

    @PostMapping("/{id:\\d+}/status")
    String status(@PathVariable long id, @RequestParam LeadStatus status,
            @RequestParam(required = false) String disqualifiedReason, @RequestParam Integer version,
            RedirectAttributes redirect) {
        try {
            leads.changeStatus(id, status, disqualifiedReason, version);
            redirect.addFlashAttribute("flash", "lead.statusChanged");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
            if (e.arguments().length > 0) {
                redirect.addFlashAttribute("flashErrorArgs", e.arguments());
            }
        }
        return "redirect:/leads/" + id;
    }

    @PostMapping("/{id:\\d+}/convert")
    String convert(@PathVariable long id, @RequestParam(defaultValue = "false") boolean createDeal,
            @RequestParam Integer version, RedirectAttributes redirect) {
        try {
            Leads.Conversion conversion = leads.convert(id, createDeal, version);
            redirect.addFlashAttribute("flash", "lead.convertedDone");
            return "redirect:/contacts/" + conversion.contactId();
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
            if (e.arguments().length > 0) {
                redirect.addFlashAttribute("flashErrorArgs", e.arguments());
            }
        }
        return "redirect:/leads/" + id;
    }
}
