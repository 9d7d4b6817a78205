package app.klient.mail.web;

import java.util.List;

import app.klient.mail.EmailTemplates;
import app.klient.mail.EmailView;
import app.klient.mail.Emails;
import app.klient.mail.MailSettings;
import app.klient.mail.Mailboxes;
import app.klient.mail.internal.ImapPoller;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "E-mail")
@RequestMapping("/api/v1")
class MailApi {

    private final Emails emails;
    private final EmailTemplates templates;
    private final MailSettings settings;
    private final Mailboxes mailboxes;
    private final ImapPoller poller;

    MailApi(Emails emails, EmailTemplates templates, MailSettings settings, Mailboxes mailboxes, ImapPoller poller) {
        this.emails = emails;
        this.templates = templates;
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.poller = poller;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "EmailAssignment")
    record Assign(Long contactId) {
    }

    @Operation(summary = "Send an e-mail to a contact: written (subject, body) or from a template (templateId), "
            + "merge fields filled for the contact; it is kept on the contact's timeline")
    @PostMapping("/emails")
    ResponseEntity<EmailView> send(@Valid @RequestBody Emails.SendForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(emails.send(form));
    }

    @Operation(summary = "A contact's e-mails (contactId), or those waiting in the inbox (unassigned=true)")
    @GetMapping("/emails")
    List<EmailView> list(@RequestParam(required = false) Long contactId,
            @RequestParam(defaultValue = "false") boolean unassigned) {
        if (contactId == null && !unassigned) {
            throw KlientException.invalid("mail.listFilter");
        }
        return contactId != null ? emails.ofContact(contactId, 200) : emails.unassigned(200);
    }

    @Operation(summary = "Read one e-mail.")
    @GetMapping("/emails/{id}")
    EmailView get(@PathVariable long id) {
        return emails.get(id);
    }

    @Operation(summary = "Download a file that came with a message (always as an attachment)")
    @GetMapping("/emails/{id}/attachments/{fileId}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long fileId) {
        return app.klient.platform.files.Files.download(emails.attachment(id, fileId));
    }

    @Operation(summary = "Assign a received e-mail to a contact; it appears on the contact's timeline.")
    @PostMapping("/emails/{id}/assign")
    EmailView assign(@PathVariable long id, @RequestBody Assign assign) {
        return emails.assign(id, assign.contactId());
    }

    record Invited(int recipients) {
    }

    @Operation(summary = "Send a meeting as an invitation (.ics) to the customer's people on it")
    @PostMapping("/activities/{id}/invitation")
    Invited invite(@PathVariable long id) {
        return new Invited(emails.invite(id));
    }

    @Operation(summary = "List the e-mail templates.")
    @GetMapping("/email-templates")
    List<EmailTemplates.Template> templates() {
        return templates.list();
    }

    @Operation(summary = "Add an e-mail template.")
    @PostMapping("/email-templates")
    ResponseEntity<EmailTemplates.Template> addTemplate(@Valid @RequestBody EmailTemplates.Template template) {
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.save(template));
    }

    @Operation(summary = "Read the SMTP settings (administrators); the password is never shown.")
    @GetMapping("/mail/settings")
    MailSettings.Settings settings() {
        admin();
        return settings.get();
    }

    @Operation(summary = "The SMTP server (administrators); an empty password keeps the stored one")
    @PutMapping("/mail/settings")
    MailSettings.Settings updateSettings(@Valid @RequestBody MailSettings.Settings form) {
        return settings.update(form);
    }

    @Operation(summary = "Mail that has not gone out yet or was given up (administrators), newest first")
    @GetMapping("/mail/outbox")
    List<Emails.Undelivered> undelivered() {
        return emails.undelivered(200);
    }

    record Retried(int sent) {
    }

    @Operation(summary = "Try every message that has not gone out again now (administrators)")
    @PostMapping("/mail/outbox/retry")
    Retried retryUndelivered() {
        return new Retried(emails.retryUndelivered());
    }

    @Operation(summary = "List the mailboxes Klient reads (administrators).")
    @GetMapping("/mailboxes")
    List<Mailboxes.Mailbox> mailboxes() {
        admin();
        return mailboxes.list();
    }

    @Operation(summary = "Add a mailbox for Klient to read: sales mail or support tickets (administrators).")
    @PostMapping("/mailboxes")
    ResponseEntity<Mailboxes.Mailbox> addMailbox(@Valid @RequestBody Mailboxes.Mailbox mailbox) {
        return ResponseEntity.status(HttpStatus.CREATED).body(mailboxes.add(mailbox));
    }

    @Operation(summary = "Stop reading a mailbox (administrators).")
    @DeleteMapping("/mailboxes/{id}")
    ResponseEntity<Void> removeMailbox(@PathVariable long id) {
        mailboxes.remove(id);
        return ResponseEntity.noContent().build();
    }

    record Polled(int stored) {
    }

    @Operation(summary = "Read a mailbox now (administrators); answers how many new messages were stored")
    @PostMapping("/mailboxes/{id}/poll")
    Polled poll(@PathVariable long id) {
        admin();
        mailboxes.list().stream().filter(m -> m.id() == id).findFirst()
                .orElseThrow(() -> KlientException.notFound("mail.mailboxNotFound"));
        return new Polled(poller.poll(id));
    }

    private static void admin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.forbidden");
        }
    }
}
