package app.klient.mail.web;



import app.klient.mail.EmailTemplates;
import app.klient.mail.Emails;
import app.klient.mail.MailSettings;
import app.klient.mail.Mailboxes;
import app.klient.mail.internal.ImapPoller;
import app.klient.platform.InvalidFields;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's e-mail setup, the inbox of unknown senders, and writing to a contact from its card. */
@Controller
class MailPages {

    private final MailSettings settings;
    private final Mailboxes mailboxes;
    private final EmailTemplates templates;
    private final Emails emails;
    private final ImapPoller poller;

    MailPages(MailSettings settings, Mailboxes mailboxes, EmailTemplates templates, Emails emails,
            ImapPoller poller) {
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.templates = templates;
        this.emails = emails;
        this.poller = poller;
    }

    @GetMapping("/admin/mail")
    String setup(Model model) {
        model.addAttribute("form", settings.get());
        return setupPage(model);
    }

    @PostMapping("/admin/mail")
    String save(@Valid @ModelAttribute("form") MailSettings.Settings form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                settings.update(form);
                redirect.addFlashAttribute("flash", "mail.saved");
                return "redirect:/admin/mail";
            }
            catch (KlientException e) {
                FormErrors.apply(e, errors);
            }
        }
        return setupPage(model);
    }

    @PostMapping("/admin/mail/mailboxes")
    String addMailbox(@Valid @ModelAttribute Mailboxes.Mailbox mailbox, BindingResult errors,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            redirect.addFlashAttribute("flashError", "mail.mailboxInvalid");
            return "redirect:/admin/mail";
        }
        try {
            mailboxes.add(mailbox);
            redirect.addFlashAttribute("flash", "mail.mailboxAdded");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/admin/mail";
    }

    @PostMapping("/admin/mail/outbox/retry")
    String retryUndelivered(RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", "mail.outboxRetried");
        redirect.addFlashAttribute("flashArgs", new Object[] { emails.retryUndelivered(), "" });
        return "redirect:/admin/mail";
    }

    @PostMapping("/admin/mail/mailboxes/{id:\\d+}/poll")
    String poll(@PathVariable long id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", "mail.polled");
        redirect.addFlashAttribute("flashArgs", new Object[] { poller.poll(id), "" });
        return "redirect:/admin/mail";
    }

    @PostMapping("/admin/mail/mailboxes/{id:\\d+}/remove")
    String removeMailbox(@PathVariable long id, RedirectAttributes redirect) {
        mailboxes.remove(id);
        redirect.addFlashAttribute("flash", "mail.mailboxRemoved");
        return "redirect:/admin/mail";
    }

    @PostMapping("/admin/mail/templates")
    String addTemplate(@Valid @ModelAttribute EmailTemplates.Template template, BindingResult errors,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            redirect.addFlashAttribute("flashError", "mail.templateInvalid");
            return "redirect:/admin/mail";
        }
        try {
            templates.save(template);
            redirect.addFlashAttribute("flash", "mail.templateSaved");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            redirect.addFlashAttribute("flashErrorArgs", e.errors().get(0).arguments());
        }
        return "redirect:/admin/mail";
    }

    @GetMapping("/emails/{id:\\d+}/attachments/{fileId:\\d+}")
    org.springframework.http.ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long fileId) {
        return app.klient.platform.files.Files.download(emails.attachment(id, fileId));
    }

    @GetMapping("/inbox")
    String inbox(Model model) {
        model.addAttribute("emails", emails.unassigned(100));
        // which mailbox a message came to tells the reader whether a customer wrote to sales or support
        model.addAttribute("mailboxNames", mailboxes.list().stream().collect(java.util.stream.Collectors.toMap(
                Mailboxes.Mailbox::id, Mailboxes.Mailbox::name)));
        return "mail/inbox";
    }

    @PostMapping("/inbox/{id:\\d+}/assign")
    String assign(@PathVariable long id, @RequestParam(required = false) Long contactId,
            RedirectAttributes redirect) {
        try {
            emails.assign(id, contactId);
            redirect.addFlashAttribute("flash", "mail.assigned");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/inbox";
    }

    /** Writing to a contact from its card. */
    @PostMapping("/contacts/{id:\\d+}/emails")
    String send(@PathVariable long id, @RequestParam(required = false) Long templateId,
            @RequestParam(required = false) String subject, @RequestParam(required = false) String body,
            RedirectAttributes redirect) {
        if ((subject != null && subject.length() > 300) || (body != null && body.length() > 50_000)) {
            redirect.addFlashAttribute("flashError", "mail.tooLong");
            return "redirect:/contacts/" + id;
        }
        try {
            emails.send(new Emails.SendForm(id, templateId, subject, body, null));
            redirect.addFlashAttribute("flash", "mail.sent");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            redirect.addFlashAttribute("flashErrorArgs", e.errors().get(0).arguments().length == 0 ? null
                    : e.errors().get(0).arguments());
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/contacts/" + id;
    }

    private String setupPage(Model model) {
        model.addAttribute("mailboxes", mailboxes.list());
        model.addAttribute("templates", templates.list());
        model.addAttribute("undelivered", emails.undelivered(20));
        return "mail/setup";
    }

}
