package app.klient.mail.web;

import app.klient.documents.Documents;
import app.klient.mail.DocumentMail;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Send by e-mail" on a quote, order, invoice or generated document: the message to check, change and send. */
@Controller
class DocumentMailPages {

    private static final String PATH = "/{kind:quotes|orders|invoices|documents}/{id:\\d+}/email";

    private final DocumentMail mail;
    private final Documents documents;

    DocumentMailPages(DocumentMail mail, Documents documents) {
        this.mail = mail;
        this.documents = documents;
    }

    @GetMapping(PATH)
    String form(@PathVariable String kind, @PathVariable long id, Model model) {
        DocumentMail.Draft draft = mail.draft(kind(kind), id);
        model.addAttribute("form", new DocumentMail.SendForm(draft.to(), draft.subject(), draft.body(),
                draft.canMarkSent(), draft.version()));
        return page(draft, model);
    }

    @PostMapping(PATH)
    String send(@PathVariable String kind, @PathVariable long id, @Valid @ModelAttribute("form") DocumentMail.SendForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        DocumentMail.Kind what = kind(kind);
        if (!errors.hasErrors()) {
            try {
                // unchecked boxes send nothing: no recipient chosen is not "the default", it is none
                DocumentMail.Sent sent = mail.send(what, id, new DocumentMail.SendForm(form.to() == null
                        ? java.util.List.of("") : form.to(), form.subject(), form.body(), form.markSent(),
                        form.version()));
                redirect.addFlashAttribute("flash", "mail.document.sent");
                redirect.addFlashAttribute("flashArgs", new Object[] { String.join(", ", sent.to()), "" });
                return "redirect:" + back(what, id);
            }
            catch (KlientException e) {
                if (e.status().value() == 403 || e.status().value() == 404) {
                    throw e;
                }
                FormErrors.apply(e, errors);
            }
        }
        return page(mail.draft(what, id), model);
    }

    private String page(DocumentMail.Draft draft, Model model) {
        model.addAttribute("draft", draft);
        model.addAttribute("back", back(draft.kind(), draft.id()));
        return "mail/send-document";
    }

    private String back(DocumentMail.Kind kind, long id) {
        if (kind != DocumentMail.Kind.DOCUMENT) {
            return "/" + kind.path() + "/" + id;
        }
        var document = documents.get(id);
        return document.companyId() != null ? "/companies/" + document.companyId()
                : document.contactId() != null ? "/contacts/" + document.contactId() : "/";
    }

    private static DocumentMail.Kind kind(String path) {
        for (DocumentMail.Kind kind : DocumentMail.Kind.values()) {
            if (kind.path().equals(path)) {
                return kind;
            }
        }
        throw KlientException.notFound("mail.notFound");
    }
}
