package app.klient.automation.webhook;

import java.util.List;
import java.util.Set;

import app.klient.automation.RecordChange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The events webhooks subscribe to, named as their payloads name them ({@code deal.created}, {@code deal.won}), and
 * their publication: each change the automation dispatcher takes becomes a delivery to every subscription to one of
 * its events, in the dispatcher's transaction.
 */
@Component
public class WebhookEvents {

    /** Stores a delivery for each event of each change that an enabled subscription wants, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(List<RecordChange> changes) {
        // built by the webhooks part of issue 21
    }

    /** The kinds of record enabled subscriptions want events about (all kinds for a subscription to every event). */
    @Transactional(readOnly = true)
    public Set<String> watchedRecordTypes() {
        return Set.of();
    }
}
