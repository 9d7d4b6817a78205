package app.klient.privacy.internal;

import app.klient.privacy.RetentionRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the retention rules that are on, once a day each, on whichever node claims a rule first (a lease in the
 * rule's row); a node that dies holding one lets it go when the lease runs out.
 */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionRules rules;

    RetentionJob(RetentionRules rules) {
        this.rules = rules;
    }

    @Scheduled(fixedDelayString = "${klient.privacy.retention-every:PT1H}", initialDelayString = "${klient.privacy.retention-first:PT2M}")
    void work() {
        try {
            while (rules.runDue()) {
                log.debug("A retention rule ran");
            }
        }
        catch (RuntimeException e) {
            log.warn("Retention run failed; what was done stays done, the rest waits for the next run", e);
        }
    }
}
