package app.klient.analytics.models;

import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Trains what was asked for, one version at a time, on whichever node claims it first: a person's "Train now", or the
 * weekly retraining this job asks for itself. A version that becomes the one in use rescores every customer at once;
 * the scores are refreshed every night besides. A node killed mid-training leaves its version RUNNING, taken up again
 * after {@link Models#STALE}.
 */
@Component
class ModelTraining {

    private static final Logger log = LoggerFactory.getLogger(ModelTraining.class);

    private final Models models;
    private final ChurnRisk churn;
    private final CustomerGroups groups;
    private final LeadScore leads;
    private final CustomerScores scores;
    private final JdbcClient jdbc;

    ModelTraining(Models models, ChurnRisk churn, CustomerGroups groups, LeadScore leads, CustomerScores scores,
            JdbcClient jdbc) {
        this.models = models;
        this.churn = churn;
        this.groups = groups;
        this.leads = leads;
        this.scores = scores;
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${klient.models.poll-every:PT15S}", initialDelayString = "${klient.models.first-poll:PT10S}")
    void poll() {
        while (runNext(LocalDate.now()).isPresent()) {
            // one version after another until none waits
        }
    }

    /** Every kind whose version in use (or last attempt) is a week old gets a new training requested. */
    @Scheduled(cron = "${klient.models.weekly:0 30 2 * * *}")
    void weekly() {
        for (ModelKind kind : ModelKind.values()) {
            boolean due = jdbc.sql("""
                    select coalesce(max(requested_at), '-infinity') < now() - interval '7 days' from models
                    where kind = :kind""").param("kind", kind.name()).query(Boolean.class).single();
            if (due) {
                models.request(kind);
            }
        }
        scores.refresh();
    }

    /** Trains the oldest waiting version, if any, as of {@code today}; returns its final state. */
    Optional<ModelState> runNext(LocalDate today) {
        Optional<ModelVersion> claimed = models.claim();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        ModelVersion version = claimed.get();
        long seed = 20_261_207L + version.number();
        try {
            Models.Outcome outcome = switch (version.kind()) {
                case CHURN -> churn.train(today, seed);
                case GROUPS -> groups.train(today, churn.lostAfterDays(), seed);
                case LEAD_SCORE -> leads.train(seed);
            };
            models.step(version.id(), "deciding");
            ModelState state = models.finish(version.id(), outcome);
            log.info("Model {} version {} trained on {} cases: {} (quality {})", version.kind(), version.number(),
                    outcome.examples(), state, outcome.quality());
            if (state == ModelState.ACTIVE && version.kind() != ModelKind.LEAD_SCORE) {
                CustomerScores.Run run = scores.refresh(today);
                log.info("Scored {} customers ({} with a churn risk) in {} ms", run.customers(), run.withRisk(),
                        run.millis());
            }
            return Optional.of(state);
        }
        catch (RuntimeException | OutOfMemoryError e) {
            // out of memory too: what the training held is garbage by now, and the version must not look running
            log.warn("Training model {} version {} failed", version.kind(), version.number(), e);
            models.failed(version.id(), e);
            return Optional.of(ModelState.FAILED);
        }
    }
}
