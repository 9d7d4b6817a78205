package app.klient.channels.messages;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import app.klient.automation.OutboundWebhooks;
import app.klient.channels.internal.ChannelEndpoints;
import app.klient.channels.internal.Customers;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import app.klient.platform.live.LiveNotices;
import app.klient.platform.web.CountedPage;
import app.klient.service.TicketChannel;
import app.klient.service.TicketForm;
import app.klient.service.Tickets;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages from messengers and text gateways, and the agents' answers. A message is stored before the gateway is
 * answered; the sender's message id makes a repeat harmless; each channel and sender address is one conversation,
 * opened again by a new message; every message goes on the customer's timeline. An answer is stored first, then
 * delivered through the channel's outbound webhook (signed, retried), its delivery shown on the message.
 */
@Service
public class Conversations {

    static final int MAX_TEXT = 4000;
    static final int MAX_ATTACHMENTS = 10;
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ()./-]{5,40}");

    private final JdbcClient jdbc;
    private final Customers customers;
    private final ChannelEndpoints endpoints;
    private final OutboundWebhooks webhooks;
    private final Timeline timeline;
    private final LiveNotices notices;
    private final Tickets tickets;
    private final Users users;
    private final Versions versions;
    private final ObjectMapper json;

    Conversations(JdbcClient jdbc, Customers customers, ChannelEndpoints endpoints, OutboundWebhooks webhooks,
            Timeline timeline, LiveNotices notices, Tickets tickets, Users users, Versions versions,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.endpoints = endpoints;
        this.webhooks = webhooks;
        this.timeline = timeline;
        this.notices = notices;
        this.tickets = tickets;
        this.users = users;
        this.versions = versions;
        this.json = json;
    }

    /** A message stored, in its conversation, and whether this report stored it (false: a repeat). */
    public record Received(long conversationId, long messageId, boolean created) {
    }

    @Transactional
    public Received receive(MessageReport report) {
        Permission.CHANNELS.check();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String channel = Customers.text(report.channel()).toLowerCase(java.util.Locale.ROOT);
        if (!ChannelEndpoints.validChannel(channel)) {
            errors.add("channel", "message.channel.invalid");
        }
        String from = Customers.text(report.from());
        if (from.isEmpty() || from.length() > 200 || Customers.hostile(from)) {
            errors.add("from", "message.from.invalid");
        }
        String name = Customers.text(report.senderName());
        if (name.length() > 200 || Customers.hostile(name)) {
            errors.add("senderName", "message.senderName.invalid");
        }
        String text = report.text() == null ? "" : report.text().strip();
        List<MessageReport.Attachment> attachments = report.attachments() == null ? List.of() : report.attachments();
        if (text.length() > MAX_TEXT || Customers.hostile(text)) {
            errors.add("text", "message.text.invalid", MAX_TEXT);
        }
        else if (text.isEmpty() && attachments.isEmpty()) {
            errors.add("text", "message.text.required");
        }
        if (attachments.size() > MAX_ATTACHMENTS) {
            errors.add("attachments", "message.attachments.tooMany", MAX_ATTACHMENTS);
        }
        else {
            for (MessageReport.Attachment a : attachments) {
                if (a == null || a.url() == null || !https(a.url()) || Customers.hostile(a.url())
                        || Customers.text(a.name()).length() > 200 || Customers.hostile(Customers.text(a.name()))
                        || Customers.text(a.contentType()).length() > 100
                        || Customers.hostile(Customers.text(a.contentType()))) {
                    errors.add("attachments", "message.attachments.invalid");
                    break;
                }
            }
        }
        String messageId = Customers.text(report.messageId());
        if (messageId.isEmpty() || messageId.length() > 200 || Customers.hostile(messageId)) {
            errors.add("messageId", messageId.isEmpty() ? "message.messageId.required" : "message.messageId.invalid");
        }
        Instant sentAt = report.sentAt() == null ? Instant.now() : report.sentAt().toInstant();
        if (sentAt.isAfter(Instant.now().plus(Duration.ofDays(1)))
                || sentAt.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            errors.add("sentAt", "message.sentAt.invalid");
        }
        errors.throwIfAny();

        Optional<Long> repeat = jdbc.sql("""
                select id from channel_messages where channel = :channel and external_id = :id""")
                .param("channel", channel).param("id", messageId).query(Long.class).optional();
        if (repeat.isPresent()) {
            return repeated(repeat.get());
        }
        boolean phoneLike = PHONE_LIKE.matcher(from).matches() && Customers.e164(from).isPresent();
        String address = phoneLike ? Customers.e164(from).get()
                : from.contains("@") ? from.toLowerCase(java.util.Locale.ROOT) : from;
        Optional<Customers.Match> match = phoneLike ? customers.byPhone(from)
                : from.contains("@") ? customers.byEmail(from) : Optional.empty();
        jdbc.sql("""
                insert into conversations (channel, address, sender_name, contact_id, company_id, assignee_id)
                values (:channel, :address, :name, :contact, :company, :owner)
                on conflict (channel, address) do nothing""")
                .param("channel", channel).param("address", address).param("name", name)
                .param("contact", match.map(Customers.Match::contactId).orElse(null))
                .param("company", match.map(Customers.Match::companyId).orElse(null))
                .param("owner", match.map(Customers.Match::ownerId).orElse(null)).update();
        // one sender's messages are taken one after another: the repeat check below cannot race
        long conversation = jdbc.sql("""
                select id from conversations where channel = :channel and address = :address for update""")
                .param("channel", channel).param("address", address).query(Long.class).single();
        repeat = jdbc.sql("select id from channel_messages where channel = :channel and external_id = :id")
                .param("channel", channel).param("id", messageId).query(Long.class).optional();
        if (repeat.isPresent()) {
            return repeated(repeat.get());
        }
        long message = jdbc.sql("""
                insert into channel_messages (conversation_id, channel, direction, external_id, body, attachments,
                    sent_at)
                values (:conversation, :channel, 'INBOUND', :id, :body, cast(:attachments as jsonb), :at)
                returning id""")
                .param("conversation", conversation).param("channel", channel).param("id", messageId)
                .param("body", text).param("attachments", attachmentsJson(attachments))
                .param("at", Timestamp.from(sentAt)).query(Long.class).single();
        jdbc.sql("""
                update conversations set state = 'OPEN', unread = unread + 1,
                    last_message_at = greatest(last_message_at, :at),
                    sender_name = case when :name = '' then sender_name else :name end,
                    updated_at = now(), version = version + 1
                where id = :id""")
                .param("at", Timestamp.from(sentAt)).param("name", name).param("id", conversation).update();
        ConversationView view = get(conversation, false);
        onTimeline(view, message, "MESSAGE_IN", text.isEmpty() ? "📎" : text, null, sentAt);
        Long tell = view.assigneeId();
        if (tell != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("conversationId", conversation);
            data.put("channel", channel);
            notices.tell(tell, "message", Phrase.of("message.notice.new", Phrase.text(channel),
                    Phrase.text(view.customerName() != null ? view.customerName()
                            : name.isEmpty() ? address : name)),
                    "/conversations/" + conversation, data);
        }
        return new Received(conversation, message, true);
    }

    private Received repeated(long message) {
        long conversation = jdbc.sql("select conversation_id from channel_messages where id = :id")
                .param("id", message).query(Long.class).single();
        return new Received(conversation, message, false);
    }

    /** The list's filters, all optional: a channel, OPEN or CLOSED, only those with unread messages, an assignee. */
    public record Query(String channel, String state, Boolean unread, Long assigneeId, Long contactId,
            Long companyId) {
    }

    /** Conversations with the newest message first, of the customers the reader may see (and of unknown senders). */
    @Transactional(readOnly = true)
    public CountedPage<ConversationView> list(Query query, Pageable page) {
        List<String> where = new ArrayList<>(List.of(VISIBLE));
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.channel() != null && !query.channel().isBlank()) {
            if (!ChannelEndpoints.validChannel(query.channel())) {
                throw KlientException.invalid("message.channel.invalid");
            }
            where.add("c.channel = :channel");
            params.put("channel", query.channel());
        }
        if (query.state() != null && !query.state().isBlank()) {
            if (!List.of("OPEN", "CLOSED").contains(query.state())) {
                throw KlientException.invalid("conversation.state.invalid");
            }
            where.add("c.state = :state");
            params.put("state", query.state());
        }
        if (Boolean.TRUE.equals(query.unread())) {
            where.add("c.unread > 0");
        }
        if (query.assigneeId() != null) {
            where.add("c.assignee_id = :assignee");
            params.put("assignee", query.assigneeId());
        }
        if (query.contactId() != null) {
            where.add("c.contact_id = :contact");
            params.put("contact", query.contactId());
        }
        if (query.companyId() != null) {
            where.add("c.company_id = :company");
            params.put("company", query.companyId());
        }
        String whereSql = " where " + String.join(" and ", where);
        List<ConversationView> rows = jdbc.sql(SELECT + whereSql
                + " order by c.last_message_at desc, c.id desc limit :limit offset :offset")
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> view(rs, List.of())).list();
        return CountedPage.of(rows, page, jdbc, "from conversations c" + whereSql, params);
    }

    /** One conversation with its messages, oldest first (404 for one whose customer the reader may not see). */
    @Transactional(readOnly = true)
    public ConversationView get(long id) {
        return get(id, true);
    }

    private ConversationView get(long id, boolean withMessages) {
        ConversationView bare = jdbc.sql(SELECT + " where c.id = :id and " + VISIBLE).param("id", id)
                .query((rs, n) -> view(rs, List.of())).optional()
                .orElseThrow(() -> KlientException.notFound("conversation.notFound"));
        if (!withMessages) {
            return bare;
        }
        List<String[]> raw = new ArrayList<>();
        List<ConversationView.MessageView> partial = jdbc.sql("""
                select m.*, u.name as author_name from channel_messages m left join users u on u.id = m.author_id
                where m.conversation_id = :id order by m.sent_at, m.id""").param("id", id)
                .query((rs, n) -> {
                    raw.add(new String[] { rs.getString("delivery_id") });
                    return new ConversationView.MessageView(rs.getLong("id"), rs.getString("direction"),
                            rs.getString("external_id"), rs.getString("body"), attachments(rs.getString("attachments")),
                            rs.getTimestamp("sent_at").toInstant(), (Long) rs.getObject("author_id"),
                            rs.getString("author_name"), null);
                }).list();
        List<String> deliveryIds = raw.stream().map(r -> r[0]).filter(java.util.Objects::nonNull).toList();
        Map<String, OutboundWebhooks.Sent> sent = webhooks.sent(deliveryIds);
        List<ConversationView.MessageView> messages = new ArrayList<>();
        for (int i = 0; i < partial.size(); i++) {
            ConversationView.MessageView m = partial.get(i);
            String deliveryId = raw.get(i)[0];
            ConversationView.Delivery delivery = null;
            if (deliveryId != null) {
                OutboundWebhooks.Sent s = sent.get(deliveryId);
                delivery = s == null ? new ConversationView.Delivery("FAILED", 0, null, "")
                        : new ConversationView.Delivery(switch (s.state()) {
                            case "DELIVERED" -> "SENT";
                            case "FAILED" -> "FAILED";
                            default -> "SENDING";
                        }, s.attempts(), s.lastStatus(), s.lastError());
            }
            messages.add(new ConversationView.MessageView(m.id(), m.direction(), m.messageId(), m.text(),
                    m.attachments(), m.sentAt(), m.authorId(), m.authorName(), delivery));
        }
        return new ConversationView(bare.id(), bare.channel(), bare.address(), bare.senderName(), bare.contactId(),
                bare.companyId(), bare.customerName(), bare.assigneeId(), bare.assigneeName(), bare.state(),
                bare.unread(), bare.lastMessageAt(), bare.lastText(), bare.ticketId(), bare.createdAt(),
                bare.version(), messages);
    }

    /** An agent has read the conversation: nothing unread. */
    @Transactional
    public void markRead(long id) {
        get(id, false);
        jdbc.sql("update conversations set unread = 0 where id = :id and unread > 0").param("id", id).update();
    }

    /**
     * An agent's answer: stored first, then handed to the channel's outbound webhook as a persistent, signed,
     * retried delivery. Refused (nothing stored) when the channel has no outbound webhook.
     */
    @Transactional
    public ConversationView reply(long id, String text) {
        requireAgent();
        ConversationView conversation = get(id, false);
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("text", "message.text.required")));
        }
        if (body.length() > MAX_TEXT || Customers.hostile(body)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("text", "message.text.invalid", MAX_TEXT)));
        }
        long webhook = endpoints.webhookOf(conversation.channel())
                .orElseThrow(() -> KlientException.conflict("message.reply.noWebhook", conversation.channel()));
        Instant now = Instant.now();
        long message = jdbc.sql("""
                insert into channel_messages (conversation_id, channel, direction, body, sent_at, author_id)
                values (:conversation, :channel, 'OUTBOUND', :body, :at, :author) returning id""")
                .param("conversation", id).param("channel", conversation.channel()).param("body", body)
                .param("at", Timestamp.from(now)).param("author", CurrentUser.id()).query(Long.class).single();
        UserSummary me = users.get(CurrentUser.id());
        ObjectNode data = json.createObjectNode();
        data.put("conversationId", id);
        data.put("messageId", message);
        data.put("channel", conversation.channel());
        data.put("to", conversation.address());
        data.put("text", body);
        data.putObject("agent").put("id", me.id()).put("name", me.name()).put("email", me.email());
        String delivery = webhooks.send(webhook, "message.reply", data);
        jdbc.sql("update channel_messages set delivery_id = :d where id = :id").param("d", delivery)
                .param("id", message).update();
        jdbc.sql("""
                update conversations set unread = 0, assignee_id = coalesce(assignee_id, :me),
                    last_message_at = greatest(last_message_at, :at), updated_at = now(), version = version + 1
                where id = :id""").param("me", me.id()).param("at", Timestamp.from(now)).param("id", id).update();
        onTimeline(conversation, message, "MESSAGE_OUT", body, me.id(), now);
        return get(id);
    }

    /** Closes the conversation, from the version the agent saw; the customer's next message opens it again. */
    @Transactional
    public ConversationView close(long id, Integer version) {
        requireAgent();
        get(id, false);
        versions.change("conversations", id, version).set("state = 'CLOSED', unread = 0, updated_at = now()")
                .notFound("conversation.notFound").apply();
        return get(id);
    }

    /** Turns the conversation into a service ticket with its messages; answers the ticket's id. */
    @Transactional
    public long toTicket(long id) {
        if (!Tickets.canAnswer()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "ticket.forbidden");
        }
        ConversationView conversation = get(id);
        if (conversation.ticketId() != null) {
            throw KlientException.conflict("conversation.ticket.already", conversation.ticketId());
        }
        StringBuilder transcript = new StringBuilder();
        for (ConversationView.MessageView m : conversation.messages()) {
            transcript.append(m.sentAt()).append(' ')
                    .append("INBOUND".equals(m.direction())
                            ? (conversation.senderName().isEmpty() ? conversation.address() : conversation.senderName())
                            : m.authorName())
                    .append(": ").append(m.text()).append('\n');
        }
        String who = conversation.customerName() != null ? conversation.customerName()
                : conversation.senderName().isEmpty() ? conversation.address() : conversation.senderName();
        String first = conversation.messages().stream().filter(m -> "INBOUND".equals(m.direction()))
                .map(ConversationView.MessageView::text).filter(t -> !t.isBlank()).findFirst().orElse(who);
        String subject = Customers.cut(conversation.channel() + ": " + first.replaceAll("\\s+", " "), 300);
        long ticket = tickets.open(new TicketForm(subject, Customers.cut(transcript.toString(), 50_000),
                conversation.contactId(), conversation.contactId() == null ? conversation.companyId() : null,
                TicketChannel.CHAT, null, null, null, CurrentUser.id(), null, null, null, null)).id();
        conversation.messages().stream().filter(m -> "OUTBOUND".equals(m.direction())).findFirst()
                .ifPresent(answer -> tickets.answeredBefore(ticket, answer.sentAt()));
        jdbc.sql("update conversations set ticket_id = :t, updated_at = now(), version = version + 1 where id = :id")
                .param("t", ticket).param("id", id).update();
        return ticket;
    }

    /** Ties a conversation with an unknown sender to a contact or company; its messages stay where they are. */
    @Transactional
    public ConversationView link(long id, Long contactId, Long companyId) {
        requireAgent();
        ConversationView conversation = get(id, false);
        if (conversation.contactId() != null || conversation.companyId() != null) {
            throw KlientException.conflict("conversation.link.already");
        }
        Customers.Match match = customers.chosen(contactId, companyId);
        jdbc.sql("""
                update conversations set contact_id = :contact, company_id = :company,
                    assignee_id = coalesce(assignee_id, :owner), updated_at = now(), version = version + 1
                where id = :id""").param("contact", match.contactId()).param("company", match.companyId())
                .param("owner", match.ownerId()).param("id", id).update();
        return get(id);
    }

    /** Whether the channel has an outbound webhook for replies. */
    @Transactional(readOnly = true)
    public boolean canReply(String channel) {
        return endpoints.webhookOf(channel).isPresent();
    }

    private static void requireAgent() {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "conversation.forbidden");
        }
    }

    private void onTimeline(ConversationView conversation, long message, String kind, String text, Long author,
            Instant at) {
        if (conversation.contactId() == null && conversation.companyId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(conversation.companyId(), conversation.contactId(), kind,
                conversation.channel(), null, "channels", message, author).at(at)
                .withText(Customers.cut(text, 2000)));
    }

    private String attachmentsJson(List<MessageReport.Attachment> attachments) {
        List<Map<String, String>> list = new ArrayList<>();
        for (MessageReport.Attachment a : attachments) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("url", a.url().strip());
            item.put("name", Customers.text(a.name()));
            item.put("contentType", Customers.text(a.contentType()));
            list.add(item);
        }
        return json.writeValueAsString(list);
    }

    private List<MessageReport.Attachment> attachments(String raw) {
        return json.readValue(raw, new TypeReference<List<MessageReport.Attachment>>() {
        });
    }

    private static boolean https(String url) {
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && url.length() <= 2000;
        }
        catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A conversation of a customer the reader may not see is not theirs to see either (the row policies decide). */
    private static final String VISIBLE = """
            (c.contact_id is null or exists (select 1 from contacts x where x.id = c.contact_id))
            and (c.company_id is null or exists (select 1 from companies y where y.id = c.company_id))""";

    private static final String SELECT = """
            select c.*, u.name as assignee_name,
                   coalesce(nullif(trim(concat_ws(' ', ct.first_name, ct.last_name)), ''), co.name) as customer_name,
                   (select m.body from channel_messages m where m.conversation_id = c.id
                    order by m.sent_at desc, m.id desc limit 1) as last_text
            from conversations c
            left join users u on u.id = c.assignee_id
            left join contacts ct on ct.id = c.contact_id
            left join companies co on co.id = c.company_id""";

    private static ConversationView view(ResultSet rs, List<ConversationView.MessageView> messages)
            throws SQLException {
        return new ConversationView(rs.getLong("id"), rs.getString("channel"), rs.getString("address"),
                rs.getString("sender_name"), (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"),
                rs.getString("customer_name"), (Long) rs.getObject("assignee_id"), rs.getString("assignee_name"),
                rs.getString("state"), rs.getInt("unread"), rs.getTimestamp("last_message_at").toInstant(),
                rs.getString("last_text"), (Long) rs.getObject("ticket_id"),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("version"), messages);
    }
}
