package app.klient.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.analytics.KpiSnapshots.Question;
import app.klient.analytics.web.KpiRequest;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the kept KPI figures warm, so the first reader after a quiet night does not wait: every figure read in the
 * last day, and every active person's dashboard tiles (and start page tiles) in their role's view for the default
 * period, are recomputed before they go stale (at two thirds of {@code klient.analytics.fresh-for}). Each figure is
 * computed under its lease, so with several nodes each figure is computed by one of them. Figures nobody read for a
 * week are forgotten.
 */
@Component
class KpiWarmUp {

    private static final Logger log = LoggerFactory.getLogger(KpiWarmUp.class);

    /** How many figures one pass recomputes at most (the next pass goes on). */
    static final int PER_PASS = 200;

    /** How many tiles the start page shows (web/AnalyticsOnStart). */
    static final int START_TILES = 4;

    private final Kpis kpis;
    private final KpiSnapshots snapshots;
    private final Dashboards dashboards;
    private final Users users;

    KpiWarmUp(Kpis kpis, KpiSnapshots snapshots, Dashboards dashboards, Users users) {
        this.kpis = kpis;
        this.snapshots = snapshots;
        this.dashboards = dashboards;
        this.users = users;
    }

    @Scheduled(fixedDelayString = "${klient.analytics.warm-every:PT1M}", initialDelayString = "PT30S")
    void run() {
        if (!kpis.keeping()) {
            return;
        }
        try {
            warm(Instant.now());
        }
        catch (RuntimeException e) {
            log.warn("Warming the KPI figures failed; the next pass tries again", e);
        }
    }

    /** One pass: the figures due among those read in the last day, then the dashboards' defaults; their number. */
    int warm(Instant now) {
        int done = warmRead(now) + warmDefaults(now);
        forget(now);
        return done;
    }

    /** Forgets the figures nobody read for a week. */
    void forget(Instant now) {
        snapshots.forgetUnread(now.minus(Duration.ofDays(7)));
    }

    /** Recomputes the figures read in the last day that are missing or would go stale soon; their number. */
    int warmRead(Instant now) {
        return recompute(snapshots.dueSince(now.minus(Duration.ofDays(1)), due(now), PER_PASS));
    }

    /** Computes every active person's dashboard tiles that are missing or would go stale soon; their number. */
    int warmDefaults(Instant now) {
        List<Question> defaults = defaults();
        Map<String, Instant> computed = snapshots.computedAt(defaults);
        Instant due = due(now);
        return recompute(defaults.stream().filter(q -> computed.get(q.key()) == null
                || computed.get(q.key()).isBefore(due)).limit(PER_PASS).toList());
    }

    /** Figures computed before this are recomputed: at two thirds of their freshness, before they go stale. */
    private Instant due(Instant now) {
        return now.minus(kpis.freshFor().multipliedBy(2).dividedBy(3));
    }

    private int recompute(List<Question> questions) {
        int done = 0;
        for (Question q : questions) {
            try {
                if (kpis.computeLeased(q).isPresent()) {
                    done++;
                }
            }
            catch (RuntimeException e) {
                log.warn("Could not warm {}: {}", q.key(), e.toString());
            }
        }
        return done;
    }

    /**
     * Every active person's dashboard tiles as their dashboard first shows them: their role's view (a
     * salesperson's own, a manager's first team), the default period in their time zone, with the trend; and the
     * start page's first tiles without it.
     */
    List<Question> defaults() {
        Map<String, Question> questions = new LinkedHashMap<>();
        for (UserSummary user : users.activeUsers()) {
            Role role = user.role();
            ZoneId zone = ZoneId.of(user.timeZone());
            Long firstTeam = user.teamIds() == null || user.teamIds().isEmpty() ? null : user.teamIds().get(0);
            KpiRequest request = new KpiRequest(KpiRequest.DEFAULT, KpiRequest.DEFAULT.on(LocalDate.now(zone)),
                    KpiFilters.NONE).forRole(role, user.id(), firstTeam);
            List<String> tiles = dashboards.of(user.id(), role).tiles().stream()
                    .filter(t -> kpis.find(t).isPresent()).toList();
            for (int i = 0; i < tiles.size(); i++) {
                Question q = new Question(tiles.get(i), request.filters(), request.period(), zone, true);
                questions.putIfAbsent(q.key(), q);
                if (i < START_TILES) {
                    Question start = new Question(tiles.get(i), request.filters(), request.period(), zone, false);
                    questions.putIfAbsent(start.key(), start);
                }
            }
        }
        return List.copyOf(questions.values());
    }
}
