package app.klient.automation.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import app.klient.automation.RecordChange;
import app.klient.automation.RecordChange.Operation;
import app.klient.automation.webhook.WebhookDeliveries.Message;
import app.klient.identity.RecordAccess;
import app.klient.identity.RecordKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events webhooks subscribe to, named as their payloads name them ({@code deal.created}, {@code deal.won}), and
 * their publication: each change the automation dispatcher takes becomes a delivery to every subscription to one of
 * its events, in the dispatcher's transaction.
 */
@Component
public class WebhookEvents {

    /** Every kind of record a change is written down for (migration V112), in the order the form groups them. */
    public static final List<String> RECORD_TYPES = List.of("company", "contact", "lead", "deal", "quote", "order",
            "invoice", "ticket", "activity", "task", "email", "survey_response");

    /** A contact entering or leaving a segment: written down under this kind, its record the contact. */
    static final String SEGMENT_MEMBER = "segment_member";

    /** What can happen to a record beyond being created, updated and deleted. */
    private static final Map<String, List<String>> SPECIAL = Map.of(
            "contact", List.of("segment_joined", "segment_left"),
            "lead", List.of("form_submitted"),
            "deal", List.of("stage_changed", "won", "lost"),
            "ticket", List.of("status_changed"),
            "email", List.of("received"));

    /** Sent to one subscription on request, so its receiver can be tried out. */
    public static final String TEST = "webhook.test";
    public static final String ALL = "*";
    /**
     * Sent only to the one subscription another module keeps for itself (the phone system's click-to-call, a
     * messaging channel's replies): never broadcast to the subscriptions of all events.
     */
    public static final java.util.Set<String> TARGETED = java.util.Set.of("call.requested", "message.reply");

    /** Columns a payload leaves out: search helpers, and anything that looks like a credential. */
    private static final Pattern INTERNAL = Pattern.compile("search.*|.*(token|secret|password|hash).*");

    /** Whether a column is one nobody outside is shown: a search helper, or anything like a credential. */
    public static boolean internal(String column) {
        return INTERNAL.matcher(column).matches();
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WebhookDeliveries deliveries;
    private final ApiRecords records;

    private final RecordAccess access;

    WebhookEvents(JdbcClient jdbc, ObjectMapper json, WebhookDeliveries deliveries, ApiRecords records,
            RecordAccess access) {
        this.access = access;
        this.jdbc = jdbc;
        this.json = json;
        this.deliveries = deliveries;
        this.records = records;
    }

    /** One kind of record's events, as the subscription form groups them. */
    public record Group(String recordType, List<String> eventTypes) {
    }

    private static final List<Group> GROUPS = grouped();
    private static final Set<String> KNOWN = GROUPS.stream().flatMap(g -> g.eventTypes().stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Every event a subscription may name, grouped by the kind of record it is about. */
    public static List<Group> groups() {
        return GROUPS;
    }

    /** Whether a subscription may name {@code eventType}: one of {@link #groups()}, or {@link #ALL}. */
    public static boolean known(String eventType) {
        return ALL.equals(eventType) || KNOWN.contains(eventType) || TARGETED.contains(eventType);
    }

    private static List<Group> grouped() {
        List<Group> groups = new ArrayList<>();
        for (String type : RECORD_TYPES) {
            List<String> events = new ArrayList<>();
            for (String action : List.of("created", "updated", "deleted")) {
                events.add(type + "." + action);
            }
            SPECIAL.getOrDefault(type, List.of()).forEach(action -> events.add(type + "." + action));
            groups.add(new Group(type, List.copyOf(events)));
        }
        return List.copyOf(groups);
    }

    /** The kind of record an event is about as the change queue names it ({@code contact.segment_joined}: a member). */
    static String recordTypeOf(String eventType) {
        if (eventType.startsWith("contact.segment_")) {
            return SEGMENT_MEMBER;
        }
        return eventType.substring(0, eventType.indexOf('.'));
    }

    /** Stores a delivery for each event of each change that an enabled subscription wants, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(List<RecordChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<Long, Set<String>> subscriptions = new LinkedHashMap<>();
        Map<Long, Long> owners = new HashMap<>();
        jdbc.sql("select id, event_types, owner_id from webhook_subscriptions where enabled order by id").query(rs -> {
            subscriptions.put(rs.getLong(1), Set.of((String[]) rs.getArray(2).getArray()));
            owners.put(rs.getLong(1), rs.getLong(3));
        });
        if (subscriptions.isEmpty()) {
            return;
        }
        List<Message> messages = new ArrayList<>();
        Map<RecordKind, Boolean> restricted = new HashMap<>();
        for (RecordChange change : changes) {
            List<String> events = events(change);
            JsonNode data = null;
            // a record whose kind some role reads only in part goes to the subscriptions whose owners read it
            Optional<RecordKind> kind = change.operation() == Operation.DELETE ? Optional.empty()
                    : RecordKind.of(change.recordType())
                            .filter(k -> restricted.computeIfAbsent(k, access::isRestricted));
            for (String event : events) {
                List<Long> to = subscriptions.entrySet().stream()
                        .filter(s -> s.getValue().contains(event) || s.getValue().contains(ALL))
                        .map(Map.Entry::getKey)
                        .filter(id -> kind.isEmpty() || access.reads(owners.get(id), kind.get(), change.recordId()))
                        .toList();
                if (to.isEmpty()) {
                    continue;
                }
                if (data == null) {
                    data = data(change);
                }
                messages.add(new Message(event, change.occurredAt(), data, to));
            }
        }
        deliveries.enqueue(messages);
    }

    /** The kinds of record enabled subscriptions want events about (all kinds for a subscription to every event). */
    @Transactional(readOnly = true)
    public Set<String> watchedRecordTypes() {
        List<String> wanted = jdbc.sql("""
                select distinct unnest(event_types) from webhook_subscriptions where enabled""")
                .query(String.class).list();
        Set<String> types = new LinkedHashSet<>();
        for (String event : wanted) {
            if (ALL.equals(event)) {
                types.addAll(RECORD_TYPES);
                types.add(SEGMENT_MEMBER);
            }
            else if (known(event)) {
                types.add(recordTypeOf(event));
            }
        }
        return Set.copyOf(types);
    }

    /** The events one change is: what was done to its record, and what that means for its kind. */
    static List<String> events(RecordChange change) {
        String type = change.recordType();
        if (SEGMENT_MEMBER.equals(type)) {
            return List.of(change.operation() == Operation.CREATE ? "contact.segment_joined" : "contact.segment_left");
        }
        List<String> events = new ArrayList<>();
        switch (change.operation()) {
            case CREATE -> {
                events.add(type + ".created");
                if ("lead".equals(type) && present(change.valueAfter("web_form_id"))) {
                    events.add("lead.form_submitted");
                }
                if ("email".equals(type) && "INBOUND".equals(text(change.valueAfter("direction")))) {
                    events.add("email.received");
                }
            }
            case UPDATE -> {
                events.add(type + ".updated");
                if ("deal".equals(type)) {
                    if (change.changed().contains("stage_id")) {
                        events.add("deal.stage_changed");
                    }
                    if (change.changed().contains("status")) {
                        String status = text(change.valueAfter("status"));
                        if ("WON".equals(status)) {
                            events.add("deal.won");
                        }
                        else if ("LOST".equals(status)) {
                            events.add("deal.lost");
                        }
                    }
                }
                if ("ticket".equals(type) && change.changed().contains("status")) {
                    events.add("ticket.status_changed");
                }
            }
            case DELETE -> events.add(type + ".deleted");
        }
        return events;
    }

    /**
     * The record as the API shows it ({@code GET /api/v1/<records>/{id}}) when the message is made, moments after the
     * change; for an update also {@code changed} (the names of the API's fields it changed) and {@code previous}
     * (their values before). A record deleted, or gone before its message was made, is its id alone. A kind with no
     * API read (a segment membership) is its row in camelCase, without search helpers and credentials.
     */
    JsonNode data(RecordChange change) {
        if (!records.reads(change.recordType())) {
            return columns(change.operation() == Operation.DELETE ? change.before() : change.after());
        }
        ObjectNode data = change.operation() == Operation.DELETE ? null
                : records.read(change.recordType(), change.recordId()).orElse(null);
        if (data == null) {
            data = json.createObjectNode();
            data.put("id", change.recordId());
            return data;
        }
        if (change.operation() == Operation.UPDATE) {
            ArrayNode changed = json.createArrayNode();
            ObjectNode previous = json.createObjectNode();
            for (String column : change.changed()) {
                String field = camel(column);
                if (!INTERNAL.matcher(column).matches() && data.has(field)) {
                    changed.add(field);
                    JsonNode before = change.valueBefore(column);
                    previous.set(field, before == null ? json.nullNode() : asApiWrites(before));
                }
            }
            data.set("changed", changed);
            data.set("previous", previous);
        }
        return data;
    }

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+[+-]\\d{2}:\\d{2}");

    /** A value as the database wrote it, as the API writes it: a timestamp in UTC ({@code …Z}). */
    private JsonNode asApiWrites(JsonNode value) {
        if (value.isString() && TIMESTAMP.matcher(value.asString()).matches()) {
            return json.valueToTree(java.time.OffsetDateTime.parse(value.asString()).toInstant());
        }
        return value;
    }

    /** A row's columns as the API names them, without search helpers and credentials. */
    private ObjectNode columns(JsonNode row) {
        ObjectNode data = json.createObjectNode();
        if (row != null) {
            row.properties().forEach(column -> {
                if (!INTERNAL.matcher(column.getKey()).matches()) {
                    data.set(camel(column.getKey()), column.getValue());
                }
            });
        }
        return data;
    }

    /** The event a rule's webhook action sends: the record as it stands, and the rule that sent it. */
    public static final String RULE = "automation.rule";

    /**
     * A rule's webhook action: the record of {@code table} as the API shows it now, sent to one subscription as a
     * {@value #RULE} message with the rule named, in the caller's transaction. Answers false when the subscription is
     * switched off or gone, or the record is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean sendRecord(long subscriptionId, String recordType, String table, long recordId, long ruleId,
            String ruleName) {
        boolean on = jdbc.sql("select exists (select 1 from webhook_subscriptions where id = :id and enabled)")
                .param("id", subscriptionId).query(Boolean.class).single();
        ObjectNode data = !on ? null : records.reads(recordType) ? records.read(recordType, recordId).orElse(null)
                : jdbc.sql("select to_jsonb(x)::text from " + table + " x where x.id = :id").param("id", recordId)
                        .query(String.class).optional().map(row -> columns(json.readTree(row))).orElse(null);
        if (data == null) {
            return false;
        }
        data.put("recordType", recordType);
        ObjectNode rule = data.putObject("rule");
        rule.put("id", ruleId);
        rule.put("name", ruleName);
        deliveries.enqueue(List.of(new Message(RULE, java.time.Instant.now(), data, List.of(subscriptionId))));
        return true;
    }

    /** A column as the API names it: {@code stage_id} is {@code stageId}. */
    public static String camel(String column) {
        StringBuilder name = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = name.length() > 0;
            }
            else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static String text(JsonNode value) {
        return present(value) ? value.asString() : null;
    }
}
