package app.klient.service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import app.klient.activities.Notifications;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.catalog.Products;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.Actor;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.files.FileInfo;
import app.klient.platform.files.StoredFile;
import app.klient.mail.Emails;
import app.klient.platform.web.CountedPage;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tickets. Service targets come from the policy for the priority and the customer's tier (a company tagged "key
 * account" is tier KEY), counted in the support calendar's working time; waiting for the customer stops the clock
 * and the remaining time starts again when the customer answers. Support agents, managers and administrators answer
 * and change tickets; everybody else reads them.
 */
@Service
public class Tickets {

    private final JdbcClient jdbc;
    private final SupportCalendar calendar;
    private final Contacts contacts;
    private final Companies companies;
    private final Products products;
    private final Users users;
    private final Timeline timeline;
    private final Notifications notifications;
    private final AlertRules alerts;
    private final TicketCategories categories;
    private final Orders orders;
    private final Invoices invoices;
    private final Emails emails;
    private final Versions versions;

    Tickets(JdbcClient jdbc, SupportCalendar calendar, Contacts contacts, Companies companies, Products products,
            Users users, Timeline timeline, Notifications notifications, AlertRules alerts,
            TicketCategories categories, Orders orders, Invoices invoices, Emails emails, Versions versions) {
        this.versions = versions;
        this.alerts = alerts;
        this.categories = categories;
        this.orders = orders;
        this.invoices = invoices;
        this.emails = emails;
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.contacts = contacts;
        this.companies = companies;
        this.products = products;
        this.users = users;
        this.timeline = timeline;
        this.notifications = notifications;
    }

    /** Support agents, managers and administrators work on tickets; the rest of the company reads them. */
    public static boolean canAnswer() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SUPPORT);
    }

    static void checkAnswer() {
        if (!canAnswer()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "ticket.forbidden");
        }
    }

    @Transactional
    public TicketView open(TicketForm form) {
        checkAnswer();
        return get(create(form, form.channel() == null ? TicketChannel.API : form.channel(), null, null, null));
    }

    /**
     * Opens a ticket for a request that came in by itself (an e-mail, the public form): nobody signed in, so no
     * role is asked for. Answers the new ticket's id.
     */
    @Transactional
    public long openReceived(TicketForm form, TicketChannel channel, String requesterEmail, String messageId,
            Long emailId) {
        return create(form, channel, requesterEmail, messageId, emailId);
    }

    /** Checks the records a ticket points to; answers the company (the contact's when none is given). */
    private Long checkLinks(TicketForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Long company = form.companyId();
        if (form.contactId() != null) {
            if (!contacts.exists(form.contactId())) {
                errors.add("contactId", "contact.notFound");
            }
            else if (company == null) {
                company = contacts.get(form.contactId()).companyId();
            }
        }
        if (form.companyId() != null && !companies.exists(form.companyId())) {
            errors.add("companyId", "company.notFound");
        }
        if (form.productId() != null && !products.exists(form.productId())) {
            errors.add("productId", "product.notFound");
        }
        if (form.assigneeId() != null && !users.isActive(form.assigneeId())) {
            errors.add("assigneeId", "customer.owner.invalid");
        }
        if (form.orderId() != null && !exists(() -> orders.get(form.orderId()))) {
            errors.add("orderId", "order.notFound");
        }
        if (form.invoiceId() != null && !exists(() -> invoices.get(form.invoiceId()))) {
            errors.add("invoiceId", "invoice.notFound");
        }
        errors.throwIfAny();
        return company;
    }

    private static boolean exists(Runnable read) {
        try {
            read.run();
            return true;
        }
        catch (KlientException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private record Policy(int firstResponse, int resolution) {
    }

    /** The targets for a priority and the customer's tier (a company tagged "key account" is tier KEY). */
    private Policy policy(TicketPriority priority, Long company) {
        String tier = company != null && companies.get(company).tags().stream()
                .anyMatch(t -> t.equalsIgnoreCase("key account")) ? "KEY" : "STANDARD";
        return jdbc.sql("select first_response_minutes, resolution_minutes from sla_policies where "
                + "priority = :priority and tier = :tier").param("priority", priority.name()).param("tier", tier)
                .query((rs, n) -> new Policy(rs.getInt(1), rs.getInt(2))).single();
    }

    private long create(TicketForm form, TicketChannel channel, String requesterEmail, String messageId,
            Long emailId) {
        Long company = checkLinks(form);
        TicketPriority priority = form.priority() == null ? TicketPriority.NORMAL : form.priority();
        Policy policy = policy(priority, company);
        BusinessHours hours = calendar.hours();
        Instant now = Instant.now();
        int number = jdbc.sql("""
                insert into document_counters (series, period, last_number) values ('TICKET', 'ALL', 1)
                on conflict (series, period) do update set last_number = document_counters.last_number + 1
                returning last_number""").query(Integer.class).single();
        Long team = form.teamId();
        Long assignee = form.assigneeId();
        if (assignee == null && team == null) {
            var route = categories.route(form.category());
            if (route.isPresent()) {
                team = route.get().teamId();
                assignee = route.get().assigneeId() != null && users.isActive(route.get().assigneeId())
                        ? route.get().assigneeId() : null;
            }
        }
        if (assignee == null) {
            assignee = roundRobin(team);
        }
        long id = jdbc.sql("""
                insert into tickets (number, subject, description, contact_id, company_id, channel, category,
                    product_id, priority, assignee_id, team_id, order_id, invoice_id, requester_email, message_id,
                    created_at, first_response_due_at, resolution_due_at, resolution_minutes)
                values (:number, :subject, :description, :contact, :company, :channel, :category, :product,
                    :priority, :assignee, :team, :order, :invoice, :requester, :messageId, :now, :firstDue,
                    :resolutionDue, :minutes)
                returning id""")
                .param("number", "T-%06d".formatted(number)).param("subject", form.subject().strip())
                .param("description", blank(form.description())).param("contact", form.contactId())
                .param("company", company).param("channel", channel.name()).param("category", blank(form.category()))
                .param("product", form.productId()).param("priority", priority.name()).param("assignee", assignee)
                .param("team", team).param("order", form.orderId()).param("invoice", form.invoiceId())
                .param("requester", requesterEmail).param("messageId", messageId)
                .param("now", Timestamp.from(now))
                .param("firstDue", Timestamp.from(hours.plus(now, policy.firstResponse())))
                .param("resolutionDue", Timestamp.from(hours.plus(now, policy.resolution())))
                .param("minutes", policy.resolution()).query(Long.class).single();
        if (form.description() != null && !form.description().isBlank()) {
            jdbc.sql("insert into ticket_messages (ticket_id, kind, body, message_id, email_id) values (:id, "
                    + "'CUSTOMER', :body, :messageId, :email)").param("id", id).param("body", form.description())
                    .param("messageId", messageId).param("email", emailId).update();
        }
        record(id, "TICKET_OPENED");
        if (form.productId() != null) {
            alerts.check(form.productId(), blank(form.category()));
        }
        if (assignee != null) {
            notifications.notify(assignee, "TICKET_ASSIGNED", "T-%06d ".formatted(number) + form.subject().strip(),
                    "/tickets/" + id, null);
        }
        return id;
    }

    /** The team member with the fewest open tickets, so work spreads evenly; null without a team. */
    private Long roundRobin(Long teamId) {
        if (teamId == null) {
            return null;
        }
        return users.activeUsers().stream().filter(u -> u.teams().stream().anyMatch(t -> t.id() == teamId))
                .filter(u -> u.role() == Role.SUPPORT || u.role() == Role.MANAGER)
                .min(java.util.Comparator.comparingLong((app.klient.identity.UserSummary u) -> jdbc.sql(
                        "select count(*) from tickets where assignee_id = :u and status in ('NEW','OPEN','REOPENED',"
                                + "'WAITING')").param("u", u.id()).query(Long.class).single())
                        .thenComparingLong(app.klient.identity.UserSummary::id))
                .map(app.klient.identity.UserSummary::id).orElse(null);
    }

    /** An agent's public reply (sent to the customer by the caller) or internal note, with its files. */
    @Transactional
    public TicketView reply(long id, String body, boolean internal, Integer version, List<StoredFile> files) {
        checkAnswer();
        TicketView ticket = get(id);
        Versions.check(version, ticket.version());
        if (body == null || body.isBlank() || body.length() > 50_000) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("body", "ticket.body")));
        }
        claim(id, version);
        long message = jdbc.sql("insert into ticket_messages (ticket_id, kind, author_id, body) values (:id, :kind, "
                + ":author, :body) returning id").param("id", id).param("kind", internal ? "INTERNAL" : "PUBLIC")
                .param("author", CurrentUser.id()).param("body", body).query(Long.class).single();
        for (StoredFile file : files) {
            jdbc.sql("insert into ticket_attachments (ticket_id, message_id, filename, content_type, size, data) "
                    + "values (:ticket, :message, :name, :type, :size, :data)").param("ticket", id)
                    .param("message", message).param("name", file.filename()).param("type", file.contentType())
                    .param("size", file.data().length).param("data", file.data()).update();
        }
        if (!internal) {
            jdbc.sql("""
                    update tickets set first_responded_at = coalesce(first_responded_at, now()),
                        status = case when status = 'NEW' then 'OPEN' else status end, updated_at = now()
                    where id = :id""").param("id", id).update();
        }
        return get(id);
    }

    /**
     * The customer was answered before the ticket existed (in the live chat or conversation it was made from): the
     * first response is when they were, and the ticket is open rather than new. A later time changes nothing.
     */
    @Transactional
    public void answeredBefore(long id, Instant at) {
        jdbc.sql("""
                update tickets set first_responded_at = least(coalesce(first_responded_at, :at), :at),
                    status = case when status = 'NEW' then 'OPEN' else status end, version = version + 1,
                    updated_at = now()
                where id = :id""").param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** Moves a ticket on: waiting stops the clock, an answer or reopening starts it again with the time left. */
    @Transactional
    public TicketView setStatus(long id, TicketStatus status, Integer version) {
        checkAnswer();
        Versions.required(version);
        TicketView ticket = get(id);
        if (status != null && status != ticket.status() && !ticket.status().canMoveTo(status)) {
            throw new RefusedTransition("ticket.statusRefused", "ticket.status." + ticket.status().name());
        }
        Versions.check(version, ticket.version());
        claim(id, version);
        return get(move(ticket, status, false));
    }

    /**
     * Takes the ticket for this change if it is still at the version the agent saw, before anything else is written:
     * of two changes made from one version, the second stops here.
     */
    private void claim(long id, Integer version) {
        versions.change("tickets", id, version).set("updated_at = now()").notFound("ticket.notFound").apply();
    }

    /** The status change itself; {@code bump}: false when the caller already took the ticket at its version. */
    long move(TicketView ticket, TicketStatus status, boolean bump) {
        if (status == null || status == ticket.status()) {
            return ticket.id();
        }
        BusinessHours hours = calendar.hours();
        Instant now = Instant.now();
        long id = ticket.id();
        if (status == TicketStatus.WAITING && ticket.status().running()) {
            // counted from the start of this minute: the minute already begun is not taken from the target
            jdbc.sql("update tickets set paused_at = :now, used_minutes = resolution_minutes - :left where id = :id")
                    .param("now", Timestamp.from(now)).param("left", hours.between(now.truncatedTo(
                            java.time.temporal.ChronoUnit.MINUTES), ticket.resolutionDueAt()))
                    .param("id", id).update();
        }
        if (status.running() && ticket.status() == TicketStatus.WAITING) {
            int used = jdbc.sql("select used_minutes from tickets where id = :id").param("id", id)
                    .query(Integer.class).single();
            int total = jdbc.sql("select resolution_minutes from tickets where id = :id").param("id", id)
                    .query(Integer.class).single();
            jdbc.sql("update tickets set paused_at = null, resolution_due_at = :due where id = :id")
                    .param("due", Timestamp.from(hours.plus(now, Math.max(0, total - used)))).param("id", id)
                    .update();
        }
        if (status == TicketStatus.RESOLVED) {
            // resolved at first contact: exactly one agent answer, and the customer did not write after it
            boolean firstContact = ticket.status() != TicketStatus.REOPENED && jdbc.sql("""
                    select count(*) filter (where kind = 'PUBLIC') = 1
                       and coalesce(max(id) filter (where kind = 'CUSTOMER'), 0)
                           < coalesce(min(id) filter (where kind = 'PUBLIC'), 0)
                    from ticket_messages where ticket_id = :id""").param("id", id).query(Boolean.class).single();
            jdbc.sql("""
                    update tickets set resolved_at = now(),
                        first_contact_resolution = coalesce(first_contact_resolution, :fcr) where id = :id""")
                    .param("fcr", firstContact).param("id", id).update();
        }
        if (status == TicketStatus.REOPENED) {
            // the ticket's own resolution target starts again, not a fixed eight hours
            int target = jdbc.sql("select resolution_minutes from tickets where id = :id").param("id", id)
                    .query(Integer.class).single();
            jdbc.sql("update tickets set first_contact_resolution = false, resolved_at = null, used_minutes = 0, "
                    + "warned_at = null, resolution_due_at = :due where id = :id")
                    .param("due", Timestamp.from(hours.plus(now, target))).param("id", id).update();
        }
        if (status == TicketStatus.CLOSED) {
            jdbc.sql("update tickets set closed_at = now() where id = :id").param("id", id).update();
        }
        jdbc.sql("update tickets set status = :status, updated_at = now()"
                + (bump ? ", version = version + 1" : "") + " where id = :id")
                .param("status", status.name()).param("id", id).update();
        record(id, "TICKET_" + status.name());
        return id;
    }

    @Transactional
    public TicketView assign(long id, Long assigneeId, Long teamId, Integer version) {
        checkAnswer();
        TicketView ticket = get(id);
        Versions.check(version, ticket.version());
        if (assigneeId != null && !users.isActive(assigneeId)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("assigneeId", "customer.owner.invalid")));
        }
        Long assignee = assigneeId != null ? assigneeId : roundRobin(teamId);
        versions.change("tickets", id, version).set("assignee_id = :assignee, team_id = :team, updated_at = now()")
                .param("assignee", assignee).param("team", teamId).notFound("ticket.notFound").apply();
        if (assignee != null && !Objects.equals(assignee, Actor.current().map(Actor::id).orElse(null))) {
            notifications.notify(assignee, "TICKET_ASSIGNED", ticket.number() + " " + ticket.subject(),
                    "/tickets/" + id, null);
        }
        return get(id);
    }

    /** The customer wrote again (e-mail): the words join the ticket, a resolved ticket opens again. */
    @Transactional
    public boolean customerReplied(long id, String body, String messageId, Long emailId) {
        Integer added = jdbc.sql("""
                insert into ticket_messages (ticket_id, kind, body, message_id, email_id)
                values (:id, 'CUSTOMER', :body, :mid, :email)
                on conflict do nothing returning 1""").param("id", id).param("body", body == null ? "" : body)
                .param("mid", messageId).param("email", emailId).query(Integer.class).optional().orElse(null);
        if (added == null) {
            return false;
        }
        TicketView ticket = get(id);
        TicketStatus next = switch (ticket.status()) {
            case RESOLVED, CLOSED -> TicketStatus.REOPENED;
            case WAITING -> TicketStatus.OPEN;
            default -> null;
        };
        if (next != null) {
            move(ticket, next, true);
        }
        else {
            jdbc.sql("update tickets set updated_at = now(), version = version + 1 where id = :id").param("id", id)
                    .update();
        }
        if (ticket.assigneeId() != null) {
            notifications.notify(ticket.assigneeId(), "TICKET_REPLY", ticket.number() + " " + ticket.subject(),
                    "/tickets/" + id, null);
        }
        return true;
    }

    @Transactional(readOnly = true)
    public TicketView get(long id) {
        TicketView t = jdbc.sql("select t.*, u.name as assignee_name from tickets t left join users u on "
                + "u.id = t.assignee_id where t.id = :id").param("id", id).query(Tickets::view).optional()
                .orElseThrow(() -> KlientException.notFound("ticket.notFound"));
        return new TicketView(t.id(), t.number(), t.subject(), t.description(), t.contactId(), t.companyId(),
                t.channel(), t.category(), t.productId(), t.priority(), t.status(), t.assigneeId(), t.assigneeName(),
                t.teamId(), t.orderId(), t.invoiceId(), t.requesterEmail(), t.createdAt(), t.firstResponseDueAt(),
                t.resolutionDueAt(), t.firstRespondedAt(), t.resolvedAt(), t.breached(), t.overdue(),
                t.firstContactResolution(), t.csat(), t.ces(), t.surveyComment(), messages(id), t.messageId(),
                t.version());
    }

    /** The conversation, each message with its files: those an agent added, or those its e-mail came with. */
    private List<TicketMessage> messages(long ticketId) {
        record Row(long id, String kind, Long authorId, String authorName, String body, Instant at, Long emailId) {
        }
        List<Row> rows = jdbc.sql("""
                select m.id, m.kind, m.author_id, u.name, m.body, m.created_at, m.email_id from ticket_messages m
                left join users u on u.id = m.author_id where m.ticket_id = :id order by m.created_at, m.id""")
                .param("id", ticketId).query((r, i) -> new Row(r.getLong(1), r.getString(2), (Long) r.getObject(3),
                        r.getString(4), r.getString(5), r.getTimestamp(6).toInstant(), (Long) r.getObject(7)))
                .list();
        Map<Long, List<FileInfo>> own = jdbc.sql("select id, message_id, filename, content_type, size from "
                + "ticket_attachments where ticket_id = :id order by id").param("id", ticketId)
                .query((r, i) -> Map.entry(r.getLong(2), new FileInfo(r.getLong(1), r.getString(3), r.getString(4),
                        r.getLong(5), "tickets/" + ticketId + "/attachments/" + r.getLong(1))))
                .list().stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<Long, List<FileInfo>> mailed = emails.attachments(rows.stream().map(Row::emailId)
                .filter(Objects::nonNull).toList());
        return rows.stream().map(r -> new TicketMessage(r.id(), r.kind(), r.authorId(), r.authorName(), r.body(),
                r.at(), r.emailId() != null ? mailed.getOrDefault(r.emailId(), List.of())
                        : own.getOrDefault(r.id(), List.of()))).toList();
    }

    /** A file an agent added to this ticket. */
    @Transactional(readOnly = true)
    public StoredFile attachment(long ticketId, long fileId) {
        // the ticket read as its reader reads it: a file of a ticket their rules hide is not found either
        return jdbc.sql("select a.filename, a.content_type, a.data from ticket_attachments a where a.id = :id"
                + " and a.ticket_id = :ticket and exists (select 1 from tickets t where t.id = a.ticket_id)")
                .param("id", fileId).param("ticket", ticketId)
                .query((r, i) -> new StoredFile(r.getString(1), r.getString(2), r.getBytes(3))).optional()
                .orElseThrow(() -> KlientException.notFound("file.notFound"));
    }

    /**
     * Changes what the ticket is about: subject, customer, category, product, priority, order, invoice. A new
     * priority (or customer tier) brings new targets: the working time already used counts against them.
     */
    @Transactional
    public TicketView change(long id, TicketForm form) {
        checkAnswer();
        TicketView ticket = get(id);
        Versions.check(form.version(), ticket.version());
        Long company = checkLinks(form);
        claim(id, form.version());
        TicketPriority priority = form.priority() == null ? ticket.priority() : form.priority();
        Policy policy = policy(priority, company);
        BusinessHours hours = calendar.hours();
        Instant now = Instant.now();
        if (ticket.status().running() || ticket.status() == TicketStatus.WAITING) {
            int total = jdbc.sql("select resolution_minutes from tickets where id = :id").param("id", id)
                    .query(Integer.class).single();
            if (ticket.status() == TicketStatus.WAITING) {
                jdbc.sql("update tickets set resolution_minutes = :minutes where id = :id")
                        .param("minutes", policy.resolution()).param("id", id).update();
            }
            else if (total != policy.resolution()) {
                long used = total - hours.between(now, ticket.resolutionDueAt());
                jdbc.sql("update tickets set resolution_minutes = :minutes, resolution_due_at = :due, warned_at = null "
                        + "where id = :id").param("minutes", policy.resolution())
                        .param("due", Timestamp.from(hours.plus(now, Math.max(0, policy.resolution() - used))))
                        .param("id", id).update();
            }
            if (ticket.firstRespondedAt() == null) {
                jdbc.sql("update tickets set first_response_due_at = :due where id = :id")
                        .param("due", Timestamp.from(hours.plus(ticket.createdAt(), policy.firstResponse())))
                        .param("id", id).update();
            }
        }
        jdbc.sql("""
                update tickets set subject = :subject, contact_id = :contact, company_id = :company,
                    category = :category, product_id = :product, priority = :priority, order_id = :order,
                    invoice_id = :invoice, updated_at = now() where id = :id""")
                .param("subject", form.subject().strip()).param("contact", form.contactId()).param("company", company)
                .param("category", blank(form.category())).param("product", form.productId())
                .param("priority", priority.name()).param("order", form.orderId())
                .param("invoice", form.invoiceId()).param("id", id).update();
        if (form.productId() != null && !form.productId().equals(ticket.productId())) {
            alerts.check(form.productId(), blank(form.category()));
        }
        String category = blank(form.category());
        if (category != null && !category.equals(ticket.category())) {
            routeTo(id, category);
        }
        return get(id);
    }

    /**
     * A ticket given a category (an e-mail ticket classified by an agent, or one reclassified) goes where the
     * category routes it: its team, and its agent or the team's least busy one.
     */
    private void routeTo(long id, String category) {
        var route = categories.route(category);
        if (route.isEmpty()) {
            return;
        }
        Long team = route.get().teamId();
        Long assignee = route.get().assigneeId() != null && users.isActive(route.get().assigneeId())
                ? route.get().assigneeId() : roundRobin(team);
        jdbc.sql("update tickets set team_id = coalesce(:team, team_id), assignee_id = coalesce(:assignee, assignee_id) "
                + "where id = :id").param("team", team).param("assignee", assignee).param("id", id).update();
        if (assignee != null && !Objects.equals(assignee, Actor.current().map(Actor::id).orElse(null))) {
            TicketView ticket = get(id);
            notifications.notify(assignee, "TICKET_ASSIGNED", ticket.number() + " " + ticket.subject(),
                    "/tickets/" + id, null);
        }
    }

    /** Whether this message is already a ticket's or one of its replies (it reached more than one mailbox). */
    @Transactional(readOnly = true)
    public boolean knowsMessage(String messageId) {
        return messageId != null && jdbc.sql("""
                select exists (select 1 from tickets where message_id = :mid)
                    or exists (select 1 from ticket_messages where message_id = :mid)""").param("mid", messageId)
                .query(Boolean.class).single();
    }

    /** The ticket a message belongs to: by the Message-IDs it answers, else by "[T-000123]" in its subject. */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> findForMessage(List<String> references, String subject) {
        if (!references.isEmpty()) {
            var byRef = jdbc.sql("""
                    select ticket_id from ticket_messages where message_id in (:refs)
                    union select id from tickets where message_id in (:refs) limit 1""").param("refs", references)
                    .query(Long.class).optional();
            if (byRef.isPresent()) {
                return byRef;
            }
        }
        var m = java.util.regex.Pattern.compile("\\[(T-\\d{6})]").matcher(subject == null ? "" : subject);
        if (m.find()) {
            return jdbc.sql("select id from tickets where number = :n").param("n", m.group(1)).query(Long.class)
                    .optional();
        }
        return java.util.Optional.empty();
    }

    public record Query(Long assigneeId, Long teamId, Boolean open, Long companyId, Long contactId,
            TicketStatus status) {
    }

    /** The list's filters as SQL over tickets {@code t}, starting with " where", their values put in {@code params}. */
    static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        for (Object[] c : new Object[][] { { "t.assignee_id", "assignee", query.assigneeId() },
                { "t.team_id", "team", query.teamId() }, { "t.company_id", "company", query.companyId() },
                { "t.contact_id", "contact", query.contactId() } }) {
            if (c[2] != null) {
                where.append(" and ").append(c[0]).append(" = :").append(c[1]);
                params.put((String) c[1], c[2]);
            }
        }
        if (query.status() != null) {
            where.append(" and t.status = :status");
            params.put("status", query.status().name());
        }
        if (Boolean.TRUE.equals(query.open())) {
            where.append(" and t.status in ('NEW', 'OPEN', 'REOPENED', 'WAITING')");
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<TicketView> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<TicketView> rows = jdbc.sql("select t.*, u.name as assignee_name from tickets t left join users u on "
                + "u.id = t.assignee_id" + where + " order by t.status in ('RESOLVED','CLOSED'), t.resolution_due_at, "
                + "t.id limit :limit offset :offset").params(paged).query(Tickets::view).list();
        return CountedPage.of(rows, page, jdbc, "from tickets t" + where, params);
    }

    private void record(long id, String kind) {
        TicketView t = get(id);
        if (t.companyId() == null && t.contactId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(t.companyId(), t.companyId() == null ? t.contactId() : null, kind,
                t.number() + " " + t.subject(), null, "service", id, Actor.current().map(Actor::id).orElse(null)));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static TicketView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        TicketStatus status = TicketStatus.valueOf(rs.getString("status"));
        Instant due = instant(rs, "resolution_due_at");
        return new TicketView(id, rs.getString("number"), rs.getString("subject"), rs.getString("description"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"),
                TicketChannel.valueOf(rs.getString("channel")), rs.getString("category"),
                (Long) rs.getObject("product_id"), TicketPriority.valueOf(rs.getString("priority")), status,
                (Long) rs.getObject("assignee_id"), rs.getString("assignee_name"), (Long) rs.getObject("team_id"),
                (Long) rs.getObject("order_id"), (Long) rs.getObject("invoice_id"), rs.getString("requester_email"), instant(rs, "created_at"), instant(rs, "first_response_due_at"), due,
                instant(rs, "first_responded_at"), instant(rs, "resolved_at"), rs.getBoolean("breached"),
                status.running() && due.isBefore(Instant.now()), (Boolean) rs.getObject("first_contact_resolution"),
                (Integer) rs.getObject("csat"), (Integer) rs.getObject("ces"), rs.getString("survey_comment"), List.of(),
                rs.getString("message_id"), rs.getInt("version"));
    }


    /** The product each ticket given is about, for those that name one. */
    @Transactional(readOnly = true)
    public Map<Long, Long> productsOf(java.util.Collection<Long> ticketIds) {
        Map<Long, Long> products = new java.util.HashMap<>();
        jdbc.sql("select id, product_id from tickets where id = any(cast(:ids as bigint[])) and product_id is not null")
                .param("ids", ticketIds.toArray(Long[]::new))
                .query(rs -> {
                    products.put(rs.getLong(1), rs.getLong(2));
                });
        return products;
    }
}
