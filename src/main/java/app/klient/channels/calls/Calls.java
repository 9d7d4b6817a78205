package app.klient.channels.calls;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.klient.activities.Activities;
import app.klient.activities.ActivityForm;
import app.klient.activities.ActivityType;
import app.klient.activities.Direction;
import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.Tasks;
import app.klient.automation.OutboundWebhooks;
import app.klient.channels.internal.ChannelEndpoints;
import app.klient.channels.internal.Customers;
import app.klient.identity.Permission;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.live.LiveNotices;
import app.klient.platform.web.CountedPage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Calls the phone system reports: stored first (the phone system is answered only once the row is written), matched
 * by E.164 to a contact or company, written on the card's timeline and into the agent's activities as a CALL, and a
 * missed inbound call turned into one call-back task. The phone system's call id makes a repeat harmless.
 */
@Service
public class Calls {

    static final Set<String> OUTCOMES = Set.of("ANSWERED", "MISSED", "BUSY", "VOICEMAIL", "FAILED");
    static final Set<String> DIRECTIONS = Set.of("INBOUND", "OUTBOUND");
    /** A day of talking is more than any real call: a larger figure is a phone system's mistake. */
    static final long MAX_SECONDS = 86_400;
    /** No phone system reports a call from before this. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final JdbcClient jdbc;
    private final Customers customers;
    private final Users users;
    private final Activities activities;
    private final Tasks tasks;
    private final LiveNotices notices;
    private final MessageSource messages;
    private final Duration callBackWithin;
    private final ChannelEndpoints endpoints;
    private final OutboundWebhooks webhooks;
    private final tools.jackson.databind.ObjectMapper json;

    Calls(JdbcClient jdbc, Customers customers, Users users, Activities activities, Tasks tasks, LiveNotices notices,
            MessageSource messages, @Value("${klient.channels.call-back-within:PT2H}") Duration callBackWithin,
            ChannelEndpoints endpoints, OutboundWebhooks webhooks, tools.jackson.databind.ObjectMapper json) {
        this.endpoints = endpoints;
        this.webhooks = webhooks;
        this.json = json;
        this.jdbc = jdbc;
        this.customers = customers;
        this.users = users;
        this.activities = activities;
        this.tasks = tasks;
        this.notices = notices;
        this.messages = messages;
        this.callBackWithin = callBackWithin;
    }

    /** A call stored, and whether this report stored it (false: the same call id was stored before). */
    public record Stored(CallView call, boolean created) {
    }

    /** At most this many calls in one batch. */
    static final int BATCH_MAX = 500;

    /** What became of one call of a batch: stored, or refused with its field errors (never both). */
    public record Outcome(Stored stored, InvalidFields refused) {
    }

    /**
     * Calls a phone system reports together (its call records since the last upload): each stored as {@link #record}
     * stores one, in one transaction; a call with wrong fields is refused alone and the others are stored. Anything
     * else that fails stores none of them, and the same batch sent again is harmless (the call ids).
     */
    @Transactional
    public List<Outcome> recordAll(List<CallReport> reports) {
        Permission.CHANNELS.check();
        if (reports == null || reports.isEmpty() || reports.size() > BATCH_MAX) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("calls", "call.batch.size", BATCH_MAX)));
        }
        List<Outcome> outcomes = new ArrayList<>(reports.size());
        for (CallReport report : reports) {
            try {
                outcomes.add(new Outcome(record(report == null ? EMPTY : report), null));
            }
            catch (InvalidFields refused) {
                // refused before anything was written: the transaction goes on with the next call
                outcomes.add(new Outcome(null, refused));
            }
        }
        return outcomes;
    }

    private static final CallReport EMPTY = new CallReport(null, null, null, null, null, null, null, null, null);

    @Transactional
    public Stored record(CallReport report) {
        Permission.CHANNELS.check();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String callId = Customers.text(report.callId());
        if (callId.isEmpty() || callId.length() > 200 || Customers.hostile(callId)) {
            errors.add("callId", callId.isEmpty() ? "call.callId.required" : "call.callId.invalid");
        }
        String direction = upper(report.direction());
        if (!DIRECTIONS.contains(direction)) {
            errors.add("direction", "call.direction.invalid");
        }
        String from = Customers.text(report.from());
        String to = Customers.text(report.to());
        String customerNumber = "OUTBOUND".equals(direction) ? to : from;
        String line = "OUTBOUND".equals(direction) ? from : to;
        if (customerNumber.isEmpty() || customerNumber.length() > 40 || Customers.hostile(customerNumber)) {
            errors.add("OUTBOUND".equals(direction) ? "to" : "from", "call.number.invalid");
        }
        if (line.length() > 40 || Customers.hostile(line)) {
            errors.add("OUTBOUND".equals(direction) ? "from" : "to", "call.number.invalid");
        }
        String outcome = upper(report.outcome());
        if (!OUTCOMES.contains(outcome)) {
            errors.add("outcome", "call.outcome.invalid");
        }
        long seconds = report.durationSeconds() == null ? 0 : report.durationSeconds();
        if (seconds < 0 || seconds > MAX_SECONDS) {
            errors.add("durationSeconds", "call.duration.invalid");
        }
        Optional<UserSummary> agent = agent(report.agent(), errors);
        String recording = Customers.text(report.recordingUrl());
        if (!recording.isEmpty() && !https(recording)) {
            errors.add("recordingUrl", "call.recording.invalid");
        }
        Instant started = report.startedAt() == null ? Instant.now() : report.startedAt().toInstant();
        if (started.isAfter(Instant.now().plus(Duration.ofDays(1))) || started.isBefore(EARLIEST)) {
            errors.add("startedAt", "call.startedAt.invalid");
        }
        errors.throwIfAny();

        // a call reported again (a retry after a lost answer) meets the unique call id: the stored one is answered
        String e164 = Customers.e164(customerNumber).orElse(null);
        Optional<Customers.Match> match = e164 == null ? Optional.empty() : customers.byNumber(e164);
        Long contact = match.map(Customers.Match::contactId).orElse(null);
        Long company = match.map(Customers.Match::companyId).orElse(null);
        Long id = jdbc.sql("""
                insert into calls (external_id, direction, customer_number, customer_e164, line_number, agent_id,
                    started_at, duration_seconds, outcome, recording_url, contact_id, company_id)
                values (:callId, :direction, :number, :e164, :line, :agent, :started, :seconds, :outcome, :recording,
                    :contact, :company)
                on conflict (external_id) do nothing returning id""")
                .param("callId", callId).param("direction", direction).param("number", customerNumber)
                .param("e164", e164).param("line", line).param("agent", agent.map(UserSummary::id).orElse(null))
                .param("started", Timestamp.from(started)).param("seconds", (int) seconds).param("outcome", outcome)
                .param("recording", recording.isEmpty() ? null : recording).param("contact", contact)
                .param("company", company).query(Long.class).optional().orElse(null);
        if (id == null) {
            return new Stored(byCallId(callId).orElseThrow(), false);
        }
        // what was just stored is answered as it is (no second read at a thousand calls a second)
        CallView call = new CallView(id, callId, direction, customerNumber, e164, line,
                agent.map(UserSummary::id).orElse(null), agent.map(UserSummary::name).orElse(null), started,
                (int) seconds, outcome, recording.isEmpty() ? null : recording, contact, company,
                match.map(Customers.Match::name).orElse(null), null, null, Instant.now());
        Long owner = agent.map(UserSummary::id).orElse(match.map(Customers.Match::ownerId).orElse(null));
        Long activity = match.isPresent() ? writeActivity(call, match.get(), owner) : null;
        Long task = null;
        if ("INBOUND".equals(direction) && "MISSED".equals(outcome) && owner != null) {
            String name = match.map(Customers.Match::name).orElse(null);
            String language = agent.isPresent() ? agent.get().locale() : users.get(owner).locale();
            Locale locale = language == null ? Locale.ENGLISH : Locale.forLanguageTag(language);
            String number = e164 == null ? customerNumber : e164;
            String title = name == null ? messages.getMessage("call.task.callBack", new Object[] { number }, locale)
                    : messages.getMessage("call.task.callBackNamed", new Object[] { name, number }, locale);
            task = tasks.createAutomatically(new TaskForm(Customers.cut(title, 200), null,
                    OffsetDateTime.now(ZoneOffset.UTC).plus(callBackWithin), Priority.HIGH, owner, contact, company,
                    null, null, null, null, false, null)).id();
        }
        if (activity != null || task != null) {
            jdbc.sql("update calls set activity_id = :activity, task_id = :task where id = :id")
                    .param("activity", activity).param("task", task).param("id", id).update();
        }
        return new Stored(new CallView(id, callId, direction, customerNumber, e164, line, call.agentId(),
                call.agentName(), started, (int) seconds, outcome, call.recordingUrl(), contact, company,
                call.customerName(), activity, task, call.createdAt()), true);
    }

    /** Ties a call from an unknown number to a contact or company afterwards; its activity follows. */
    @Transactional
    public CallView link(long id, Long contactId, Long companyId) {
        if (!app.klient.identity.OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "call.dial.forbidden");
        }
        CallView call = get(id);
        Customers.Match match = customers.chosen(contactId, companyId);
        if (call.contactId() != null || call.companyId() != null) {
            throw KlientException.conflict("call.link.already");
        }
        long activity = writeActivity(call, match, call.agentId() != null ? call.agentId() : match.ownerId());
        jdbc.sql("update calls set contact_id = :contact, company_id = :company, activity_id = :activity where id = :id")
                .param("contact", match.contactId()).param("company", match.companyId()).param("activity", activity)
                .param("id", id).update();
        return get(id);
    }

    /** The call's CALL activity on the customer's timeline and in the owner's activities; answers its id. */
    private long writeActivity(CallView call, Customers.Match match, Long owner) {
        String number = call.customerE164() == null ? call.customerNumber() : call.customerE164();
        String body = call.recordingUrl() == null ? null : call.recordingUrl();
        int minutes = (int) Math.min(1440, (call.durationSeconds() + 59) / 60);
        return activities.recordReceived(new ActivityForm(ActivityType.CALL, "☎ " + number, body,
                Direction.valueOf(call.direction()), match.contactId(), match.companyId(), null, null, null,
                call.startedAt().atOffset(ZoneOffset.UTC), minutes, call.outcome(), null, null, null, null), owner)
                .id();
    }

    /**
     * Tells the agent's open pages at once who is calling, with a click to the card (an unknown number: a click to
     * a new contact with the number filled in). Answers what the agent was shown.
     */
    @Transactional
    public Map<String, Object> ring(Ringing ringing) {
        Permission.CHANNELS.check();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String from = Customers.text(ringing.from());
        if (from.isEmpty() || from.length() > 40 || Customers.hostile(from)) {
            errors.add("from", "call.number.invalid");
        }
        if (Customers.text(ringing.agent()).isEmpty()) {
            errors.add("agent", "call.agent.required");
        }
        Optional<UserSummary> agent = agent(ringing.agent(), errors);
        errors.throwIfAny();
        String number = Customers.e164(from).orElse(from);
        Optional<Customers.Match> match = customers.byPhone(from);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("number", number);
        Phrase phrase;
        String url;
        if (match.isEmpty()) {
            phrase = Phrase.of("call.ringing.unknown", Phrase.text(number));
            url = "/contacts/new?phone=" + java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8);
        }
        else {
            Customers.Match m = match.get();
            data.put("contactId", m.contactId());
            data.put("companyId", m.companyId());
            phrase = m.contactId() != null && m.companyName() != null
                    ? Phrase.of("call.ringing.contactAtCompany", Phrase.text(m.name()), Phrase.text(m.companyName()))
                    : Phrase.of("call.ringing.known", Phrase.text(m.name()));
            url = m.url();
        }
        notices.tell(agent.orElseThrow().id(), "call", phrase, url, data);
        data.put("url", url);
        data.put("known", match.isPresent());
        return data;
    }

    /** Whether the administrator set up click-to-call (a "Call" button beside each number). */
    @Transactional(readOnly = true)
    public boolean canDial() {
        return endpoints.webhookOf(ChannelEndpoints.CLICK_TO_CALL).isPresent();
    }

    /**
     * Asks the phone system to ring the signed-in user's phone and then dial {@code number}: a signed request through
     * the click-to-call webhook, stored now and delivered (and retried) by the webhook deliveries. Answers its
     * webhook-id. 409 when click-to-call is not set up.
     */
    @Transactional
    public String dial(String raw) {
        if (!app.klient.identity.OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "call.dial.forbidden");
        }
        String number = Customers.text(raw);
        Optional<String> e164 = number.length() > 40 || Customers.hostile(number) ? Optional.empty()
                : Customers.e164(number);
        if (e164.isEmpty()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("number", "call.number.invalid")));
        }
        long webhook = endpoints.webhookOf(ChannelEndpoints.CLICK_TO_CALL)
                .orElseThrow(() -> KlientException.conflict("call.dial.notSetUp"));
        UserSummary me = users.get(app.klient.identity.CurrentUser.id());
        tools.jackson.databind.node.ObjectNode data = json.createObjectNode();
        data.put("number", e164.get());
        data.putObject("agent").put("id", me.id()).put("email", me.email()).put("name", me.name());
        customers.byPhone(e164.get()).ifPresent(m -> {
            if (m.contactId() != null) {
                data.put("contactId", m.contactId());
            }
            if (m.companyId() != null) {
                data.put("companyId", m.companyId());
            }
        });
        return webhooks.send(webhook, "call.requested", data);
    }

    @Transactional(readOnly = true)
    public CallView get(long id) {
        return jdbc.sql(SELECT + " where c.id = :id and " + VISIBLE).param("id", id).query(Calls::view).optional()
                .orElseThrow(() -> KlientException.notFound("call.notFound"));
    }

    /** The filters of the list; all optional. {@code unlinked}: only calls from numbers nobody has yet. */
    public record Query(Long contactId, Long companyId, Long agentId, String number, String outcome,
            String direction, Boolean unlinked, Instant from, Instant to) {
    }

    /** Calls newest first, of the customers the reader may see (and of unknown numbers). */
    @Transactional(readOnly = true)
    public CountedPage<CallView> list(Query query, Pageable page) {
        List<String> where = new ArrayList<>(List.of(VISIBLE));
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (query.contactId() != null) {
            where.add("c.contact_id = :contact");
            params.addValue("contact", query.contactId());
        }
        if (query.companyId() != null) {
            where.add("c.company_id = :company");
            params.addValue("company", query.companyId());
        }
        if (query.agentId() != null) {
            where.add("c.agent_id = :agent");
            params.addValue("agent", query.agentId());
        }
        if (query.number() != null && !query.number().isBlank()) {
            where.add("c.customer_e164 = :e164");
            params.addValue("e164", Customers.e164(Customers.cut(query.number(), 40)).orElse("-"));
        }
        if (query.outcome() != null && !query.outcome().isBlank()) {
            if (!OUTCOMES.contains(upper(query.outcome()))) {
                throw KlientException.invalid("call.outcome.invalid");
            }
            where.add("c.outcome = :outcome");
            params.addValue("outcome", upper(query.outcome()));
        }
        if (query.direction() != null && !query.direction().isBlank()) {
            if (!DIRECTIONS.contains(upper(query.direction()))) {
                throw KlientException.invalid("call.direction.invalid");
            }
            where.add("c.direction = :direction");
            params.addValue("direction", upper(query.direction()));
        }
        if (Boolean.TRUE.equals(query.unlinked())) {
            where.add("c.contact_id is null and c.company_id is null");
        }
        if (query.from() != null) {
            where.add("c.started_at >= :from");
            params.addValue("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.add("c.started_at < :to");
            params.addValue("to", Timestamp.from(query.to()));
        }
        String whereSql = " where " + String.join(" and ", where);
        List<CallView> rows = jdbc.sql(SELECT + whereSql + " order by c.started_at desc, c.id desc limit :limit offset :offset")
                .params(params.getValues()).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query(Calls::view).list();
        return CountedPage.of(rows, page, jdbc, "from calls c" + whereSql, params.getValues());
    }

    private Optional<CallView> byCallId(String callId) {
        return jdbc.sql(SELECT + " where c.external_id = :callId").param("callId", callId).query(Calls::view)
                .optional();
    }

    private Optional<UserSummary> agent(String raw, InvalidFields.Collector errors) {
        String email = Customers.text(raw);
        if (email.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserSummary> user = email.length() > 254 || Customers.hostile(email) ? Optional.empty()
                : users.findByEmail(email).filter(UserSummary::active);
        if (user.isEmpty()) {
            errors.add("agent", "call.agent.unknown");
        }
        return user;
    }

    static boolean https(String url) {
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && url.length() <= 2000;
        }
        catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String upper(String raw) {
        return raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
    }

    /** A call of a customer the reader may not see is not theirs to see either (the row policies decide). */
    private static final String VISIBLE = """
            (c.contact_id is null or exists (select 1 from contacts x where x.id = c.contact_id))
            and (c.company_id is null or exists (select 1 from companies y where y.id = c.company_id))""";

    private static final String SELECT = """
            select c.*, u.name as agent_name,
                   coalesce(nullif(trim(concat_ws(' ', ct.first_name, ct.last_name)), ''), co.name) as customer_name
            from calls c
            left join users u on u.id = c.agent_id
            left join contacts ct on ct.id = c.contact_id
            left join companies co on co.id = c.company_id""";

    private static CallView view(ResultSet rs, int n) throws SQLException {
        return new CallView(rs.getLong("id"), rs.getString("external_id"), rs.getString("direction"),
                rs.getString("customer_number"), rs.getString("customer_e164"), rs.getString("line_number"),
                (Long) rs.getObject("agent_id"), rs.getString("agent_name"),
                rs.getTimestamp("started_at").toInstant(), rs.getInt("duration_seconds"), rs.getString("outcome"),
                rs.getString("recording_url"), (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"),
                rs.getString("customer_name"), (Long) rs.getObject("activity_id"), (Long) rs.getObject("task_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
