package app.klient.documents.web;

import app.klient.documents.Documents;
import app.klient.documents.GeneratedDocument;
import app.klient.documents.MergeFields;
import app.klient.documents.RecordType;
import app.klient.documents.TemplateForm;
import app.klient.documents.TemplateKind;
import app.klient.documents.TemplateView;
import app.klient.documents.Templates;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's templates, and making a document from one for a customer, deal or order. */
@Controller
class TemplatePages {

    private final Templates templates;
    private final Documents documents;

    TemplatePages(Templates templates, Documents documents) {
        this.templates = templates;
        this.documents = documents;
    }

    @GetMapping("/admin/templates")
    String list(Model model) {
        model.addAttribute("templates", templates.list(true));
        return "documents/templates";
    }

    @GetMapping("/admin/templates/new")
    String create(Model model) {
        model.addAttribute("form", new TemplateForm("", TemplateKind.CONTRACT, "pl", "", null));
        return formPage(model);
    }

    @GetMapping("/admin/templates/{id:\\d+}")
    String edit(@PathVariable long id, Model model) {
        TemplateView t = templates.get(id);
        model.addAttribute("template", t);
        model.addAttribute("form", new TemplateForm(t.name(), t.kind(), t.language(), t.body(), t.version()));
        return formPage(model);
    }

    @PostMapping({ "/admin/templates", "/admin/templates/{id:\\d+}" })
    String save(@PathVariable(required = false) Long id, @Valid @ModelAttribute("form") TemplateForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        if (id != null) {
            model.addAttribute("template", templates.get(id));
        }
        if (!errors.hasErrors()) {
            try {
                TemplateView saved = id == null ? templates.create(form) : templates.update(id, form);
                redirect.addFlashAttribute("flash", "template.saved");
                return "redirect:/admin/templates/" + saved.id();
            }
            catch (KlientException e) {
                FormErrors.apply(e, errors);
            }
        }
        return formPage(model);
    }

    @PostMapping("/admin/templates/{id:\\d+}/active")
    String active(@PathVariable long id, @RequestParam boolean active, RedirectAttributes redirect) {
        templates.setActive(id, active);
        redirect.addFlashAttribute("flash", active ? "template.restored" : "template.retired");
        return "redirect:/admin/templates";
    }

    /** Choosing a template for a record that has no card section of its own (a deal, an order). */
    @GetMapping("/documents/new")
    String choose(@RequestParam RecordType recordType, @RequestParam long recordId, Model model) {
        model.addAttribute("templates", templates.list(false));
        model.addAttribute("recordType", recordType);
        model.addAttribute("recordId", recordId);
        model.addAttribute("back", back(recordType, recordId));
        return "documents/new";
    }

    /** Makes a document for a record and returns to the record, where the document is listed. */
    @PostMapping("/documents")
    String generate(@RequestParam(required = false) Long templateId, @RequestParam(required = false) RecordType recordType,
            @RequestParam(required = false) Long recordId, RedirectAttributes redirect) {
        String back = back(recordType, recordId);
        try {
            GeneratedDocument made = documents.generate(new Documents.Request(templateId, recordType, recordId));
            redirect.addFlashAttribute("generatedUrl", "/documents/" + made.id() + "/pdf");
            if (made.emptyFields().isEmpty()) {
                redirect.addFlashAttribute("flash", "document.generated");
            }
            else {
                // made all the same (a blank may be right), but the person sees what to check before sending it
                redirect.addFlashAttribute("flashError", "document.generatedEmpty");
                redirect.addFlashAttribute("flashErrorArgs", new Object[] { String.join(", ", made.emptyFields()) });
            }
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:" + back;
    }

    @GetMapping("/documents/{id:\\d+}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        return DocumentApi.pdfOf(documents, id);
    }

    private static String back(RecordType type, Long id) {
        if (type == null || id == null) {
            return "/";
        }
        return switch (type) {
            case COMPANY -> "/companies/" + id;
            case CONTACT -> "/contacts/" + id;
            case DEAL -> "/deals/" + id;
            case ORDER -> "/orders/" + id;
        };
    }

    private String formPage(Model model) {
        model.addAttribute("kinds", TemplateKind.values());
        model.addAttribute("fields", MergeFields.ALL);
        return "documents/template-form";
    }
}
