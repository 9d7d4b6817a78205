package app.klient.mail;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.Collection;
import java.util.stream.Collectors;

import app.klient.activities.Activities;
import app.klient.activities.ActivityForm;
import app.klient.activities.ActivityType;
import app.klient.activities.Direction;
import app.klient.activities.ICalendars;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.documents.Documents;
import app.klient.documents.MergeFields;
import app.klient.documents.RecordType;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.files.FileInfo;
import app.klient.platform.files.StoredFile;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail to customers, written or from a template filled for the contact, sent over SMTP and kept with its content
 * on the contact's timeline; and the messages that came in, on their contacts or waiting in the inbox.
 */
@Service
public class Emails {

    public record SendForm(@NotNull Long contactId, Long templateId, @Size(max = 300) String subject,
            @Size(max = 50_000) String body, @Pattern(regexp = "^$|en|pl|cs") String language) {
    }

    private final JdbcClient jdbc;
    private final MailSettings settings;
    private final EmailTemplates templates;
    private final Contacts contacts;
    private final Documents documents;
    private final Activities activities;
    private final Outbox outbox;
    private final app.klient.identity.Users users;

    Emails(JdbcClient jdbc, MailSettings settings, EmailTemplates templates, Contacts contacts, Documents documents,
            Activities activities, Outbox outbox, app.klient.identity.Users users) {
        this.outbox = outbox;
        this.users = users;
        this.jdbc = jdbc;
        this.settings = settings;
        this.templates = templates;
        this.contacts = contacts;
        this.documents = documents;
        this.activities = activities;
    }

    @Transactional
    public EmailView send(SendForm form) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.sendForbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        ContactView contact = null;
        if (form.contactId() == null || !contacts.exists(form.contactId())) {
            errors.add("contactId", "contact.notFound");
        }
        else {
            contact = contacts.get(form.contactId());
            if (contact.emails().isEmpty()) {
                errors.add("contactId", "mail.noAddress");
            }
        }
        String subject = form.subject();
        String body = form.body();
        Locale locale = Locale.forLanguageTag(form.language() == null || form.language().isBlank() ? "en"
                : form.language());
        if (form.templateId() != null) {
            try {
                EmailTemplates.Template template = templates.get(form.templateId());
                subject = template.subject();
                body = template.body();
                locale = Locale.forLanguageTag(template.language());
            }
            catch (KlientException missing) {
                errors.add("templateId", "emailTemplate.notFound");
            }
        }
        if (subject == null || subject.isBlank()) {
            errors.add("subject", "mail.subject");
        }
        if (body == null || body.isBlank()) {
            errors.add("body", "mail.body");
        }
        else if (!MergeFields.unknown(body).isEmpty() || (subject != null && !MergeFields.unknown(subject).isEmpty())) {
            errors.add("body", "template.unknownField", String.join(", ", MergeFields.unknown(body + subject)));
        }
        errors.throwIfAny();
        Map<String, String> values = documents.values(RecordType.CONTACT, contact.id(), locale);
        String filledSubject = MergeFields.fill(subject, values).strip();
        String filledBody = MergeFields.fill(body, values);
        requireServer();
        long id = sendRecorded(contact, filledSubject, filledBody, false);
        return get(id);
    }

    /**
     * A message to a customer's first address, kept as they will see it: an e-mail activity on their timeline and the
     * message in the mailbox's thread, sent once the current transaction commits. Rules mark theirs as sent
     * automatically, so the customer's autoresponder does not answer them.
     */
    @Transactional
    public long sendRecorded(ContactView contact, String subject, String body, boolean automatic) {
        String to = contact.emails().get(0);
        String messageId = "<" + UUID.randomUUID() + "@klient>";
        Long activity = activities.record(new ActivityForm(ActivityType.EMAIL, subject.length() > 200
                ? subject.substring(0, 200) : subject, body, Direction.OUTBOUND, contact.id(),
                contact.companyId(), null, null, null, null, null, null, null, null, null, null)).id();
        long id = jdbc.sql("""
                insert into emails (direction, message_id, from_address, to_addresses, subject, body, contact_id,
                    company_id, status, activity_id, created_by)
                values ('OUTBOUND', :messageId, :from, :to, :subject, :body, :contact, :company, 'SENT', :activity,
                    :by) returning id""").param("messageId", messageId).param("from", settings.from())
                .param("to", to).param("subject", subject).param("body", body)
                .param("contact", contact.id()).param("company", contact.companyId()).param("activity", activity)
                .param("by", CurrentUser.id()).query(Long.class).single();
        jdbc.sql("update emails set thread_id = id where id = :id").param("id", id).update();
        OutgoingMail mail = OutgoingMail.to(to, subject, body).withMessageId(messageId);
        deliver(automatic ? mail.generatedAutomatically() : mail);
        return id;
    }

    /**
     * Sends a message once the current transaction commits, and again later while the server refuses it: a failing
     * server delays mail, it never undoes the work that sent it.
     */
    public void deliver(OutgoingMail mail) {
        outbox.enqueue(mail);
    }

    /** Sends a meeting as an invitation (.ics, METHOD:REQUEST) to the customer's people on it, and records it. */
    @Transactional
    public int invite(long meetingId) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.sendForbidden");
        }
        app.klient.activities.ActivityView meeting = activities.get(meetingId);
        // sending it to the customer acts on the meeting: its author's (or a manager's) call, like changing it
        app.klient.activities.Activities.checkEdit(meeting);
        if (meeting.type() != ActivityType.MEETING) {
            throw KlientException.invalid("mail.notAMeeting");
        }
        java.util.LinkedHashSet<Long> people = new java.util.LinkedHashSet<>();
        if (meeting.contactId() != null) {
            people.add(meeting.contactId());
        }
        people.addAll(meeting.participantContactIds());
        List<ICalendars.Person> invitees = people.stream().map(contacts::get).filter(c -> !c.emails().isEmpty())
                .map(c -> new ICalendars.Person(c.emails().get(0), c.fullName())).distinct().toList();
        if (invitees.isEmpty()) {
            throw KlientException.invalid("mail.noInvitees");
        }
        requireServer();
        ICalendars.Person organizer = meeting.ownerId() == null ? null
                : new ICalendars.Person(users.get(meeting.ownerId()).email(), meeting.ownerName());
        StoredFile ics = new StoredFile("invitation.ics", "text/calendar; method=REQUEST; charset=UTF-8",
                ICalendars.invitation(meeting, organizer, invitees).getBytes(StandardCharsets.UTF_8));
        // each invitee gets a message of their own: no customer learns the others' addresses
        for (ICalendars.Person invitee : invitees) {
            deliver(OutgoingMail.to(invitee.email(), meeting.subject(), meeting.body() == null ? meeting.subject()
                    : meeting.body()).withMessageId("<invite-" + meetingId + "-" + UUID.randomUUID() + "@klient>")
                    .replyTo(organizer == null ? null : organizer.email()).withFiles(List.of(ics)));
        }
        List<String> to = invitees.stream().map(ICalendars.Person::email).toList();
        return to.size();
    }

    /** A message the outbox has not got out yet: waiting for its next try, or given up after the last. */
    public record Undelivered(long id, String to, String subject, String status, int attempts, String lastError,
            Instant createdAt, Instant nextAttemptAt) {
    }

    /** What has not gone out, newest first, for the administrator. */
    @Transactional(readOnly = true)
    public List<Undelivered> undelivered(int limit) {
        checkAdmin();
        return jdbc.sql("""
                select id, array_to_string(to_addresses, ', '), subject, status, attempts, last_error, created_at,
                       next_attempt_at
                from outgoing_mail where status <> 'SENT' order by created_at desc, id desc limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new Undelivered(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()))
                .list();
    }

    /** Tries every message that has not gone out again now, those given up included; answers how many went out. */
    public int retryUndelivered() {
        checkAdmin();
        jdbc.sql("update outgoing_mail set status = 'PENDING', next_attempt_at = now(), attempts = least(attempts, :last) "
                + "where status <> 'SENT'").param("last", Outbox.MAX_ATTEMPTS - 1).update();
        return outbox.sendDue();
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(app.klient.identity.Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.forbidden");
        }
    }

    /** A person sending mail learns at once when no server is set up at all; a server that is down only delays it. */
    private void requireServer() {
        if (settings.sender() == null) {
            throw KlientException.invalid("mail.notConfigured");
        }
    }

    @Transactional(readOnly = true)
    public EmailView get(long id) {
        return withFiles(jdbc.sql(SELECT + " where e.id = :id").param("id", id).query(Emails::view).optional()
                .map(List::of).orElseThrow(() -> KlientException.notFound("mail.notFound"))).get(0);
    }

    @Transactional(readOnly = true)
    public List<EmailView> ofContact(long contactId, int limit) {
        return withFiles(jdbc.sql(SELECT + " where e.contact_id = :contact order by e.at desc, e.id desc limit :limit")
                .param("contact", contactId).param("limit", limit).query(Emails::view).list());
    }

    /** Messages from nobody Klient knows, waiting for a person to say whose they are. */
    @Transactional(readOnly = true)
    public List<EmailView> unassigned(int limit) {
        return withFiles(jdbc.sql(SELECT + " where e.status = 'UNASSIGNED' order by e.at desc, e.id desc limit :limit")
                .param("limit", limit).query(Emails::view).list());
    }

    /** Puts a waiting message on a contact: it joins the contact's timeline. */
    @Transactional
    public EmailView assign(long id, Long contactId) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "mail.sendForbidden");
        }
        EmailView email = get(id);
        if (!"UNASSIGNED".equals(email.status())) {
            throw KlientException.conflict("mail.alreadyAssigned");
        }
        if (contactId == null || !contacts.exists(contactId)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("contactId", "contact.notFound")));
        }
        attach(id, contactId, email.subject(), email.body(), email.at());
        return get(id);
    }

    /** A waiting message another record took (a reply that joined a ticket) leaves the Inbox. */
    @Transactional
    public void markFiled(long emailId) {
        jdbc.sql("update emails set status = 'RECEIVED' where id = :id and status = 'UNASSIGNED'").param("id", emailId)
                .update();
    }

    /** Records a received message on a contact: the activity (and so the timeline) and the message's status. */
    public void attach(long emailId, long contactId, String subject, String body, Instant at) {
        ContactView contact = contacts.get(contactId);
        long activity = activities.recordReceived(new ActivityForm(ActivityType.EMAIL, subject == null || subject.isBlank()
                ? "(no subject)" : subject.length() > 200 ? subject.substring(0, 200) : subject,
                body == null ? null : body.length() > 20_000 ? body.substring(0, 20_000) : body, Direction.INBOUND,
                contactId, contact.companyId(), null, null, null, at.atOffset(java.time.ZoneOffset.UTC), null, null,
                null, null, null, null), contact.ownerId()).id();
        jdbc.sql("""
                update emails set contact_id = :contact, company_id = :company, status = 'RECEIVED',
                    activity_id = :activity where id = :id""").param("contact", contactId)
                .param("company", contact.companyId()).param("activity", activity).param("id", emailId).update();
    }

    /** The files that came with these messages, by message. */
    @Transactional(readOnly = true)
    public Map<Long, List<FileInfo>> attachments(Collection<Long> emailIds) {
        if (emailIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select id, email_id, filename, content_type, size, data is not null from email_attachments "
                + "where email_id in (:ids) order by id").param("ids", emailIds)
                .query((rs, n) -> Map.entry(rs.getLong(2), new FileInfo(rs.getLong(1), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getBoolean(6)
                                ? "emails/" + rs.getLong(2) + "/attachments/" + rs.getLong(1) : null)))
                .list().stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** One file of a message; not found when it belongs to another. */
    @Transactional(readOnly = true)
    public StoredFile attachment(long emailId, long attachmentId) {
        return jdbc.sql("select filename, content_type, data from email_attachments where id = :id and email_id = :email "
                + "and data is not null")
                .param("id", attachmentId).param("email", emailId)
                .query((rs, n) -> new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3))).optional()
                .orElseThrow(() -> KlientException.notFound("file.notFound"));
    }

    private List<EmailView> withFiles(List<EmailView> rows) {
        Map<Long, List<FileInfo>> files = attachments(rows.stream().map(EmailView::id).toList());
        return rows.stream().map(e -> new EmailView(e.id(), e.direction(), e.messageId(), e.inReplyTo(), e.threadId(),
                e.fromAddress(), e.toAddresses(), e.subject(), e.body(), e.contactId(), e.companyId(), e.mailboxId(),
                e.status(), e.at(), files.getOrDefault(e.id(), List.of()), e.readError(), e.delivery(),
                e.deliveryError())).toList();
    }

    private static final String SELECT = """
            select e.*, o.status as delivery, o.last_error as delivery_error from emails e
            left join outgoing_mail o on e.direction = 'OUTBOUND' and o.message_id = e.message_id""";

    private static EmailView view(ResultSet rs, int n) throws SQLException {
        Timestamp at = rs.getTimestamp("at");
        return new EmailView(rs.getLong("id"), rs.getString("direction"), rs.getString("message_id"),
                rs.getString("in_reply_to"), (Long) rs.getObject("thread_id"), rs.getString("from_address"),
                rs.getString("to_addresses"), rs.getString("subject"), rs.getString("body"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"),
                (Long) rs.getObject("mailbox_id"), rs.getString("status"), at.toInstant(), List.of(),
                rs.getString("read_error"), rs.getString("delivery"), rs.getString("delivery_error"));
    }
}
