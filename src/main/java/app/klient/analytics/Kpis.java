package app.klient.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import app.klient.analytics.KpiSnapshots.Question;
import app.klient.platform.KlientException;
import app.klient.identity.RecordAccess;
import app.klient.platform.Period;
import app.klient.platform.db.LongReads;
import app.klient.platform.web.CountedPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every KPI there is (each a {@link Kpi} bean) and what a tile, a KPI's page and the API show of one: its figure for
 * a period beside the period before and the same period a year before, its trend over the period, and the records
 * behind it. Figures are kept ({@link KpiSnapshots}) and said to be "as of" when they were computed: a dashboard
 * over a million contacts cannot compute its tiles live in half a second, and a number is never stale without
 * saying how old it is.
 */
@Service
public class Kpis {

    private static final Logger log = LoggerFactory.getLogger(Kpis.class);

    private final Map<String, Kpi> byId = new LinkedHashMap<>();
    private final JdbcClient jdbc;
    private final KpiSnapshots snapshots;
    private final TransactionTemplate readOnly;
    private final Duration lease;
    private final String node = "node-" + UUID.randomUUID();
    private final AtomicLong computations = new AtomicLong();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** Computes a dashboard's tiles that are not kept, a few at a time. */
    private final ExecutorService tiles;
    /** Recomputes stale figures after their readers have been answered. */
    private final ThreadPoolExecutor background;
    private volatile Duration freshFor;
    private final RecordAccess access;

    Kpis(List<Kpi> kpis, JdbcClient jdbc, KpiSnapshots snapshots, PlatformTransactionManager transactions,
            RecordAccess access,
            @Value("${klient.analytics.fresh-for:PT15M}") Duration freshFor,
            @Value("${klient.analytics.lease:PT5M}") Duration lease,
            @Value("${klient.analytics.threads:4}") int threads) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.access = access;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.freshFor = freshFor;
        this.lease = lease;
        this.tiles = Executors.newFixedThreadPool(threads, daemon("kpi-tile"));
        this.background = new ThreadPoolExecutor(1, Math.max(1, threads / 2), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(200), daemon("kpi-refresh"), new ThreadPoolExecutor.AbortPolicy());
        kpis.stream().sorted(Comparator.comparing(Kpi::group).thenComparing(Kpi::id))
                .forEach(k -> {
                    if (byId.put(k.id(), k) != null) {
                        throw new IllegalStateException("two KPIs are called " + k.id());
                    }
                });
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Every KPI, by group and id. */
    public List<Kpi> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Kpi> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The KPI, or 404. */
    public Kpi get(String id) {
        return find(id).orElseThrow(() -> KlientException.notFound("kpi.notFound"));
    }

    /**
     * A KPI's figure for the period, the period before and the year before, and (when {@code withTrend}) for each
     * day, week or month of the period; the filters it cannot honour are named. {@code asOf} is when a kept figure
     * was computed, null when it was computed for this answer: every reader is told how old a figure is.
     */
    public record Result(Kpi kpi, Period period, Measure current, Measure previous, Measure yearBefore,
            List<Period> buckets, List<Measure> trend, Set<KpiDimension> notApplied, Instant asOf) {

        /** Whether the figure was computed for this answer rather than kept. */
        public boolean live() {
            return asOf == null;
        }
    }

    /**
     * A KPI's figure, kept or live: a kept one younger than {@code klient.analytics.fresh-for} is answered at once;
     * an older one is answered with its age and recomputed in the background; without one it is computed now and
     * kept.
     */
    public Result result(String id, KpiFilters filters, Period period, ZoneId zone, boolean withTrend) {
        return results(List.of(id), filters, period, zone, withTrend).get(0);
    }

    /**
     * Several KPIs' figures under the same filters and period (a dashboard's tiles), in the order asked: those not
     * kept are computed at the same time, each in its own read-only transaction on a small pool of threads that
     * carry the reader's sign-in and language.
     */
    public List<Result> results(List<String> ids, KpiFilters filters, Period period, ZoneId zone,
            boolean withTrend) {
        List<Question> questions = ids.stream().map(id -> new Question(get(id).id(), filters, period, zone,
                withTrend)).toList();
        // a reader whose rules hide records gets figures of their own, computed live: a kept figure is everybody's
        boolean keep = keeping() && access.readsEverything();
        Map<String, KpiSnapshots.Kept> kept = keep ? snapshots.read(questions) : Map.of();
        Instant now = Instant.now();
        Map<String, Future<Result>> computing = new LinkedHashMap<>();
        for (Question q : questions) {
            KpiSnapshots.Kept k = kept.get(q.key());
            if (k == null && !computing.containsKey(q.key())) {
                computing.put(q.key(), tiles.submit(carried(() -> computeAndKeepFirst(q, keep))));
            }
            else if (k != null && k.age(now).compareTo(freshFor) >= 0) {
                refreshLater(q);
            }
        }
        List<Result> results = new ArrayList<>();
        for (Question q : questions) {
            KpiSnapshots.Kept k = kept.get(q.key());
            results.add(k != null ? result(q, k.measures(), k.computedAt()) : waitFor(computing.get(q.key())));
        }
        return results;
    }

    /**
     * Computes a KPI's figure now and keeps it (the "Refresh now" of a tile). Refreshes asked while one computes
     * (on any node) share its figure rather than computing it again.
     */
    public Result refresh(String id, KpiFilters filters, Period period, ZoneId zone, boolean withTrend) {
        Question q = new Question(get(id).id(), filters, period, zone, withTrend);
        if (!keeping() || !access.readsEverything()) {
            return compute(q).result();
        }
        Instant asked = Instant.now();
        Instant giveUp = asked.plus(lease);
        while (Instant.now().isBefore(giveUp)) {
            Optional<Result> shared = keptSince(q, asked);
            if (shared.isPresent()) {
                return shared.get();
            }
            if (snapshots.lease(q, node, lease)) {
                // another refresh may have finished between looking and taking the lease
                shared = keptSince(q, asked);
                if (shared.isPresent()) {
                    snapshots.release(q, node);
                    return shared.get();
                }
                return computeUnderLease(q);
            }
            while (snapshots.leased(q) && Instant.now().isBefore(giveUp)) {
                pause();
            }
        }
        return compute(q).result();
    }

    /** The kept figure when its computation ended after {@code asked}. */
    private Optional<Result> keptSince(Question q, Instant asked) {
        return snapshots.read(q).filter(k -> !k.keptAt().isBefore(asked))
                .map(k -> result(q, k.measures(), k.computedAt()));
    }

    /**
     * Recomputes a figure under this node's lease and keeps it; empty when another node holds the lease. What the
     * warm-up job and the background refresh call.
     */
    Optional<Result> computeLeased(Question q) {
        return snapshots.lease(q, node, lease) ? Optional.of(computeUnderLease(q)) : Optional.empty();
    }

    private Result computeUnderLease(Question q) {
        try {
            Computed computed = compute(q);
            snapshots.keep(q, node, computed.measures(), computed.at());
            return computed.result();
        }
        catch (RuntimeException e) {
            snapshots.release(q, node);
            throw e;
        }
    }

    /** Whether figures are kept at all ({@code klient.analytics.fresh-for} above zero). */
    boolean keeping() {
        return !freshFor.isZero();
    }

    Duration freshFor() {
        return freshFor;
    }

    /** Changes how long a kept figure is fresh (zero: keep none); tests turn keeping on for their own figures. */
    void keepFor(Duration freshFor) {
        this.freshFor = freshFor;
    }

    /** How many figures this node has computed: what tests count. */
    long computations() {
        return computations.get();
    }

    private record Computed(Result result, List<Measure> measures, Instant at) {
    }

    private Result computeAndKeepFirst(Question q, boolean keep) {
        Computed computed = compute(q);
        if (keep) {
            snapshots.keepFirst(q, computed.measures(), computed.at());
        }
        return computed.result();
    }

    /** A figure computed now, in its own read-only transaction; {@code at} is when it started (what it counts). */
    private Computed compute(Question q) {
        Kpi kpi = get(q.kpiId());
        Instant at = Instant.now();
        computations.incrementAndGet();
        List<Period> periods = periods(q);
        // a figure may lag a moment behind the latest commit: on the read replica when there is one
        List<Measure> measures = app.klient.platform.db.Replica.mayLag(() -> readOnly.execute(status -> {
            LongReads.limit(jdbc, Duration.ofSeconds(30));
            return kpi.measure(q.filters(), periods, q.zone());
        }));
        if (measures == null || measures.size() != periods.size()) {
            throw new IllegalStateException(kpi.id() + " measured " + (measures == null ? 0 : measures.size())
                    + " of " + periods.size() + " periods");
        }
        return new Computed(result(q, measures, null), measures, at);
    }

    /** The period, the one before, the year before, then (with the trend) each bucket of the period. */
    private static List<Period> periods(Question q) {
        List<Period> periods = new ArrayList<>(List.of(q.period(), q.period().previous(), q.period().yearBefore()));
        if (q.withTrend()) {
            periods.addAll(q.period().buckets());
        }
        return periods;
    }

    private Result result(Question q, List<Measure> measures, Instant asOf) {
        Kpi kpi = get(q.kpiId());
        Set<KpiDimension> notApplied = EnumSet.noneOf(KpiDimension.class);
        notApplied.addAll(q.filters().chosen());
        notApplied.removeAll(kpi.dimensions());
        return new Result(kpi, q.period(), measures.get(0), measures.get(1), measures.get(2),
                q.withTrend() ? q.period().buckets() : List.of(), measures.subList(3, measures.size()), notApplied,
                asOf);
    }

    /** Recomputes a stale figure in the background, once per node at a time and once across nodes (the lease). */
    private void refreshLater(Question q) {
        if (!refreshing.add(q.key())) {
            return;
        }
        try {
            Callable<Optional<Result>> work = carried(() -> computeLeased(q));
            background.execute(() -> {
                try {
                    work.call();
                }
                catch (Exception e) {
                    log.warn("Could not recompute {}: {}", q.key(), e.toString());
                }
                finally {
                    refreshing.remove(q.key());
                }
            });
        }
        catch (RejectedExecutionException e) {
            // the queue is full: the reader has the kept figure with its age, the warm-up job comes by later
            refreshing.remove(q.key());
        }
    }

    /** Work for another thread, carrying this one's sign-in and language (and time zone) there and back. */
    private <T> Callable<T> carried(Supplier<T> work) {
        SecurityContext security = SecurityContextHolder.getContext();
        LocaleContext locale = LocaleContextHolder.getLocaleContext();
        return () -> {
            SecurityContextHolder.setContext(security);
            LocaleContextHolder.setLocaleContext(locale);
            try {
                return work.get();
            }
            finally {
                SecurityContextHolder.clearContext();
                LocaleContextHolder.resetLocaleContext();
            }
        };
    }

    private static Result waitFor(Future<Result> future) {
        try {
            return future.get();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing a KPI", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a KPI", e);
        }
    }

    @PreDestroy
    void stop() {
        tiles.shutdownNow();
        background.shutdownNow();
    }

    @Transactional(readOnly = true)
    public CountedPage<KpiRecord> records(String id, KpiFilters filters, Period period, ZoneId zone,
            Pageable page) {
        Kpi kpi = get(id);
        LongReads.limit(jdbc, java.time.Duration.ofSeconds(30));
        return kpi.records(filters, period, zone, page);
    }
}
