package app.klient.automation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.automation.webhook.WebhookDeliveries;
import app.klient.automation.webhook.WebhookDispatcher;
import app.klient.automation.webhook.WebhookEvents;
import app.klient.automation.webhook.WebhookForm;
import app.klient.automation.webhook.WebhookSubscriptions;
import app.klient.automation.webhook.WebhookView;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * A webhook another module keeps for one purpose (the phone system's click-to-call, a messaging channel's replies):
 * an ordinary subscription (the same address policy, Standard Webhooks signing, persistent deliveries with retries
 * and the delivery log on the webhooks page) to one event type that is never broadcast, so each message goes to it
 * alone, and its sender can follow how each went.
 */
@Service
public class OutboundWebhooks {

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final JdbcClient jdbc;

    OutboundWebhooks(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries, WebhookDispatcher dispatcher,
            JdbcClient jdbc) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.jdbc = jdbc;
    }

    /** The receiver's address, the secret its signatures verify with, ON or why it is off, and its version. */
    public record Endpoint(long id, String url, String secret, String state, int version) {
    }

    /** How one message went: PENDING, DELIVERED or FAILED, tries so far, the last answer's status or error. */
    public record Sent(String messageId, String state, int attempts, Integer lastStatus, String lastError,
            Instant deliveredAt) {
    }

    /**
     * Makes the endpoint for {@code eventType} (one of {@link WebhookEvents#TARGETED}) or changes its address, from
     * the version the administrator saw; an endpoint that was switched off (failing, gone) is switched on again.
     */
    @Transactional
    public Endpoint save(Long id, String url, String eventType, String description, Integer version) {
        if (!WebhookEvents.TARGETED.contains(eventType)) {
            throw new IllegalArgumentException("Not an event type kept for one subscription: " + eventType);
        }
        WebhookForm form = new WebhookForm(url, description, List.of(eventType), true, version);
        WebhookView saved = id == null ? subscriptions.create(form) : subscriptions.update(id, form);
        if (!saved.enabled()) {
            saved = subscriptions.enable(saved.id(), saved.version());
        }
        return endpoint(saved);
    }

    @Transactional(readOnly = true)
    public Optional<Endpoint> find(long id) {
        try {
            return Optional.of(endpoint(subscriptions.get(id)));
        }
        catch (KlientException e) {
            return Optional.empty();
        }
    }

    @Transactional
    public void delete(long id) {
        subscriptions.delete(id);
    }

    @Transactional
    public Endpoint rotateSecret(long id) {
        return endpoint(subscriptions.rotateSecret(id));
    }

    /** Stores a message to the endpoint in the current transaction; answers its webhook-id. */
    @Transactional
    public String send(long endpointId, String eventType, JsonNode data) {
        if (!WebhookEvents.TARGETED.contains(eventType)) {
            throw new IllegalArgumentException("Not an event type kept for one subscription: " + eventType);
        }
        return deliveries.enqueueTo(endpointId, eventType, Instant.now(), data);
    }

    /** How each of these messages went, by webhook-id (a message whose endpoint was deleted is missing). */
    @Transactional(readOnly = true)
    public Map<String, Sent> sent(Collection<String> messageIds) {
        Map<String, Sent> found = new HashMap<>();
        if (messageIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                select d.message_id, d.state, d.attempts, l.status, l.error, d.delivered_at
                from webhook_deliveries d
                left join lateral (select status, error from webhook_attempts where delivery_id = d.id
                    order by attempted_at desc, id desc limit 1) l on true
                where d.message_id = any(:ids)""").param("ids", messageIds.toArray(String[]::new))
                .query(rs -> {
                    Timestamp delivered = rs.getTimestamp("delivered_at");
                    found.put(rs.getString(1), new Sent(rs.getString(1), rs.getString("state"), rs.getInt("attempts"),
                            (Integer) rs.getObject("status"), rs.getString("error"),
                            delivered == null ? null : delivered.toInstant()));
                });
        return found;
    }

    /** Sends what is due now and waits for the outcomes (tests and tools; the schedule sends on its own). */
    public int sendDue(int max) {
        return dispatcher.dispatch(max);
    }

    private static Endpoint endpoint(WebhookView view) {
        return new Endpoint(view.id(), view.url(), view.secret(), view.state(), view.version());
    }
}
