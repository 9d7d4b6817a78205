package app.klient.channels.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.Activities;
import app.klient.activities.ActivityForm;
import app.klient.activities.ActivityType;
import app.klient.activities.Direction;
import app.klient.channels.chat.ChatWidgets.Widget;
import app.klient.customers.CustomerChecks;
import app.klient.customers.Senders;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.files.StoredFile;
import app.klient.platform.live.LiveEvents;
import app.klient.platform.live.LiveNotices;
import app.klient.platform.web.Phrases;
import app.klient.sales.LeadForm;
import app.klient.sales.Leads;
import app.klient.service.CannedResponses;
import app.klient.service.SupportCalendar;
import app.klient.service.TicketChannel;
import app.klient.service.TicketForm;
import app.klient.service.Tickets;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Live chats between the company's website visitors and its agents. Every message is stored before anybody is told
 * of it ({@link LiveEvents}: the notice goes out when the storing transaction commits), and the visitor's own id for
 * a message makes sending it again harmless, so a dropped connection or a restarted node loses nothing: the widget
 * reconnects and reads from the last message it has.
 * <p>
 * A chat starts with the bot when the widget has one and it finds a ready answer; else, or when the visitor asks for
 * a person, it waits and is offered to the available agents of the widget's team in turn. An agent who takes it
 * answers until one of them ends it; then the transcript goes on the customer's timeline as a chat activity.
 */
@Service
public class Chats {

    public static final int MAX_TEXT = 2000;
    static final int MAX_FILE_BYTES = 5 * 1024 * 1024;
    /**
     * A visitor writes at most this many messages a minute; one address starts at most
     * {@code klient.chat.chats-per-hour} chats an hour (10).
     */
    static final int MESSAGES_PER_MINUTE = 20;
    static final String QUEUE = "chats";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ChatWidgets widgets;
    private final ChatAgents agents;
    private final ChatBot bot;
    private final CannedResponses canned;
    private final Teams teams;
    private final Senders senders;
    private final Leads leads;
    private final Tickets tickets;
    private final Activities activities;
    private final SupportCalendar calendar;
    private final LiveEvents live;
    private final LiveNotices notices;
    private final Phrases phrases;
    private final int chatsPerHour;
    private final app.klient.surveys.Surveys surveys;
    private final app.klient.activities.Notifications notifications;

    Chats(JdbcClient jdbc, ChatWidgets widgets, ChatAgents agents, ChatBot bot, CannedResponses canned, Teams teams, Senders senders, Leads leads, Tickets tickets, Activities activities, SupportCalendar calendar,
            LiveEvents live, LiveNotices notices, Phrases phrases, app.klient.surveys.Surveys surveys,
            app.klient.activities.Notifications notifications,
            @org.springframework.beans.factory.annotation.Value("${klient.chat.chats-per-hour:10}") int chatsPerHour) {
        this.chatsPerHour = chatsPerHour;
        this.surveys = surveys;
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.widgets = widgets;
        this.agents = agents;
        this.bot = bot;
        this.canned = canned;
        this.teams = teams;
        this.senders = senders;
        this.leads = leads;
        this.tickets = tickets;
        this.activities = activities;
        this.calendar = calendar;
        this.live = live;
        this.notices = notices;
        this.phrases = phrases;
    }

    // ------------------------------------------------------------------------------------------------- the visitor

    /** What the widget sends to start: all optional but the first message is usual. */
    public record Start(String name, String email, String message, String clientId, String pageUrl,
            String pageTitle, String language) {
    }

    public record Started(long chatId, String token, String status) {
    }

    /** Whether a person answers now: within the service desk's hours and with an agent of the team available. */
    @Transactional(readOnly = true)
    public boolean open(Widget widget) {
        return withinHours() && !available(widget).isEmpty();
    }

    private boolean withinHours() {
        Instant now = Instant.now();
        // the next working moment from now is now itself while the desk is open
        return !calendar.hours().plus(now, 0).isAfter(now);
    }

    private List<Long> available(Widget widget) {
        return agents.availableNow(widget.teamId() == null ? null : teams.activeMembers(widget.teamId()));
    }

    @Transactional
    public Started start(Widget widget, Start start, String address) {
        limitChats(address);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = text(errors, "name", start.name(), 100);
        String message = text(errors, "message", start.message(), MAX_TEXT);
        String email = email(errors, start.email(), false);
        if (message == null && !errors.has("message")) {
            errors.add("message", "chat.message.required");
        }
        String page = page(start.pageUrl());
        String title = text(errors, "pageTitle", start.pageTitle(), 300);
        checkClientId(errors, start.clientId());
        errors.throwIfAny();
        String token = token();
        String language = language(start.language());
        long id = jdbc.sql("""
                insert into chats (widget_id, token_hash, status, visitor_name, visitor_email, language, page_url,
                    page_title, address, team_id)
                values (:widget, :hash, 'WAITING', :name, :email, :language, :page, :title, :address, :team)
                returning id""")
                .param("widget", widget.id()).param("hash", hash(token)).param("name", name).param("email", email)
                .param("language", language).param("page", page).param("title", title).param("address", address)
                .param("team", widget.teamId()).query(Long.class).single();
        if (email != null) {
            identify(id, widget, name, email, language);
        }
        String status = "WAITING";
        if (message != null) {
            insertMessage(id, "VISITOR", null, message, null, start.clientId(), null);
            if (widget.bot() && botAnswers(get(id), message)) {
                status = "BOT";
                setStatus(id, "BOT");
            }
        }
        if (status.equals("WAITING")) {
            offer(id);
        }
        live.publish(QUEUE, "q");
        return new Started(id, token, status);
    }

    /** The visitor's chat by the secret the widget holds; an unknown one answers as not found. */
    @Transactional(readOnly = true)
    public ChatView byToken(Widget widget, String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            throw KlientException.notFound("chat.notFound");
        }
        return jdbc.sql(VIEW + " where c.token_hash = :hash and c.widget_id = :widget").param("hash", hash(token))
                .param("widget", widget.id()).query(Chats::view).optional()
                .orElseThrow(() -> KlientException.notFound("chat.notFound"));
    }

    /** A visitor's message, stored once whatever how often it is sent ({@code clientId}); answers its id. */
    @Transactional
    public long visitorSays(ChatView chat, String text, String clientId) {
        return visitorSays(chat, text, clientId, null, null);
    }

    /** The same, from the page the visitor is on now ({@code pageUrl}, {@code pageTitle}; kept when given). */
    @Transactional
    public long visitorSays(ChatView chat, String text, String clientId, String pageUrl, String pageTitle) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String body = text(errors, "body", text, MAX_TEXT);
        if (body == null && !errors.has("body")) {
            errors.add("body", "chat.message.required");
        }
        checkClientId(errors, clientId);
        errors.throwIfAny();
        Optional<Long> known = sentBefore(chat, clientId);
        if (known.isPresent()) {
            return known.get();
        }
        String page = page(pageUrl);
        if (page != null && !page.equals(chat.pageUrl())) {
            InvalidFields.Collector ignored = new InvalidFields.Collector();
            jdbc.sql("update chats set page_url = :page, page_title = :title where id = :id").param("page", page)
                    .param("title", text(ignored, "pageTitle", pageTitle, 300)).param("id", chat.id()).update();
            live.publish(topic(chat.id()), "s");
        }
        long id = insertMessage(chat.id(), "VISITOR", null, body, null, clientId, null);
        if (chat.status().equals("BOT")) {
            if (!botAnswers(chat, body)) {
                handOver(chat.id());
            }
        }
        else if (chat.status().equals("WAITING") && chat.offeredTo() == null) {
            offer(chat.id());
        }
        return id;
    }

    /** The visitor asks for a person rather than the bot. */
    @Transactional
    public void askForPerson(ChatView chat) {
        checkOpen(chat);
        if (chat.status().equals("BOT")) {
            handOver(chat.id());
        }
    }

    @Transactional
    public long visitorSends(ChatView chat, StoredFile file, String clientId) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        checkClientId(errors, clientId);
        errors.throwIfAny();
        Optional<Long> known = sentBefore(chat, clientId);
        if (known.isPresent()) {
            return known.get();
        }
        checkFile(file);
        long id = insertMessage(chat.id(), "VISITOR", null, null, null, clientId, file);
        if (chat.status().equals("BOT")) {
            handOver(chat.id());
        }
        return id;
    }

    /** The visitor gives their name and e-mail during the chat (the widget asks when it has none). */
    @Transactional
    public void introduce(ChatView chat, String name, String email) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String given = text(errors, "name", name, 100);
        String address = email(errors, email, true);
        errors.throwIfAny();
        jdbc.sql("update chats set visitor_name = coalesce(:name, visitor_name), visitor_email = :email where id = :id")
                .param("name", given).param("email", address).param("id", chat.id()).update();
        if (chat.contactId() == null && chat.leadId() == null) {
            identify(chat.id(), widgets.get(chat.widgetId()), given == null ? chat.visitorName() : given, address,
                    chat.language());
        }
        if (unanswered(chat.id()) && chat.ticketId() == null) {
            ticketForUnanswered(get(chat.id()));
        }
        live.publish(topic(chat.id()), "s");
    }

    /** The visitor rates the chat once it has ended: 1 (poor) to 5, with an optional comment. */
    @Transactional
    public void rate(ChatView chat, Integer score, String comment) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (score == null || score < 1 || score > 5) {
            errors.add("score", "chat.rating.invalid");
        }
        String said = text(errors, "comment", comment, MAX_TEXT);
        errors.throwIfAny();
        if (!chat.status().equals("ENDED")) {
            throw KlientException.conflict("chat.rating.notEnded");
        }
        if (jdbc.sql("update chats set rating = :score, rating_comment = :comment where id = :id and rating is null")
                .param("score", score).param("comment", said).param("id", chat.id()).update() == 0) {
            throw KlientException.conflict("chat.rating.given");
        }
        jdbc.sql("select survey_token from chats where id = :id and survey_token is not null").param("id", chat.id())
                .query((rs, n) -> rs.getString(1)).list()
                .forEach(token -> surveys.answerInline(token, score, said));
        live.publish(QUEUE, "q");
    }

    /**
     * Outside working hours (or with nobody available) the widget takes a message and an e-mail address, and the
     * service desk gets it as a ticket. Answers the ticket's number.
     */
    @Transactional
    public String leaveMessage(Widget widget, Start start, String address) {
        limitChats(address);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String name = text(errors, "name", start.name(), 100);
        String message = text(errors, "message", start.message(), MAX_TEXT);
        if (message == null && !errors.has("message")) {
            errors.add("message", "chat.message.required");
        }
        String email = email(errors, start.email(), true);
        String page = page(start.pageUrl());
        errors.throwIfAny();
        String language = language(start.language());
        long id = jdbc.sql("""
                insert into chats (widget_id, token_hash, status, visitor_name, visitor_email, language, page_url,
                    address, team_id, ended_at)
                values (:widget, :hash, 'ENDED', :name, :email, :language, :page, :address, :team, now())
                returning id""")
                .param("widget", widget.id()).param("hash", hash(token())).param("name", name).param("email", email)
                .param("language", language).param("page", page).param("address", address)
                .param("team", widget.teamId()).query(Long.class).single();
        insertMessage(id, "VISITOR", null, message, null, start.clientId(), null);
        senders.byEmail(email).ifPresent(sender -> jdbc.sql("""
                update chats set contact_id = :contact, company_id = :company where id = :id""")
                .param("contact", sender.contactId()).param("company", sender.companyId()).param("id", id).update());
        long ticket = openTicket(get(id), null);
        return tickets.get(ticket).number();
    }

    // ----------------------------------------------------------------------------------------------- the agents

    /** The signed-in agent takes a waiting chat (or one the bot holds); a chat another agent took is refused. */
    @Transactional
    public ChatView accept(long chatId) {
        ChatAgents.checkAgent();
        ChatView chat = visible(chatId);
        int taken = jdbc.sql("""
                update chats set status = 'ACTIVE', agent_id = :agent, accepted_at = now(), offered_to = null,
                    version = version + 1
                where id = :id and status in ('WAITING', 'BOT')""")
                .param("agent", CurrentUser.id()).param("id", chatId).update();
        if (taken == 0) {
            if (chat.status().equals("ACTIVE") && CurrentUser.id() == (chat.agentId() == null ? -1 : chat.agentId())) {
                return chat;
            }
            throw KlientException.conflict(chat.status().equals("ENDED") ? "chat.ended" : "chat.taken");
        }
        insertMessage(chatId, "SYSTEM", null, null, Phrase.of("chat.system.joined",
                ChatFeeds.firstName(CurrentUser.actor().displayName())),
                null, null);
        live.publish(QUEUE, "q");
        live.publish(topic(chatId), "s");
        return visible(chatId);
    }

    /** An agent's answer: the chat's own agent, or whoever takes a waiting chat by answering it. */
    @Transactional
    public long agentSays(long chatId, String text) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String body = text(errors, "body", text, MAX_TEXT);
        if (body == null && !errors.has("body")) {
            errors.add("body", "error.required");
        }
        errors.throwIfAny();
        ChatView chat = answering(chatId);
        return insertMessage(chat.id(), "AGENT", CurrentUser.id(), body, null, null, null);
    }

    @Transactional
    public long agentSends(long chatId, StoredFile file) {
        checkFile(file);
        ChatView chat = answering(chatId);
        return insertMessage(chat.id(), "AGENT", CurrentUser.id(), null, null, null, file);
    }

    private ChatView answering(long chatId) {
        ChatAgents.checkAgent();
        ChatView chat = visible(chatId);
        checkOpen(chat);
        if (!chat.status().equals("ACTIVE")) {
            return accept(chatId);
        }
        if (chat.agentId() == null || chat.agentId() != CurrentUser.id()) {
            throw KlientException.conflict("chat.taken");
        }
        return chat;
    }

    /** Someone is typing: told to the other side at once, stored nowhere. */
    public void typing(long chatId, String who) {
        live.publish(topic(chatId), "t:" + who);
    }

    /**
     * Ends the chat (its agent, a manager or administrator, or the visitor): the transcript goes on the customer's
     * timeline as a chat activity of the agent who answered.
     */
    @Transactional
    public ChatView end(long chatId, boolean byVisitor) {
        ChatView chat = byVisitor ? get(chatId) : visible(chatId);
        if (!byVisitor) {
            ChatAgents.checkAgent();
            boolean own = chat.agentId() != null && chat.agentId() == CurrentUser.id();
            if (!own && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER) && chat.status().equals("ACTIVE")) {
                throw KlientException.conflict("chat.taken");
            }
        }
        if (jdbc.sql("update chats set status = 'ENDED', ended_at = now(), offered_to = null, version = version + 1 "
                + "where id = :id and status <> 'ENDED'").param("id", chatId).update() == 0) {
            return get(chatId);
        }
        insertMessage(chatId, "SYSTEM", null, null, Phrase.of(byVisitor ? "chat.system.visitorLeft"
                : "chat.system.ended"), null, null);
        ChatView ended = get(chatId);
        record(ended);
        askSatisfaction(ended);
        live.publish(QUEUE, "q");
        live.publish(topic(chatId), "s");
        return get(chatId);
    }

    /** Makes a ticket of the chat with its transcript, once; answers the ticket's id. */
    @Transactional
    public long toTicket(long chatId) {
        ChatAgents.checkAgent();
        if (!Tickets.canAnswer()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "ticket.forbidden");
        }
        ChatView chat = visible(chatId);
        if (chat.ticketId() != null) {
            return chat.ticketId();
        }
        long ticket = openTicket(chat, CurrentUser.id());
        insertMessage(chatId, "SYSTEM", null, null, Phrase.of("chat.system.ticket", tickets.get(ticket).number()),
                null, null);
        return ticket;
    }

    // ------------------------------------------------------------------------------------------------ reading

    public record ChatView(long id, long widgetId, String status, String visitorName, String visitorEmail,
            String language, String pageUrl, String pageTitle, Long teamId, Long offeredTo, Long agentId,
            String agentName, Long contactId, Long companyId, Long leadId, Long ticketId, Integer rating,
            String ratingComment, Long activityId, Instant startedAt, Instant acceptedAt, Instant endedAt,
            int version) {

        public boolean ended() {
            return status.equals("ENDED");
        }
    }

    /** A message; {@code phrase} is what Klient says (worded for the reader), {@code body} what a person wrote. */
    public record ChatMessage(long id, long chatId, String author, Long agentId, String agentName, String body,
            Phrase phrase, String fileName, String clientId, Instant at) {
    }

    @Transactional(readOnly = true)
    public ChatView get(long chatId) {
        return jdbc.sql(VIEW + " where c.id = :id").param("id", chatId).query(Chats::view).optional()
                .orElseThrow(() -> KlientException.notFound("chat.notFound"));
    }

    /**
     * A chat as the signed-in user may see it: the agent who answers it, the one it is offered to, the members of its
     * team, and support agents, managers and administrators; anybody else is told it does not exist.
     */
    @Transactional(readOnly = true)
    public ChatView visible(long chatId) {
        ChatView chat = get(chatId);
        if (!mayRead(chat)) {
            throw KlientException.notFound("chat.notFound");
        }
        return chat;
    }

    boolean mayRead(ChatView chat) {
        if (CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SUPPORT)) {
            return true;
        }
        long me = CurrentUser.id();
        return chat.agentId() != null && chat.agentId() == me || chat.offeredTo() != null && chat.offeredTo() == me
                || chat.teamId() == null && app.klient.identity.OwnedRecords.canCreate()
                || chat.teamId() != null && teams.activeMembers(chat.teamId()).contains(me);
    }

    /** The messages after {@code afterId}, oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<ChatMessage> messages(long chatId, long afterId, int limit) {
        return jdbc.sql("""
                select m.id, m.chat_id, m.author, m.agent_id, u.name as agent_name, m.body, m.phrase::text as phrase,
                       m.file_name, m.client_id, m.created_at
                from chat_messages m left join users u on u.id = m.agent_id
                where m.chat_id = :chat and m.id > :after order by m.id limit :limit""")
                .param("chat", chatId).param("after", afterId).param("limit", limit)
                .query((rs, n) -> new ChatMessage(rs.getLong("id"), rs.getLong("chat_id"), rs.getString("author"),
                        (Long) rs.getObject("agent_id"), rs.getString("agent_name"), rs.getString("body"),
                        phrases.parse(rs.getString("phrase")), rs.getString("file_name"), rs.getString("client_id"),
                        rs.getTimestamp("created_at").toInstant())).list();
    }

    @Transactional(readOnly = true)
    public StoredFile file(long chatId, long messageId) {
        return jdbc.sql("select file_name, file_type, file_data from chat_messages where id = :id and chat_id = :chat "
                + "and file_data is not null").param("id", messageId).param("chat", chatId)
                .query((rs, n) -> new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3))).optional()
                .orElseThrow(() -> KlientException.notFound("chat.file.notFound"));
    }

    public record QueueRow(long id, String status, String visitorName, String visitorEmail, String pageTitle,
            String pageUrl, Long offeredTo, Long agentId, String agentName, Instant startedAt, String lastText,
            Integer rating) {
    }

    /**
     * The chats an agent's console lists: those waiting or with the bot (the ones offered to the reader first), the
     * reader's own open ones, then the latest ended, each with its last words.
     */
    @Transactional(readOnly = true)
    public List<QueueRow> queue(int endedToo) {
        long me = CurrentUser.id();
        boolean all = CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SUPPORT);
        return jdbc.sql("""
                select c.id, c.status, c.visitor_name, c.visitor_email, c.page_title, c.page_url, c.offered_to,
                       c.agent_id, u.name as agent_name, c.started_at, c.rating,
                       (select coalesce(m.body, m.file_name) from chat_messages m
                        where m.chat_id = c.id and m.author in ('VISITOR', 'AGENT', 'BOT')
                        order by m.id desc limit 1) as last_text
                from chats c left join users u on u.id = c.agent_id
                where (:all or c.agent_id = :me or c.offered_to = :me or c.team_id is null
                       or c.team_id in (select team_id from user_teams where user_id = :me))
                  and (c.status <> 'ENDED' or c.id in (select id from chats where ended_at is not null
                       and (c.agent_id = :me or :all) order by ended_at desc limit :ended))
                order by case when c.status = 'ENDED' then 2 when c.agent_id = :me then 0 else 1 end,
                         c.offered_to = :me desc, c.started_at
                limit 100""")
                .param("all", all).param("me", me).param("ended", endedToo)
                .query((rs, n) -> new QueueRow(rs.getLong("id"), rs.getString("status"), rs.getString("visitor_name"),
                        rs.getString("visitor_email"), rs.getString("page_title"), rs.getString("page_url"),
                        (Long) rs.getObject("offered_to"), (Long) rs.getObject("agent_id"),
                        rs.getString("agent_name"), rs.getTimestamp("started_at").toInstant(),
                        rs.getString("last_text"), (Integer) rs.getObject("rating"))).list();
    }

    public record Query(String status, Long agentId, Long contactId, Instant from, Instant to) {
    }

    /** Chats for the API, newest first, those the reader may see. */
    @Transactional(readOnly = true)
    public app.klient.platform.web.CountedPage<ChatView> list(Query query,
            org.springframework.data.domain.Pageable page) {
        long me = CurrentUser.id();
        boolean all = CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SUPPORT);
        String where = """
                 where (:all or c.agent_id = :me or c.offered_to = :me or c.team_id is null
                        or c.team_id in (select team_id from user_teams where user_id = :me))
                   and (cast(:status as text) is null or c.status = :status)
                   and (cast(:agent as bigint) is null or c.agent_id = :agent)
                   and (cast(:contact as bigint) is null or c.contact_id = :contact)
                   and (cast(:from as timestamptz) is null or c.started_at >= :from)
                   and (cast(:to as timestamptz) is null or c.started_at < :to)""";
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("all", all);
        params.put("me", me);
        params.put("status", query.status());
        params.put("agent", query.agentId());
        params.put("contact", query.contactId());
        params.put("from", query.from() == null ? null : Timestamp.from(query.from()));
        params.put("to", query.to() == null ? null : Timestamp.from(query.to()));
        List<ChatView> rows = jdbc.sql(VIEW + " " + where + " order by c.started_at desc, c.id desc limit :limit offset :offset")
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query(Chats::view).list();
        return app.klient.platform.web.CountedPage.of(rows, page, jdbc, "from chats c " + where, params);
    }

    // --------------------------------------------------------------------------------------------- offering

    /**
     * Offers a waiting chat to the next available agent of its team (anybody available when the widget names no
     * team), in turn; the agent's open pages are told at once. Nobody available: it waits in the queue.
     */
    @Transactional
    public void offer(long chatId) {
        ChatView chat = get(chatId);
        if (!chat.status().equals("WAITING")) {
            return;
        }
        List<Long> free = agents.availableNow(chat.teamId() == null ? null : teams.activeMembers(chat.teamId()));
        if (chat.offeredTo() != null && free.size() > 1) {
            // offered before and not taken: the next one in turn
            free = free.stream().filter(a -> !a.equals(chat.offeredTo())).toList();
        }
        Optional<Long> next = free.isEmpty() ? Optional.empty()
                : chat.teamId() == null ? Optional.of(free.get(RANDOM.nextInt(free.size())))
                : teams.nextInRotation(chat.teamId(), free);
        if (next.isEmpty()) {
            return;
        }
        jdbc.sql("update chats set offered_to = :agent, offered_at = now() where id = :id")
                .param("agent", next.get()).param("id", chatId).update();
        String first = messages(chatId, 0, 20).stream().filter(m -> m.body() != null && m.author().equals("VISITOR"))
                .map(ChatMessage::body).findFirst().orElse("");
        String who = chat.visitorName() != null ? chat.visitorName()
                : chat.visitorEmail() != null ? chat.visitorEmail() : "";
        Phrase offered = Phrase.of("chat.offered", who, first.length() > 80 ? first.substring(0, 80) + "…" : first);
        notices.tell(next.get(), "chat", offered, "/chat/" + chatId, Map.of("chatId", chatId));
        // also kept in the bell, and pushed to the agent's phone: once per agent and chat
        notifications.notify(next.get(), "CHAT_OFFERED", offered, "/chat/" + chatId, chatId);
        live.publish(QUEUE, "q");
    }

    /** Offers again the chats offered a while ago and not taken (to the next agent), and those nobody was offered. */
    @Transactional
    public int offerAgain(Duration after) {
        List<Long> waiting = jdbc.sql("""
                select id from chats where status = 'WAITING'
                  and (offered_at is null or offered_at < now() - make_interval(secs => :after))
                order by started_at limit 100 for update skip locked""").param("after", after.toSeconds())
                .query(Long.class).list();
        waiting.forEach(this::offer);
        return waiting.size();
    }

    /**
     * Chats nobody took within {@code after}: the service desk answers them by e-mail instead. A visitor who gave an
     * e-mail gets a ticket with the conversation so far; one who did not is asked for it (and gets the ticket when
     * they give it). The chat stays open: an agent who becomes free may still take it.
     */
    @Transactional
    public int giveUpWaiting(Duration after) {
        List<Long> waiting = jdbc.sql("""
                select id from chats where status = 'WAITING' and unanswered_at is null
                  and started_at < now() - make_interval(secs => :after)
                order by started_at limit 100 for update skip locked""").param("after", after.toSeconds())
                .query(Long.class).list();
        for (long id : waiting) {
            jdbc.sql("update chats set unanswered_at = now() where id = :id").param("id", id).update();
            ChatView chat = get(id);
            if (chat.visitorEmail() != null) {
                ticketForUnanswered(chat);
            }
            else {
                insertMessage(id, "SYSTEM", null, null, Phrase.of("chat.system.unansweredEmail"), null, null);
            }
            live.publish(topic(id), "s");
        }
        return waiting.size();
    }

    private boolean unanswered(long chatId) {
        return jdbc.sql("select unanswered_at is not null from chats where id = :id").param("id", chatId)
                .query(Boolean.class).single();
    }

    private void ticketForUnanswered(ChatView chat) {
        long ticket = openTicket(chat, null);
        insertMessage(chat.id(), "SYSTEM", null, null, Phrase.of("chat.system.unansweredTicket",
                tickets.get(ticket).number()), null, null);
    }

    /**
     * A ticket of the chat for the service desk: the visitor's first words as its subject, the transcript as its
     * description, assigned to {@code assignee} (or routed as a new request is); kept on the chat.
     */
    private long openTicket(ChatView chat, Long assignee) {
        List<ChatMessage> said = messages(chat.id(), 0, 500);
        String first = said.stream().filter(m -> m.author().equals("VISITOR") && m.body() != null)
                .map(ChatMessage::body).findFirst().orElse("");
        long ticket = tickets.openReceived(new TicketForm(subject(chat.visitorName() == null ? chat.visitorEmail()
                : chat.visitorName(), first), transcript(chat, said), chat.contactId(), chat.companyId(),
                TicketChannel.CHAT, null, null, null, assignee, chat.teamId(), null, null, null), TicketChannel.CHAT,
                chat.visitorEmail(), null, null);
        said.stream().filter(m -> m.author().equals("AGENT")).findFirst()
                .ifPresent(answer -> tickets.answeredBefore(ticket, answer.at()));
        // two agents making a ticket of the chat at the same moment: the second is refused and its ticket rolled back
        if (jdbc.sql("update chats set ticket_id = :ticket, version = version + 1 where id = :id and ticket_id is null")
                .param("ticket", ticket).param("id", chat.id()).update() == 0) {
            throw KlientException.conflict("chat.ticket.already");
        }
        return ticket;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    static String topic(long chatId) {
        return "chat:" + chatId;
    }

    /** The bot's ready answer to the question, if it has one, and its offer of a person. */
    private boolean botAnswers(ChatView chat, String question) {
        Optional<CannedResponses.Canned> answer = bot.match(question, chat.language());
        if (answer.isEmpty()) {
            return false;
        }
        insertMessage(chat.id(), "BOT", null, canned.fill(answer.get().id(), chat.contactId(), chat.visitorName()),
                null, null, null);
        insertMessage(chat.id(), "SYSTEM", null, null, Phrase.of("chat.system.botAsks"), null, null);
        return true;
    }

    private void handOver(long chatId) {
        setStatus(chatId, "WAITING");
        insertMessage(chatId, "SYSTEM", null, null, Phrase.of("chat.system.handover"), null, null);
        offer(chatId);
        live.publish(QUEUE, "q");
    }

    private void setStatus(long chatId, String status) {
        jdbc.sql("update chats set status = :status, version = version + 1 where id = :id").param("status", status)
                .param("id", chatId).update();
        live.publish(topic(chatId), "s");
    }

    long insertMessage(long chatId, String author, Long agentId, String body, Phrase phrase, String clientId,
            StoredFile file) {
        long id = jdbc.sql("""
                insert into chat_messages (chat_id, author, agent_id, body, phrase, client_id, file_name, file_type,
                    file_data)
                values (:chat, :author, :agent, :body, cast(:phrase as jsonb), :client, :fileName, :fileType, :data)
                returning id""")
                .param("chat", chatId).param("author", author).param("agent", agentId).param("body", body)
                .param("phrase", phrases.json(phrase)).param("client", clientId)
                .param("fileName", file == null ? null : file.filename())
                .param("fileType", file == null ? null : file.contentType())
                .param("data", file == null ? null : file.data()).query(Long.class).single();
        live.publish(topic(chatId), "m");
        return id;
    }

    /** One address starts at most {@code klient.chat.chats-per-hour} chats (and messages left) an hour. */
    private void limitChats(String address) {
        long recent = jdbc.sql("select count(*) from chats where address = :address and started_at > now() - "
                + "interval '1 hour'").param("address", address).query(Long.class).single();
        if (recent >= chatsPerHour) {
            throw new KlientException(HttpStatus.TOO_MANY_REQUESTS, "chat.tooMany");
        }
    }

    /** A visitor's e-mail address, normalized; a wrong one (or a missing one when {@code required}) is refused. */
    private static String email(InvalidFields.Collector errors, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add("email", "error.required");
            }
            return null;
        }
        String email = CustomerChecks.email(raw).orElse(null);
        if (email == null) {
            errors.add("email", "customer.email.invalid");
        }
        return email;
    }

    /**
     * A visitor's message sent again (the same {@code clientId}): the stored one's id. Otherwise the chat must be open
     * and the visitor within the limit, and empty is answered: the message is new.
     */
    private Optional<Long> sentBefore(ChatView chat, String clientId) {
        Optional<Long> known = known(chat.id(), clientId);
        if (known.isEmpty()) {
            checkOpen(chat);
            limit(chat.id());
        }
        return known;
    }

    private Optional<Long> known(long chatId, String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id from chat_messages where chat_id = :chat and client_id = :client")
                .param("chat", chatId).param("client", clientId).query(Long.class).optional();
    }

    private void limit(long chatId) {
        long recent = jdbc.sql("""
                select count(*) from chat_messages
                where chat_id = :chat and author = 'VISITOR' and created_at > now() - interval '1 minute'""")
                .param("chat", chatId).query(Long.class).single();
        if (recent >= MESSAGES_PER_MINUTE) {
            throw new KlientException(HttpStatus.TOO_MANY_REQUESTS, "chat.tooFast");
        }
    }

    private static void checkOpen(ChatView chat) {
        if (chat.ended()) {
            throw KlientException.conflict("chat.ended");
        }
    }

    private static void checkFile(StoredFile file) {
        if (file == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "error.required")));
        }
        if (file.data().length > MAX_FILE_BYTES) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "file.tooLarge", file.filename(),
                    MAX_FILE_BYTES / 1024 / 1024)));
        }
    }

    private static void checkClientId(InvalidFields.Collector errors, String clientId) {
        if (clientId != null && !clientId.matches("[A-Za-z0-9_-]{1,64}")) {
            errors.add("clientId", "chat.clientId.invalid");
        }
    }

    /**
     * A visitor's e-mail matched to the contact who has it (and their company); an unknown one makes a lead, so the
     * conversation is followed up by sales.
     */
    private void identify(long chatId, Widget widget, String name, String email, String language) {
        Optional<Senders.Sender> sender = senders.byEmail(email);
        if (sender.isPresent()) {
            jdbc.sql("update chats set contact_id = :contact, company_id = :company where id = :id")
                    .param("contact", sender.get().contactId()).param("company", sender.get().companyId())
                    .param("id", chatId).update();
            return;
        }
        String[] names = name == null ? new String[] { null, null } : splitName(name);
        long lead = leads.captureFromChat(new LeadForm(names[0], names[1], email, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, widget.teamId(), null),
                widget.teamId(), null, language);
        jdbc.sql("update chats set lead_id = :lead where id = :id").param("lead", lead).param("id", chatId).update();
    }

    private static String[] splitName(String name) {
        String clean = name.strip();
        int space = clean.lastIndexOf(' ');
        return space < 0 ? new String[] { null, clean } : new String[] { clean.substring(0, space),
                clean.substring(space + 1) };
    }

    /** The chat satisfaction survey, asked in the widget: its secret kept for the visitor's answer. */
    private void askSatisfaction(ChatView chat) {
        if (chat.agentId() == null) {
            return;
        }
        surveys.askInline(app.klient.surveys.SurveyTrigger.CHAT_ENDED, "CHAT", chat.id(), chat.contactId(),
                chat.companyId(), chat.agentId(), chat.teamId(), chat.visitorEmail(), chat.language())
                .ifPresent(token -> jdbc.sql("update chats set survey_token = :token where id = :id")
                        .param("token", token).param("id", chat.id()).update());
    }

    /** The transcript on the customer's timeline (a chat activity), when the chat has a customer or a lead. */
    private void record(ChatView chat) {
        if (chat.activityId() != null || chat.contactId() == null && chat.companyId() == null && chat.leadId() == null) {
            return;
        }
        List<ChatMessage> said = messages(chat.id(), 0, 1000);
        if (said.stream().noneMatch(m -> m.author().equals("VISITOR") || m.author().equals("AGENT"))) {
            return;
        }
        String first = said.stream().filter(m -> m.author().equals("VISITOR") && m.body() != null)
                .map(ChatMessage::body).findFirst().orElse("");
        String transcript = transcript(chat, said);
        Long owner = chat.agentId();
        long activity = activities.recordReceived(new ActivityForm(ActivityType.CHAT,
                subject(chat.visitorName() == null ? chat.visitorEmail() : chat.visitorName(), first),
                transcript.length() > 20_000 ? transcript.substring(0, 20_000) : transcript, Direction.INBOUND,
                chat.contactId(), chat.contactId() == null ? chat.companyId() : null, null, chat.leadId(),
                chat.ticketId(), chat.startedAt().atOffset(java.time.ZoneOffset.UTC),
                (int) Math.min(1440, Duration.between(chat.startedAt(), Instant.now()).toMinutes()), null, null,
                null, null, null), owner).id();
        jdbc.sql("update chats set activity_id = :activity where id = :id").param("activity", activity)
                .param("id", chat.id()).update();
    }

    /** The chat as text: who said what and when (UTC), Klient's own lines worded in the chat's language. */
    String transcript(ChatView chat, List<ChatMessage> said) {
        java.util.Locale locale = java.util.Locale.forLanguageTag(chat.language());
        java.util.Locale before = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        org.springframework.context.i18n.LocaleContextHolder.setLocale(locale);
        try {
            StringBuilder text = new StringBuilder();
            java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                    .withZone(calendar.hours().zone());
            for (ChatMessage m : said) {
                String who = switch (m.author()) {
                    case "VISITOR" -> chat.visitorName() != null ? chat.visitorName()
                            : phrases.render(Phrase.of("chat.author.VISITOR"));
                    case "AGENT" -> m.agentName() == null ? "" : m.agentName();
                    default -> phrases.render(Phrase.of("chat.author." + m.author()));
                };
                String said1 = m.body() != null ? m.body() : m.phrase() != null ? phrases.render(m.phrase())
                        : "[" + m.fileName() + "]";
                text.append('[').append(time.format(m.at())).append("] ").append(who).append(": ").append(said1)
                        .append('\n');
            }
            return text.toString();
        }
        finally {
            org.springframework.context.i18n.LocaleContextHolder.setLocale(before);
        }
    }

    private static String subject(String who, String first) {
        String line = first == null ? "" : first.strip().replaceAll("\\s+", " ");
        String subject = (who == null || who.isBlank() ? "" : who.strip() + ": ") + line;
        if (subject.isBlank()) {
            subject = "Chat";
        }
        return subject.length() > 200 ? subject.substring(0, 199) + "…" : subject;
    }

    /** Text a person typed: trimmed, control characters but line breaks dropped, empty as none, refused when long. */
    static String text(InvalidFields.Collector errors, String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").strip();
        if (clean.isEmpty()) {
            return null;
        }
        if (clean.length() > max) {
            errors.add(field, "error.tooLong", max);
            return null;
        }
        return clean;
    }

    private static String page(String url) {
        if (url == null || url.length() > 2000 || !url.matches("(?i)https?://\\S+")) {
            return null;
        }
        return url;
    }

    public static String language(String asked) {
        if (asked == null) {
            return "en";
        }
        String two = asked.length() >= 2 ? asked.substring(0, 2).toLowerCase(java.util.Locale.ROOT) : "";
        return two.matches("en|pl|cs") ? two : "en";
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String VIEW = """
            select c.*, u.name as agent_name from chats c left join users u on u.id = c.agent_id""";

    private static ChatView view(ResultSet rs, int n) throws SQLException {
        return new ChatView(rs.getLong("id"), rs.getLong("widget_id"), rs.getString("status"),
                rs.getString("visitor_name"), rs.getString("visitor_email"), rs.getString("language"),
                rs.getString("page_url"), rs.getString("page_title"), (Long) rs.getObject("team_id"),
                (Long) rs.getObject("offered_to"), (Long) rs.getObject("agent_id"), rs.getString("agent_name"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"), (Long) rs.getObject("lead_id"),
                (Long) rs.getObject("ticket_id"), (Integer) rs.getObject("rating"), rs.getString("rating_comment"),
                (Long) rs.getObject("activity_id"), instant(rs, "started_at"), instant(rs, "accepted_at"), instant(rs, "ended_at"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
