package app.klient.automation.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as its administrator sees it: where it sends which events, whether it is on (and if not, why: by
 * hand, the receiver answered 410, or it failed for three days), its secret and, for a day after a rotation, the
 * previous one, and how its last delivery went.
 */
public record WebhookView(long id, String url, String description, List<String> eventTypes, boolean enabled,
        String disabledReason, Instant failingSince, String secret, String previousSecret,
        Instant previousSecretUntil, long ownerId, Instant createdAt, Instant updatedAt, int version,
        LastDelivery lastDelivery) {

    public WebhookView {
        eventTypes = List.copyOf(eventTypes);
    }

    /** The newest delivery: its event, state, the status of its last attempt (null: no answer yet), and when. */
    public record LastDelivery(String eventType, String state, Integer status, Instant at) {
    }

    /** ON, or why it is off: HAND, GONE or FAILING. */
    public String state() {
        return enabled ? "ON" : disabledReason == null ? "HAND" : disabledReason;
    }
}
