package app.klient.automation.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import app.klient.automation.webhook.WebhookClient.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every message to every subscription, from the moment its event is known until it is delivered or given up: stored
 * with the event's transaction, taken by one node at a time under a lease (a node that dies mid-send leaves it to the
 * next once the lease runs out, which sends it again under the same webhook-id: at least once), and after each
 * attempt either delivered, or due again after the next pause of {@link #RETRIES}, or failed for good.
 */
@Component
public class WebhookDeliveries {

    /** The pauses before the second, third … tenth attempt; after the tenth the delivery has failed. */
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    /** A subscription whose deliveries have failed for this long, none delivered meanwhile, is switched off. */
    static final Duration FAILING_FOR = Duration.ofDays(3);
    static final Duration LEASE = Duration.ofSeconds(WebhookClient.SECONDS * 4L);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final app.klient.platform.Secrets sealed;

    WebhookDeliveries(JdbcClient jdbc, ObjectMapper json, app.klient.platform.Secrets sealed) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealed = sealed;
    }

    /** One delivery taken to be sent: where, under which id, signed with which secrets, what. */
    record Due(long id, String messageId, long subscriptionId, URI url, List<String> secrets, byte[] payload) {
    }

    /** One message about one event, for the subscriptions that want it. */
    public record Message(String type, Instant at, JsonNode data, List<Long> subscriptions) {
    }

    /**
     * Stores a message of {@code type} about {@code data} for each enabled subscription to that type, in the current
     * transaction; answers how many.
     */
    @Transactional
    public int enqueue(String type, Instant at, JsonNode data) {
        List<Long> subscriptions = jdbc.sql("""
                select id from webhook_subscriptions
                where enabled and (:type = any(event_types) or '*' = any(event_types)) order by id""")
                .param("type", type).query(Long.class).list();
        return enqueue(List.of(new Message(type, at, data, subscriptions)));
    }

    /** Stores every message for each of its subscriptions in one statement; answers how many deliveries. */
    @Transactional
    public int enqueue(List<Message> messages) {
        List<String> ids = new ArrayList<>();
        List<Long> subscriptions = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Message m : messages) {
            ObjectNode message = json.createObjectNode();
            message.put("type", m.type());
            message.put("timestamp", m.at().toString());
            message.set("data", m.data());
            String payload = json.writeValueAsString(message);
            for (long subscription : m.subscriptions()) {
                ids.add(newMessageId());
                subscriptions.add(subscription);
                types.add(m.type());
                payloads.add(payload);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                insert into webhook_deliveries (message_id, subscription_id, event_type, payload, next_attempt_at)
                select m, s, t, p, now() from unnest(:ids, :subscriptions, :types, :payloads) as d(m, s, t, p)""")
                .param("ids", ids.toArray(String[]::new)).param("subscriptions", subscriptions.toArray(Long[]::new))
                .param("types", types.toArray(String[]::new)).param("payloads", payloads.toArray(String[]::new))
                .update();
    }

    /**
     * Stores one message of {@code type} for one subscription alone (one another module keeps for itself), in the
     * current transaction; answers its webhook-id, by which the sender follows how it went.
     */
    @Transactional
    public String enqueueTo(long subscription, String type, Instant at, JsonNode data) {
        ObjectNode message = json.createObjectNode();
        message.put("type", type);
        message.put("timestamp", at.toString());
        message.set("data", data);
        String id = newMessageId();
        jdbc.sql("""
                insert into webhook_deliveries (message_id, subscription_id, event_type, payload, next_attempt_at)
                values (:id, :subscription, :type, :payload, now())""")
                .param("id", id).param("subscription", subscription).param("type", type)
                .param("payload", json.writeValueAsString(message)).update();
        return id;
    }

    /**
     * Sends a delivered or failed message again, as the same message: the same webhook-id and bytes, due now, its
     * retries counted afresh and its earlier attempts kept in the log. Answers false when it is still pending.
     */
    @Transactional
    boolean redeliver(long subscriptionId, long deliveryId) {
        return jdbc.sql("""
                update webhook_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = now(),
                    leased_until = null, delivered_at = null
                where id = :id and subscription_id = :subscription and state in ('DELIVERED', 'FAILED')""")
                .param("id", deliveryId).param("subscription", subscriptionId).update() == 1;
    }

    /** Takes up to {@code max} deliveries that are due and not held by another node, holding them for the lease. */
    @Transactional
    List<Due> take(int max) {
        return jdbc.sql("""
                with taken as (
                    update webhook_deliveries d set leased_until = now() + :lease * interval '1 second'
                    where d.id in (
                        select p.id from webhook_deliveries p
                        join webhook_subscriptions s on s.id = p.subscription_id and s.enabled
                        where p.state = 'PENDING' and p.next_attempt_at <= now()
                          and (p.leased_until is null or p.leased_until < now())
                        order by p.next_attempt_at, p.id limit :max for update of p skip locked)
                    returning d.id, d.message_id, d.subscription_id, d.payload)
                select t.id, t.message_id, t.subscription_id, t.payload, s.url, s.secret,
                       case when s.previous_secret_until > now() then s.previous_secret end as previous
                from taken t join webhook_subscriptions s on s.id = t.subscription_id
                order by t.id""")
                .param("lease", LEASE.toSeconds()).param("max", max)
                .query((rs, row) -> {
                    List<String> secrets = new ArrayList<>(List.of(sealed.open(rs.getString("secret"))));
                    if (rs.getString("previous") != null) {
                        secrets.add(sealed.open(rs.getString("previous")));
                    }
                    return new Due(rs.getLong("id"), rs.getString("message_id"), rs.getLong("subscription_id"),
                            URI.create(rs.getString("url")), List.copyOf(secrets),
                            rs.getString("payload").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }).list();
    }

    /**
     * Writes down an attempt and what follows from it: delivered; or due again after the next pause; or, after the
     * last attempt or a 410 (the receiver says it is gone for good), failed. A 410 switches the subscription off; so
     * do three days of failures without a delivery. Answers the subscription's owner when it was just switched off
     * for failing, so they can be told.
     */
    @Transactional
    Long record(Due due, Instant attemptedAt, Outcome outcome) {
        jdbc.sql("""
                insert into webhook_attempts (delivery_id, attempted_at, duration_ms, status, response, error)
                values (:id, :at, :ms, :status, :response, :error)""")
                .param("id", due.id()).param("at", Timestamp.from(attemptedAt))
                .param("ms", (int) Math.min(Integer.MAX_VALUE, outcome.took().toMillis()))
                .param("status", outcome.status()).param("response", outcome.response())
                .param("error", outcome.error()).update();
        if (outcome.delivered()) {
            jdbc.sql("""
                    update webhook_deliveries set state = 'DELIVERED', attempts = attempts + 1, delivered_at = now(),
                        next_attempt_at = null, leased_until = null where id = :id""").param("id", due.id()).update();
            jdbc.sql("update webhook_subscriptions set failing_since = null where id = :id and failing_since is not null")
                    .param("id", due.subscriptionId()).update();
            return null;
        }
        int attempts = jdbc.sql("""
                update webhook_deliveries set attempts = attempts + 1, leased_until = null where id = :id
                returning attempts""").param("id", due.id()).query(Integer.class).single();
        boolean last = outcome.gone() || attempts > RETRIES.size();
        jdbc.sql("""
                update webhook_deliveries set state = :state,
                    next_attempt_at = case when :last then null else now() + :pause * interval '1 second' end
                where id = :id""")
                .param("state", last ? "FAILED" : "PENDING").param("last", last)
                .param("pause", last ? 0 : RETRIES.get(attempts - 1).toSeconds()).param("id", due.id()).update();
        if (outcome.gone()) {
            switchOff(due.subscriptionId(), "GONE");
            return null;
        }
        // written by the first failure only: a receiver that is down does not have every attempt queue on its row
        jdbc.sql("update webhook_subscriptions set failing_since = :at where id = :id and failing_since is null")
                .param("at", Timestamp.from(attemptedAt)).param("id", due.subscriptionId()).update();
        return jdbc.sql("""
                update webhook_subscriptions set enabled = false, disabled_reason = 'FAILING', updated_at = now(),
                    version = version + 1
                where id = :id and enabled and failing_since <= now() - :days * interval '1 day'
                returning owner_id""")
                .param("id", due.subscriptionId()).param("days", FAILING_FOR.toDays()).query(Long.class).optional()
                .orElse(null);
    }

    private void switchOff(long subscription, String reason) {
        jdbc.sql("""
                update webhook_subscriptions set enabled = false, disabled_reason = :reason, updated_at = now(),
                    version = version + 1
                where id = :id and enabled""").param("reason", reason).param("id", subscription).update();
    }

    /** {@code msg_} and 26 random hexadecimal characters: unique, and the same for every attempt of a delivery. */
    static String newMessageId() {
        byte[] bytes = new byte[13];
        RANDOM.nextBytes(bytes);
        return "msg_" + HexFormat.of().formatHex(bytes);
    }
}
