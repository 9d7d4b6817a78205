package app.klient.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.customers.Contacts;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.privacy.internal.PersonalDataZip;
import app.klient.privacy.internal.PrivacyRegister;
import app.klient.sales.Leads;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The GDPR's rights of a person, carried out over every module ({@link PersonalData}): what Klient holds about them,
 * an export of it as a ZIP, and erasure; each export and erasure is written to the register.
 */
@Service
public class Privacy {

    /** How many rounds of "who else is this person" before the subject is taken as known. */
    private static final int IDENTIFY_ROUNDS = 4;

    private final List<PersonalData> modules;
    private final Contacts contacts;
    private final Leads leads;
    private final PrivacyRegister register;
    private final PersonalDataZip zip;
    private final AuditLog audit;
    private final JdbcClient jdbc;

    Privacy(List<PersonalData> modules, Contacts contacts, Leads leads, PrivacyRegister register, PersonalDataZip zip,
            AuditLog audit, JdbcClient jdbc) {
        this.modules = modules;
        this.contacts = contacts;
        this.leads = leads;
        this.register = register;
        this.zip = zip;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** A person's export: the file's name and its bytes. */
    public record Download(String filename, byte[] zip, long requestId) {
    }

    @Transactional(readOnly = true)
    public PersonSummary summary(PrivacyRequestForm form) {
        DataSubject subject = subject(form);
        PersonalDataExport export = collect(subject);
        return new PersonSummary(subject.contactIds(), subject.leadIds(), subject.emails(), subject.phones(),
                subject.names(), export.counts(), export.files().size());
    }

    /** Everything Klient holds about the person as a ZIP of JSON and files, written to the register. */
    @Transactional
    public Download export(PrivacyRequestForm form) {
        DataSubject subject = subject(form);
        PersonalDataExport export = collect(subject);
        byte[] bytes = zip.write(subject, export);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", export.counts());
        result.put("files", export.files().size());
        result.put("bytes", bytes.length);
        long id = register.record(RequestKind.ACCESS, form, subjectKind(form), subjectId(form), hash(form.email()),
                requestedBy(form), receivedOn(form), null, result, null);
        audit.record(AuditAction.EXPORT, "privacyRequest", id, "GDPR access: " + describe(form)
                + ", " + export.tables().stream().mapToInt(t -> t.rows().size()).sum() + " rows", List.of());
        return new Download("klient-personal-data-" + id + ".zip", bytes, id);
    }

    /**
     * Erases the person in every module in one transaction, except what the law makes the company keep, and writes
     * the request with what it did to the register.
     */
    @Transactional
    public PrivacyRequestView erase(PrivacyRequestForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form != null && form.reason() == null) {
            errors.add("reason", "privacy.reason.required");
        }
        else if (form != null && form.reason() == ErasureReason.RETENTION) {
            errors.add("reason", "privacy.reason.retentionIsTheJobs");
        }
        DataSubject subject = subject(form, errors);
        ErasureReport report = erase(subject);
        // the register outlives the erasure: its note may not name the person either
        PrivacyRequestForm recorded = new PrivacyRequestForm(form.contactId(), form.leadId(), form.email(),
                form.requestedBy(), form.receivedOn(), form.reason(), subject.redact(form.note()));
        long id = register.record(RequestKind.ERASURE, recorded, subjectKind(form), subjectId(form), hash(form.email()),
                requestedBy(form), receivedOn(form), form.reason(), result(report), null);
        audit.record(AuditAction.DELETE, "privacyRequest", id, "GDPR erasure: " + describe(form) + ", "
                + report.total() + " rows changed", List.of());
        return register.get(id);
    }

    /**
     * Erases a person (in the caller's transaction: a retention rule's batch) after asking every module what else
     * names them; what it did, for the register.
     */
    public ErasureReport erase(DataSubject subject) {
        identify(subject);
        // history tables (consent proofs, the loyalty ledger) let an erasure through, and only in this transaction
        jdbc.sql("select set_config('klient.erasing', 'on', true)").query().singleValue();
        ErasureReport report = new ErasureReport();
        for (PersonalData module : modules) {
            module.erase(subject, report);
        }
        jdbc.sql("select set_config('klient.erasing', 'off', true)").query().singleValue();
        return report;
    }

    @Transactional(readOnly = true)
    public Page<PrivacyRequestView> requests(RequestKind kind, Pageable page) {
        return register.list(kind, page);
    }

    @Transactional(readOnly = true)
    public PrivacyRequestView request(long id) {
        return register.get(id);
    }

    static Map<String, Object> result(ErasureReport report) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", report.changed());
        result.put("kept", report.kept());
        return result;
    }

    private PersonalDataExport collect(DataSubject subject) {
        PersonalDataExport export = new PersonalDataExport();
        for (PersonalData module : modules) {
            module.export(subject, export);
        }
        return export;
    }

    private DataSubject subject(PrivacyRequestForm form) {
        return subject(form, new InvalidFields.Collector());
    }

    /** The person the form names, with everything the modules know is theirs; 400 or 404 when it names nobody. */
    private DataSubject subject(PrivacyRequestForm form, InvalidFields.Collector errors) {
        int named = form == null ? 0 : (form.contactId() != null ? 1 : 0) + (form.leadId() != null ? 1 : 0)
                + (blank(form.email()) ? 0 : 1);
        if (named != 1) {
            errors.add(named == 0 ? "contactId" : "email", named == 0 ? "privacy.subject.required"
                    : "privacy.subject.onlyOne");
        }
        if (form != null && !blank(form.email()) && !form.email().strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            errors.add("email", "privacy.email.invalid");
        }
        if (form != null && form.email() != null && form.email().length() > 254) {
            errors.add("email", "privacy.email.invalid");
        }
        if (form != null && form.note() != null && form.note().length() > 2000) {
            errors.add("note", "privacy.note.tooLong", "2000");
        }
        if (form != null && form.receivedOn() != null && form.receivedOn().isAfter(LocalDate.now().plusDays(1))) {
            errors.add("receivedOn", "privacy.receivedOn.future");
        }
        errors.throwIfAny();
        DataSubject subject = new DataSubject();
        if (form.contactId() != null) {
            if (!contacts.exists(form.contactId())) {
                throw KlientException.notFound("privacy.subject.notFound");
            }
            subject.addContact(form.contactId());
        }
        if (form.leadId() != null) {
            leads.get(form.leadId());
            subject.addLead(form.leadId());
        }
        subject.addEmail(form.email());
        identify(subject);
        return subject;
    }

    private void identify(DataSubject subject) {
        for (int round = 0; round < IDENTIFY_ROUNDS; round++) {
            subject.grewSinceLastAsked();
            modules.forEach(m -> m.identify(subject));
            if (!subject.grewSinceLastAsked()) {
                return;
            }
        }
    }

    private static String describe(PrivacyRequestForm form) {
        return form.contactId() != null ? "contact " + form.contactId()
                : form.leadId() != null ? "lead " + form.leadId() : "an e-mail address";
    }

    private static SubjectKind subjectKind(PrivacyRequestForm form) {
        return form.contactId() != null ? SubjectKind.CONTACT
                : form.leadId() != null ? SubjectKind.LEAD : SubjectKind.EMAIL;
    }

    private static Long subjectId(PrivacyRequestForm form) {
        return form.contactId() != null ? form.contactId() : form.leadId();
    }

    private static RequestedBy requestedBy(PrivacyRequestForm form) {
        return form.requestedBy() == null ? RequestedBy.PERSON : form.requestedBy();
    }

    private static LocalDate receivedOn(PrivacyRequestForm form) {
        return form.receivedOn() == null ? LocalDate.now() : form.receivedOn();
    }

    /** The register names an address only by its SHA-256, so that it survives the erasure it records. */
    static String hash(String email) {
        if (blank(email)) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
