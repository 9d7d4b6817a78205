package app.klient.automation.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The engine's heartbeat on every node: changes become runs and due runs are done every fifth of a second (a busy
 * queue is drained before the next pause), and the clock's triggers are scanned every minute.
 */
@Component
class AutomationJobs {

    private static final Logger log = LoggerFactory.getLogger(AutomationJobs.class);
    static final int CHANGES_AT_ONCE = 1_000;
    static final int RUNS_AT_ONCE = 250;
    static final java.time.Duration PASS = java.time.Duration.ofSeconds(5);

    private final RuleEngine engine;
    private final TimeTriggers clock;
    AutomationJobs(RuleEngine engine, TimeTriggers clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${klient.automation.poll-every:PT0.2S}", initialDelayString = "PT10S")
    void work() {
        try {
            // a stream of changes is worked through a few seconds at a time, so the pass ends and starts again
            long until = System.nanoTime() + PASS.toNanos();
            int done;
            do {
                done = engine.dispatch(CHANGES_AT_ONCE) + engine.runDue(RUNS_AT_ONCE);
            }
            while (done > 0 && System.nanoTime() < until);
        }
        catch (RuntimeException e) {
            log.warn("Automation pass failed; the work stays queued for the next one", e);
        }
    }

    @Scheduled(fixedDelayString = "${klient.automation.clock-every:PT60S}", initialDelayString = "PT30S")
    void clock() {
        clock.scan(Instant.now());
    }
}
