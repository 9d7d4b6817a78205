package app.klient.customers.web;

import java.util.List;

import app.klient.customers.BulkChange;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.CustomerType;
import app.klient.customers.NoteForm;
import app.klient.customers.SavedViews;
import app.klient.customers.Timeline;
import app.klient.platform.KlientException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What company and contact pages share, under {@code /companies/...} and {@code /contacts/...}: notes and older
 * timeline entries on a card, bulk changes and saved views on a list.
 */
@Controller
class CustomerCardPages {

    private static final String KIND = "{kind:companies|contacts}";

    private final Companies companies;
    private final Contacts contacts;
    private final Timeline timeline;
    private final SavedViews views;

    CustomerCardPages(Companies companies, Contacts contacts, Timeline timeline, SavedViews views) {
        this.companies = companies;
        this.contacts = contacts;
        this.timeline = timeline;
        this.views = views;
    }

    @GetMapping("/" + KIND + "/{id:\\d+}/timeline")
    String older(@PathVariable String kind, @PathVariable long id, @RequestParam String before, Model model) {
        model.addAttribute("timeline", companies(kind) ? timeline.ofCompany(id, before, 30)
                : timeline.ofContact(id, before, 30));
        model.addAttribute("timelineUrl", "/" + kind + "/" + id + "/timeline");
        model.addAttribute("notesUrl", "/" + kind + "/" + id + "/notes");
        return "customers/timeline :: entries";
    }

    @PostMapping("/" + KIND + "/{id:\\d+}/notes")
    String addNote(@PathVariable String kind, @PathVariable long id, @Valid @ModelAttribute NoteForm note,
            BindingResult errors, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            redirect.addFlashAttribute("flashError", "note.empty");
        }
        else if (companies(kind)) {
            companies.get(id);
            timeline.addNote(id, null, note);
            redirect.addFlashAttribute("flash", "note.added");
        }
        else {
            contacts.get(id);
            timeline.addNote(null, id, note);
            redirect.addFlashAttribute("flash", "note.added");
        }
        return "redirect:/" + kind + "/" + id + "#timeline";
    }

    @PostMapping("/" + KIND + "/{id:\\d+}/notes/{noteId}")
    String editNote(@PathVariable String kind, @PathVariable long id, @PathVariable long noteId,
            @Valid @ModelAttribute NoteForm note, BindingResult errors, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            redirect.addFlashAttribute("flashError", "note.empty");
        }
        else {
            try {
                timeline.editNote(noteId, note);
                redirect.addFlashAttribute("flash", "note.saved");
            }
            catch (KlientException e) {
                if (e.status().value() != 409) {
                    throw e;
                }
                redirect.addFlashAttribute("flashError", "error.stale");
            }
        }
        return "redirect:/" + kind + "/" + id + "#timeline";
    }

    @PostMapping("/" + KIND + "/{id:\\d+}/notes/{noteId}/delete")
    String deleteNote(@PathVariable String kind, @PathVariable long id, @PathVariable long noteId,
            RedirectAttributes redirect) {
        timeline.deleteNote(noteId);
        redirect.addFlashAttribute("flash", "note.deleted");
        return "redirect:/" + kind + "/" + id + "#timeline";
    }

    @PostMapping("/" + KIND + "/bulk")
    String bulk(@PathVariable String kind, @RequestParam(required = false) List<Long> ids,
            @RequestParam String action, @RequestParam(required = false) Long ownerId,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty() || ids.size() > 200) {
            redirect.addFlashAttribute("flashError", "bulk.nothingSelected");
            return backTo(kind, back);
        }
        BulkChange change = switch (action) {
            case "ASSIGN_OWNER" -> new BulkChange.AssignOwner(ownerId);
            case "ADD_TAG" -> new BulkChange.AddTag(tag);
            case "DELETE" -> new BulkChange.Delete();
            default -> throw KlientException.invalid("error.invalid");
        };
        try {
            int changed = companies(kind) ? companies.bulk(ids, change) : contacts.bulk(ids, change);
            redirect.addFlashAttribute("flash", "bulk.done");
            redirect.addFlashAttribute("flashArgs", new Object[] { changed, ids.size() });
        }
        catch (app.klient.platform.InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return backTo(kind, back);
    }

    @PostMapping("/" + KIND + "/views")
    String saveView(@PathVariable String kind, @RequestParam(required = false) String viewName,
            @RequestParam(required = false) String query, @RequestParam(defaultValue = "false") boolean shared,
            RedirectAttributes redirect) {
        try {
            views.save(type(kind), viewName, query, shared);
            redirect.addFlashAttribute("flash", "view.saved");
        }
        catch (app.klient.platform.InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return backTo(kind, query);
    }

    @PostMapping("/" + KIND + "/views/{viewId}/delete")
    String deleteView(@PathVariable String kind, @PathVariable long viewId, RedirectAttributes redirect) {
        views.delete(viewId);
        redirect.addFlashAttribute("flash", "view.deleted");
        return "redirect:/" + kind;
    }

    private static String backTo(String kind, String query) {
        boolean safe = query != null && query.matches("[A-Za-z0-9._~%&=+,:-]*") && query.length() <= 2000;
        return "redirect:/" + kind + (safe && !query.isEmpty() ? "?" + query : "");
    }

    private static boolean companies(String kind) {
        return kind.equals("companies");
    }

    private static CustomerType type(String kind) {
        return companies(kind) ? CustomerType.COMPANY : CustomerType.CONTACT;
    }
}
