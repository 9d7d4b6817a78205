package app.klient.automation.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import app.klient.activities.Notifications;
import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.Tasks;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import app.klient.documents.Documents;
import app.klient.documents.MergeFields;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.mail.EmailTemplates;
import app.klient.mail.Emails;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Segments;
import app.klient.platform.Phrase;
import app.klient.service.TicketChannel;
import app.klient.service.TicketForm;
import app.klient.service.TicketPriority;
import app.klient.service.Tickets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each kind of action does to a run's record, inside the run's transaction: an e-mail goes to the outbox, a
 * task, a ticket, a notice or a field is written, all committing with the step that records them, or none of it.
 * An action that cannot act (no address, the record is gone) is skipped with the reason; one that fails throws
 * {@link ActionFailed}, and the run is tried again.
 */
@Component
class RuleActions {

    /** The actions, in the order the editor offers them. */
    static final List<String> TYPES = List.of("SEND_EMAIL", "CREATE_TASK", "CREATE_TICKET", "ASSIGN", "SET_FIELD",
            "ADD_TAG", "REMOVE_TAG", "ADD_TO_LIST", "NOTIFY", "WEBHOOK", "WAIT");
    /** The kinds of record a rule may give a new owner: their own row holds the owner, and they change often. */
    static final List<String> ASSIGNABLE = List.of("company", "contact", "lead", "deal", "ticket", "task");

    /** An action that could not be done; the run is tried again later. */
    static final class ActionFailed extends RuntimeException {

        final transient Phrase reason;

        ActionFailed(Phrase reason) {
            super(reason.key());
            this.reason = reason;
        }
    }

    private final JdbcClient jdbc;
    private final Users users;
    private final Teams teams;
    private final Tasks tasks;
    private final Tickets tickets;
    private final Notifications notifications;
    private final EmailTemplates templates;
    private final Emails emails;
    private final Documents documents;
    private final Segments segments;
    private final RuleFields fields;
    private final app.klient.automation.RuleTemplates words;
    private final app.klient.automation.webhook.WebhookEvents webhooks;
    private final app.klient.customers.Contacts contacts;

    RuleActions(JdbcClient jdbc, Users users, Teams teams, Tasks tasks, Tickets tickets, Notifications notifications,
            EmailTemplates templates, Emails emails, Documents documents, Segments segments, RuleFields fields,
            app.klient.automation.RuleTemplates words, app.klient.automation.webhook.WebhookEvents webhooks,
            app.klient.customers.Contacts contacts) {
        this.contacts = contacts;
        this.words = words;
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.users = users;
        this.teams = teams;
        this.tasks = tasks;
        this.tickets = tickets;
        this.notifications = notifications;
        this.templates = templates;
        this.emails = emails;
        this.documents = documents;
        this.segments = segments;
        this.fields = fields;
    }

    Step run(Rule rule, int index, Target target, long runId) {
        Rule.Action action = rule.actions().get(index);
        if (!target.exists() && !action.type().equals("NOTIFY") && !action.type().equals("WAIT")) {
            return Step.skipped("automation.step.recordGone");
        }
        return switch (action.type()) {
            case "SEND_EMAIL" -> sendEmail(rule, action, target);
            case "CREATE_TASK" -> createTask(rule, index, target);
            case "CREATE_TICKET" -> createTicket(rule, index, target);
            case "ASSIGN" -> assign(action, target);
            case "SET_FIELD" -> setField(action, target);
            case "ADD_TAG", "REMOVE_TAG" -> tag(action, target);
            case "ADD_TO_LIST" -> addToList(rule, action, target);
            case "NOTIFY" -> notify(rule, index, target, runId);
            case "WEBHOOK" -> webhooks.sendRecord(action.subscriptionId(), target.type().id(), target.type().table(),
                    target.id(), rule.id(), rule.name()) ? Step.done("automation.step.webhookQueued")
                            : Step.skipped("automation.step.webhookOff");
            case "WAIT" -> {
                Duration pause = "HOURS".equals(action.unit()) ? Duration.ofHours(action.amount())
                        : Duration.ofDays(action.amount());
                Instant until = Instant.now().plus(pause);
                yield Step.waiting(until, Phrase.of("automation.step.waiting", Phrase.moment(until)));
            }
            default -> throw new IllegalStateException("an action the rule check refuses: " + action.type());
        };
    }

    private Step sendEmail(Rule rule, Rule.Action action, Target target) {
        String address;
        Locale locale;
        switch (action.who()) {
            case "CUSTOMER" -> {
                // a lead not yet converted is written to at the address it left (a web form's auto-reply)
                boolean lead = target.contactId() == null && target.type().id().equals("lead");
                if (target.contactId() == null && !lead) {
                    return Step.skipped("automation.step.noCustomer");
                }
                var contact = jdbc.sql(lead ? "select lower(email), language from leads where id = :id"
                        : "select lower(emails[1]) as address, preferred_language from contacts where id = :id")
                        .param("id", lead ? target.id() : target.contactId())
                        .query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
                if (contact.isEmpty() || contact.get()[0] == null || contact.get()[0].isBlank()) {
                    return Step.skipped("automation.step.noAddress");
                }
                address = contact.get()[0];
                locale = Locale.forLanguageTag(contact.get()[1] == null ? "en" : contact.get()[1]);
                boolean suppressed = jdbc.sql("select exists (select 1 from suppressions where address = :a)")
                        .param("a", address).query(Boolean.class).single();
                if (suppressed) {
                    return Step.skipped("automation.step.suppressed", Phrase.text(address));
                }
            }
            default -> {
                Optional<UserSummary> user = person(action, target).map(users::get);
                if (user.isEmpty()) {
                    return Step.skipped("automation.step.noPerson");
                }
                address = user.get().email();
                locale = Locale.forLanguageTag(user.get().locale() == null ? "en" : user.get().locale());
            }
        }
        EmailTemplates.Template template = template(action.template(), locale.getLanguage())
                .orElseThrow(() -> new ActionFailed(Phrase.of("automation.step.noTemplate",
                        Phrase.text(action.template()))));
        Locale language = locale;
        java.util.Map<String, String> values = asAuthor(rule, () -> mergeValues(target, language));
        String subject = MergeFields.fill(template.subject(), values).strip();
        String body = MergeFields.fill(template.body(), values);
        if (action.who().equals("CUSTOMER") && target.contactId() != null) {
            // what a customer is sent is on their timeline and in the mailbox's thread, like a message by hand
            asAuthor(rule, () -> emails.sendRecorded(contacts.get(target.contactId()), subject, body, true));
        }
        else {
            emails.deliver(OutgoingMail.to(address, subject, body).generatedAutomatically());
        }
        return Step.done("automation.step.emailed", Phrase.text(subject), Phrase.text(address));
    }

    /**
     * The template of that name in the reader's language, else in English, else in any language: its language
     * versions are the templates of its family (the shipped ones have a name in each language).
     */
    private Optional<EmailTemplates.Template> template(String name, String language) {
        List<Long> family = jdbc.sql("""
                select t.id from email_templates t
                where coalesce(t.family, t.name) in (select coalesce(f.family, f.name) from email_templates f
                                                     where f.name = :name)""")
                .param("name", name).query(Long.class).list();
        List<EmailTemplates.Template> named = templates.list().stream().filter(t -> family.contains(t.id()))
                .toList();
        return named.stream().filter(t -> t.language().equals(language)).findFirst()
                .or(() -> named.stream().filter(t -> t.language().equals("en")).findFirst())
                .or(() -> named.stream().findFirst());
    }

    private java.util.Map<String, String> mergeValues(Target target, Locale locale) {
        app.klient.documents.RecordType kind = switch (target.type().id()) {
            case "company" -> app.klient.documents.RecordType.COMPANY;
            case "contact" -> app.klient.documents.RecordType.CONTACT;
            case "deal" -> app.klient.documents.RecordType.DEAL;
            case "order" -> app.klient.documents.RecordType.ORDER;
            default -> null;
        };
        if (kind != null) {
            return documents.values(kind, target.id(), locale);
        }
        if (target.contactId() != null) {
            return documents.values(app.klient.documents.RecordType.CONTACT, target.contactId(), locale);
        }
        if (target.companyId() != null) {
            return documents.values(app.klient.documents.RecordType.COMPANY, target.companyId(), locale);
        }
        return new java.util.HashMap<>();
    }

    private Step createTask(Rule rule, int index, Target target) {
        Rule.Action action = rule.actions().get(index);
        Long assignee = person(action, target).orElse(null);
        if (assignee == null) {
            return Step.skipped("automation.step.noPerson");
        }
        UserSummary user = users.get(assignee);
        ZoneId zone = ZoneId.of(user.timeZone() == null ? Users.DEFAULT_TIME_ZONE : user.timeZone());
        OffsetDateTime due = due(Instant.now(), zone, action.amount() == null ? 1 : action.amount());
        String title = cut(words.text(rule, index, Locale.forLanguageTag(user.locale() == null ? "en"
                : user.locale())).replace("{record}", target.label() == null ? "" : target.label()), 200);
        String kind = target.type().id();
        var task = tasks.createAutomatically(new TaskForm(title, null, due, priority(action), assignee,
                target.contactId(), target.companyId(), kind.equals("deal") ? Long.valueOf(target.id()) : null,
                kind.equals("lead") ? Long.valueOf(target.id()) : null,
                kind.equals("ticket") ? Long.valueOf(target.id()) : null, null, false, null));
        return Step.done("automation.step.taskMade", Phrase.text(title), Phrase.text(user.name()),
                Phrase.text("/tasks/" + task.id()));
    }

    /** When the assignee's working day ends, where they are. */
    static final LocalTime END_OF_DAY = LocalTime.of(17, 0);

    /**
     * When a task made {@code now}, due {@code days} on, is due: at the end of that working day where the assignee
     * is; when that is already past (due today, made in the evening), at the next full hour. A task is never born
     * overdue.
     */
    static OffsetDateTime due(Instant now, ZoneId zone, int days) {
        ZonedDateTime made = now.atZone(zone);
        ZonedDateTime endOfDay = made.toLocalDate().plusDays(days).atTime(END_OF_DAY).atZone(zone);
        if (endOfDay.isAfter(made)) {
            return endOfDay.toOffsetDateTime();
        }
        return made.truncatedTo(ChronoUnit.HOURS).plusHours(1).toOffsetDateTime();
    }

    private static Priority priority(Rule.Action action) {
        return action.priority() == null || action.priority().equals("URGENT") ? Priority.NORMAL
                : Priority.valueOf(action.priority());
    }

    private Step createTicket(Rule rule, int index, Target target) {
        Rule.Action action = rule.actions().get(index);
        Locale locale = Optional.ofNullable(target.ownerId()).filter(users::isActive).map(users::get)
                .map(u -> Locale.forLanguageTag(u.locale() == null ? "en" : u.locale())).orElse(Locale.ENGLISH);
        String subject = cut(words.text(rule, index, locale).replace("{record}", target.label() == null ? ""
                : target.label()), 300);
        String description = target.link() == null ? null : target.label() + "\n" + target.link();
        long id = tickets.openReceived(new TicketForm(subject, description, target.contactId(), target.companyId(),
                TicketChannel.API, null, null, action.priority() == null ? TicketPriority.NORMAL
                        : TicketPriority.valueOf(action.priority()), null, action.teamId(), null, null, null),
                TicketChannel.API, null, null, null);
        return Step.done("automation.step.ticketMade", Phrase.text(subject), Phrase.text("/tickets/" + id));
    }

    private Step assign(Rule.Action action, Target target) {
        Long owner = "TEAM".equals(action.who()) ? teams.nextInRotation(action.teamId()).orElse(null)
                : action.userId();
        if (owner == null || !users.isActive(owner)) {
            return Step.skipped("automation.step.noPerson");
        }
        int changed = jdbc.sql("update " + target.type().table() + " set " + target.ownerColumn()
                + " = :owner, version = version + 1, updated_at = now() where id = :id")
                .param("owner", owner).param("id", target.id()).update();
        return changed == 0 ? Step.skipped("automation.step.recordGone")
                : Step.assigned(owner, "automation.step.assigned", Phrase.text(users.get(owner).name()));
    }

    private Step setField(Rule.Action action, Target target) {
        RecordType type = target.type();
        RuleFields.Settable field = fields.settable(type, action.field())
                .orElseThrow(() -> new ActionFailed(Phrase.of("automation.step.fieldGone",
                        Phrase.text(action.field()))));
        String value = action.value() == null || action.value().isBlank() ? null : action.value().strip();
        Object typed = value == null ? null : switch (field.type()) {
            case NUMBER -> new BigDecimal(value);
            case DATE -> LocalDate.parse(value);
            default -> value.replace("{record}", target.label() == null ? "" : target.label());
        };
        int changed;
        if (field.column().equals("custom_fields")) {
            String key = field.field().substring("custom.".length());
            changed = jdbc.sql("update " + type.table() + " set custom_fields = case when :value::text is null then"
                    + " custom_fields - :key else jsonb_set(custom_fields, array[:key], to_jsonb(:value::text)) end,"
                    + " version = version + 1, updated_at = now() where id = :id")
                    .param("key", key).param("value", typed == null ? null : typed.toString())
                    .param("id", target.id()).update();
        }
        else {
            changed = jdbc.sql("update " + type.table() + " set " + field.column()
                    + " = :value, version = version + 1, updated_at = now() where id = :id")
                    .param("value", typed).param("id", target.id()).update();
        }
        Phrase.Value name = field.field().startsWith("custom.")
                ? Phrase.text(fields.label(type, field.field(), Locale.ENGLISH))
                : Phrase.code("report.field." + field.field(), field.field());
        Phrase.Value shown = value == null ? Phrase.text("—") : field.valuePrefix() != null
                ? Phrase.code(field.valuePrefix() + value, value) : Phrase.text(value);
        return changed == 0 ? Step.skipped("automation.step.recordGone")
                : Step.done("automation.step.fieldSet", name, shown);
    }

    private Step tag(Rule.Action action, Target target) {
        boolean add = action.type().equals("ADD_TAG");
        String tag = action.value().strip();
        int changed = jdbc.sql("update " + target.type().table() + " set tags = "
                + (add ? "array_append(tags, :tag::text)" : "array_remove(tags, :tag::text)")
                + ", version = version + 1, updated_at = now() where id = :id and "
                + (add ? "not" : "") + " (:tag::text = any(tags))").param("tag", tag).param("id", target.id())
                .update();
        return changed == 0 ? Step.skipped(add ? "automation.step.tagHad" : "automation.step.tagLacked",
                Phrase.text(tag)) : Step.done(add ? "automation.step.tagAdded" : "automation.step.tagRemoved",
                        Phrase.text(tag));
    }

    private Step addToList(Rule rule, Rule.Action action, Target target) {
        if (target.contactId() == null) {
            return Step.skipped("automation.step.noCustomer");
        }
        // a list belongs to marketing: it is added to with the rule's author's right to do so
        int added = asAuthor(rule, () -> segments.add(action.segmentId(), List.of(target.contactId()), "RULE"));
        return added == 0 ? Step.skipped("automation.step.alreadyListed")
                : Step.done("automation.step.listed", Phrase.text(segments.get(action.segmentId()).name()));
    }

    private Step notify(Rule rule, int index, Target target, long runId) {
        Rule.Action action = rule.actions().get(index);
        List<Long> people = new ArrayList<>();
        if ("TEAM".equals(action.who())) {
            people.addAll(teams.activeMembers(action.teamId()));
        }
        else {
            person(action, target).filter(users::isActive).ifPresent(people::add);
        }
        if (people.isEmpty()) {
            return Step.skipped("automation.step.noPerson");
        }
        String label = target.label() == null ? "#" + target.id() : target.label();
        Phrase title = Phrase.of("automation.notice", words.name(rule), Phrase.text(label),
                words.phrase(rule, index, target.label()));
        // a bulk change (an import) that sets the rule off on many records tells each person once, with the count
        String group = "automation:" + rule.id() + ":" + index;
        for (long person : people) {
            notifications.notifyGrouped(person, "automation", group, title, label, target.link(), runId,
                    (count, names) -> Phrase.of("automation.notice.grouped", words.name(rule),
                            Phrase.code("report.subject." + target.type().subject(), target.type().id()),
                            Phrase.number(BigDecimal.valueOf(count)),
                            Phrase.text(String.join(", ", names) + (count > names.size() ? ", …" : ""))));
        }
        return Step.done("automation.step.notified", Phrase.number(BigDecimal.valueOf(people.size())));
    }

    /**
     * Work done with the rights of the rule's author (who switched it on; for a ready-made rule switched on without
     * one, the first administrator): merge fields that name the user, lists that belong to marketing. An author who
     * has left stops the action, to be tried again once someone else saves the rule.
     */
    private <T> T asAuthor(Rule rule, java.util.function.Supplier<T> work) {
        Long author = jdbc.sql("""
                select coalesce(r.created_by, (select u.id from users u where u.role = 'ADMIN' and u.active
                    order by u.id limit 1))
                from automation_rules r where r.id = :id""").param("id", rule.id()).query(Long.class).optional()
                .orElse(null);
        if (author == null || !users.isActive(author)) {
            throw new ActionFailed(Phrase.of("automation.step.noAuthor"));
        }
        return users.actingAs(author, work);
    }

    /** The person an action names: the record's owner, or a chosen user. */
    private Optional<Long> person(Rule.Action action, Target target) {
        return "USER".equals(action.who()) ? Optional.ofNullable(action.userId())
                : Optional.ofNullable(target.ownerId());
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
