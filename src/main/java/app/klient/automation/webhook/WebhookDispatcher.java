package app.klient.automation.webhook;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import app.klient.activities.Notifications;
import app.klient.automation.webhook.WebhookClient.Outcome;
import app.klient.automation.webhook.WebhookDeliveries.Due;
import app.klient.platform.Fanout;
import app.klient.platform.Phrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what is due, many at once: takes a batch under a lease, sends each on a pool of senders (a slow receiver
 * holds one sender, not the batch), and writes each outcome down as it comes. Runs on every node; the lease keeps
 * two nodes from sending the same delivery together.
 */
@Component
public class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int SENDERS = 64;
    static final java.time.Duration PASS = java.time.Duration.ofSeconds(5);

    private final WebhookDeliveries deliveries;
    private final WebhookClient client;
    private final Notifications notifications;
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
        Thread thread = new Thread(r, "webhook-sender");
        thread.setDaemon(true);
        return thread;
    });

    WebhookDispatcher(WebhookDeliveries deliveries, WebhookClient client, Notifications notifications) {
        this.deliveries = deliveries;
        this.client = client;
        this.notifications = notifications;
    }

    /** A sender free to take a delivery: a slow receiver holds one of them, never the others' next batch. */
    private final Semaphore free = new Semaphore(SENDERS);

    /**
     * Keeps every sender busy while deliveries are due: takes as many as there are free senders, hands each to one,
     * and takes more as soon as some are free again, for at most a few seconds a pass.
     */
    @Scheduled(fixedDelayString = "${klient.webhooks.poll-every:PT0.2S}", initialDelayString = "PT15S")
    void dispatchDue() {
        long until = System.nanoTime() + PASS.toNanos();
        while (System.nanoTime() < until) {
            int ready = free.drainPermits();
            List<Due> due = ready == 0 ? List.of() : deliveries.take(ready);
            free.release(ready - due.size());
            for (Due d : due) {
                senders.submit(() -> {
                    try {
                        send(d);
                    }
                    catch (RuntimeException e) {
                        log.warn("A webhook delivery could not be written down; its lease runs out and it is sent"
                                + " again", e);
                    }
                    finally {
                        free.release();
                    }
                });
            }
            if (due.isEmpty()) {
                if (free.availablePermits() == SENDERS) {
                    return;
                }
                try {
                    // some are still being sent: wait for one to finish, then take what is due
                    if (free.tryAcquire(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        free.release();
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Sends up to {@code max} due deliveries and waits for every outcome; answers how many were taken (for tests and
     * tools that need the outcomes at once; the schedule uses {@link #dispatchDue()}).
     */
    public int dispatch(int max) {
        List<Due> due = deliveries.take(max);
        Fanout.each(senders, due, this::send, failure -> log.warn(
                "A webhook delivery could not be written down; its lease runs out and it is sent again", failure));
        return due.size();
    }

    private void send(Due due) {
        Instant at = Instant.now();
        Outcome outcome = client.send(due.url(), due.messageId(), due.secrets(), due.payload());
        Long owner = deliveries.record(due, at, outcome);
        if (owner != null) {
            notifications.notify(owner, "webhook-off", Phrase.of("webhook.notice.off", Phrase.text(due.url()
                    .toString())), "/automation/webhooks/" + due.subscriptionId(), due.subscriptionId());
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
