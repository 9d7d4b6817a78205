package app.klient.mail;

import app.klient.identity.RecordKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.billing.Invoices;
import app.klient.billing.IsdocFiles;
import app.klient.billing.Printouts;
import app.klient.billing.Seller;
import app.klient.customers.CompanyView;
import app.klient.customers.Companies;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.documents.Documents;
import app.klient.documents.GeneratedDocument;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.files.StoredFile;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quotes, orders, invoices and generated documents e-mailed to the customer with the PDF attached: to addresses of
 * the customer's people (the buyer's by default), with a subject and text in the customer's language that the sender
 * may change. The message goes through the outbox (sent after the commit, tried again while the server refuses
 * it), the customer's timeline records it, and a quote still in draft may be marked as sent on the way.
 * Who may send one: whoever may act on it (its owner, managers and administrators, of those who issue documents).
 */
@Service
public class DocumentMail {

    /** What is sent: the path segment of its pages and API ({@code /quotes/{id}/email}). */
    public enum Kind {
        QUOTE("quotes"), ORDER("orders"), INVOICE("invoices"), DOCUMENT("documents");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /** One address the document may go to, with whose it is. */
    public record Recipient(String address, String name) {
    }

    /** The message as proposed: where it may go, where it goes unless changed, and its subject and text. */
    public record Draft(Kind kind, long id, String title, String language, List<Recipient> recipients,
            List<String> to, String subject, String body, boolean canMarkSent, int version, String filename) {
    }

    /** What the sender chose; anything left out is the draft's. {@code markSent} applies to a quote in draft. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "DocumentSendForm")
    public record SendForm(@Size(max = 20) List<@Size(max = 254) String> to, @Size(max = 300) String subject,
            @Size(max = 50_000) String body, Boolean markSent, Integer version) {
    }

    /** What went out: to whom, with which subject, under which Message-ID; {@code quoteStatus} when it changed. */
    public record Sent(List<String> to, String subject, String messageId, String filename, String quoteStatus) {
    }

    private record Source(Kind kind, long id, String title, String language, Long companyId, Long contactId,
            String filename, byte[] pdf, boolean draftQuote, int version, List<StoredFile> besides) {

        /** The PDF, and what goes beside it (a Czech invoice's ISDOC file). */
        List<StoredFile> files() {
            List<StoredFile> files = new ArrayList<>();
            files.add(new StoredFile(filename, "application/pdf", pdf));
            files.addAll(besides);
            return files;
        }

        /** The names of the attached files, as the page and the answer show them. */
        String filenames() {
            return String.join(", ", files().stream().map(StoredFile::filename).toList());
        }
    }

    private final Printouts printouts;
    private final Documents documents;
    private final Companies companies;
    private final Contacts contacts;
    private final Seller seller;
    private final Timeline timeline;
    private final Emails emails;
    private final MailSettings settings;
    private final MessageSource messages;
    private final IsdocFiles isdoc;

    DocumentMail(Printouts printouts, Documents documents, Companies companies, Contacts contacts, Seller seller,
            Timeline timeline, Emails emails, MailSettings settings, MessageSource messages, IsdocFiles isdoc) {
        this.isdoc = isdoc;
        this.printouts = printouts;
        this.documents = documents;
        this.companies = companies;
        this.contacts = contacts;
        this.seller = seller;
        this.timeline = timeline;
        this.emails = emails;
        this.settings = settings;
        this.messages = messages;
    }

    @Transactional(readOnly = true)
    public Draft draft(Kind kind, long id) {
        return draft(source(kind, id));
    }

    private Draft draft(Source source) {
        Kind kind = source.kind();
        long id = source.id();
        List<Recipient> recipients = recipients(source);
        String preferred = source.contactId() == null ? null : contacts.get(source.contactId()).preferredLanguage();
        String language = preferred != null && preferred.matches("en|pl|cs") ? preferred : source.language();
        Locale locale = Locale.forLanguageTag(language);
        String sellerName = seller.get().asParty().name();
        String subject = messages.getMessage("mail.document.subject", new Object[] { source.title(), sellerName },
                locale);
        String body = messages.getMessage("mail.document.body", new Object[] { source.title(),
                CurrentUser.actor().displayName(), sellerName }, locale);
        return new Draft(kind, id, source.title(), language, recipients, defaultTo(source, recipients), subject, body,
                source.draftQuote(), source.version(), source.filenames());
    }

    @Transactional
    public Sent send(Kind kind, long id, SendForm form) {
        Source source = source(kind, id);
        Draft draft = draft(source);
        SendForm given = form == null ? new SendForm(null, null, null, null, null) : form;
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<String> to = new ArrayList<>();
        if (given.to() == null || given.to().isEmpty()) {
            to.addAll(draft.to());
        }
        else {
            Map<String, String> allowed = new LinkedHashMap<>();
            draft.recipients().forEach(r -> allowed.put(r.address().toLowerCase(Locale.ROOT), r.address()));
            for (String address : given.to()) {
                String known = address == null ? null : allowed.get(address.strip().toLowerCase(Locale.ROOT));
                if (known == null) {
                    // a document goes to the customer's own people: an address typed by hand could be anyone's
                    errors.add("to", "mail.document.recipient", address == null ? "" : address);
                }
                else if (!to.contains(known)) {
                    to.add(known);
                }
            }
        }
        if (to.isEmpty() && !errors.has("to")) {
            errors.add("to", "mail.document.noRecipient");
        }
        String subject = given.subject() == null || given.subject().isBlank() ? draft.subject()
                : given.subject().strip();
        String body = given.body() == null || given.body().isBlank() ? draft.body() : given.body();
        if (subject.length() > 300) {
            errors.add("subject", "mail.subject");
        }
        errors.throwIfAny();
        if (settings.sender() == null) {
            throw KlientException.invalid("mail.notConfigured");
        }
        String quoteStatus = null;
        if (kind == Kind.QUOTE && Boolean.TRUE.equals(given.markSent()) && source.draftQuote()) {
            quoteStatus = printouts.markSent(id, given.version() == null ? source.version() : given.version())
                    .status().name();
        }
        OutgoingMail mail = OutgoingMail.to(to, subject, body)
                .withFiles(source.files());
        emails.deliver(mail);
        if (source.companyId() != null || source.contactId() != null) {
            // the addresses and the subject are shown as written; the kind ("e-mailed a document") is worded per reader
            timeline.record(TimelineRecord.coded(source.companyId(), source.companyId() == null ? source.contactId()
                    : null, "DOCUMENT_EMAILED", source.title(), null, kind == Kind.DOCUMENT ? "documents" : "billing",
                    id, CurrentUser.id()).withText(String.join(", ", to) + ": " + subject));
        }
        return new Sent(to, subject, mail.messageId(), source.filenames(), quoteStatus);
    }

    /** Loads what is sent, refusing those who may not send it before telling whether it exists. */
    private Source source(Kind kind, long id) {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.document.forbidden");
        }
        if (kind == Kind.DOCUMENT) {
            GeneratedDocument document = documents.get(id);
            Long owner = document.companyId() != null ? companies.get(document.companyId()).ownerId()
                    : document.contactId() != null ? contacts.get(document.contactId()).ownerId() : null;
            if (!OwnedRecords.canEdit(document.companyId() != null ? RecordKind.COMPANY : RecordKind.CONTACT,
                    document.companyId() != null ? document.companyId() : document.contactId(), owner)) {
                throw new KlientException(HttpStatus.FORBIDDEN, "mail.document.forbidden");
            }
            return new Source(kind, id, document.title(), document.language(), document.companyId(),
                    document.contactId(), filename(document.title()),
                    documents.pdf(id), false, 0, List.of());
        }
        Printouts.Printout printout = switch (kind) {
            case QUOTE -> printouts.quote(id);
            case ORDER -> printouts.order(id);
            default -> printouts.invoice(id);
        };
        Invoices.checkActOn(kind == Kind.QUOTE ? RecordKind.QUOTE : kind == Kind.ORDER ? RecordKind.ORDER
                : RecordKind.INVOICE, id, printout.ownerId());
        // a Czech invoice travels with its ISDOC file, which the customer's accounting system imports
        List<StoredFile> besides = kind != Kind.INVOICE ? List.of() : isdoc.of(id)
                .map(f -> List.of(new StoredFile(f.filename(), IsdocFiles.CONTENT_TYPE, f.content())))
                .orElse(List.of());
        return new Source(kind, id, printout.title(), printout.language(), printout.companyId(),
                printout.contactId(), printout.filename(), printout.pdf(), printout.draftQuote(), printout.version(),
                besides);
    }

    /** A file name every mail program shows the same: the title in ASCII ("Kupni smlouva - Novak s.r.o..pdf"). */
    static String filename(String title) {
        String ascii = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._ -]", "-").strip();
        return (ascii.length() > 100 ? ascii.substring(0, 100) : ascii) + ".pdf";
    }

    /** The addresses of the customer: the company's and its people's, or the one person's. */
    private List<Recipient> recipients(Source source) {
        Map<String, Recipient> found = new LinkedHashMap<>();
        if (source.contactId() != null) {
            add(found, contacts.get(source.contactId()));
        }
        if (source.companyId() != null) {
            CompanyView company = companies.get(source.companyId());
            contacts.ofCompany(company.id()).forEach(c -> add(found, c));
            if (company.email() != null && !company.email().isBlank()) {
                found.putIfAbsent(company.email().toLowerCase(Locale.ROOT), new Recipient(company.email(),
                        company.name()));
            }
        }
        return List.copyOf(found.values());
    }

    private static void add(Map<String, Recipient> found, ContactView contact) {
        for (String address : contact.emails()) {
            found.putIfAbsent(address.toLowerCase(Locale.ROOT), new Recipient(address, contact.fullName()));
        }
    }

    /** The buyer: the document's person, else the company's own address, else its first person with one. */
    private List<String> defaultTo(Source source, List<Recipient> recipients) {
        if (source.contactId() != null) {
            List<String> own = contacts.get(source.contactId()).emails();
            if (!own.isEmpty()) {
                return List.of(own.get(0));
            }
        }
        if (source.companyId() != null) {
            String company = companies.get(source.companyId()).email();
            if (company != null && !company.isBlank()) {
                return List.of(company);
            }
        }
        return recipients.isEmpty() ? List.of() : List.of(recipients.get(0).address());
    }
}
