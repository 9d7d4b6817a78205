package app.klient.platform.live;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What open pages and chat widgets are told the moment it happens, on whichever node they are connected to: a chat
 * message, a visitor typing, a call ringing for an agent. A change is announced with PostgreSQL's {@code NOTIFY}
 * inside the transaction that stored it, so it is heard only once it is committed, by every node sharing the
 * database; each node holds one connection that {@code LISTEN}s and hands what it hears to its own streams.
 * <p>
 * A notice carries no record, only its topic and a short hint: the stream's {@link Feed} reads what is new from the
 * database, from the last event id it sent. So a stream that reconnects (the browser's {@code Last-Event-ID}), a
 * node that restarts, or a listening connection that drops and comes back loses nothing: it reads again.
 */
@Service
public class LiveEvents implements SmartLifecycle {

    static final String CHANNEL = "klient_live";
    /** PostgreSQL refuses a payload of 8,000 bytes or more. */
    private static final int MAX_PAYLOAD = 7_000;
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Map<String, Set<LiveStream>> byTopic = new ConcurrentHashMap<>();
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, daemon("live-send"));
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(daemon("live-beat"));
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;

    LiveEvents(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Announces a change of {@code topic} ({@code chat:42}, {@code user:7}) with a short hint (what changed, an id);
     * inside a transaction it is heard when that commits, and not at all if it rolls back.
     */
    public void publish(String topic, String hint) {
        String payload = topic + "\n" + (hint == null ? "" : hint);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD || topic.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a live notice is a topic and a short hint");
        }
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL).param("payload", payload)
                .query().singleRow();
    }

    /**
     * A server-sent event stream for {@code topics}: {@code feed} writes what is new at once (what the client missed
     * since {@code lastEventId}), then each time one of the topics is announced, and again after the listening
     * connection came back (anything may have been missed then).
     */
    public SseEmitter stream(Collection<String> topics, Feed feed) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        LiveStream stream = new LiveStream(emitter, Set.copyOf(topics), feed, this);
        streams.add(stream);
        for (String topic : stream.topics()) {
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(stream);
        }
        emitter.onCompletion(() -> forget(stream));
        emitter.onTimeout(() -> forget(stream));
        emitter.onError(e -> forget(stream));
        // retry quickly after a restart or a proxy's cut; the stream starts with what was missed
        stream.send(SseEmitter.event().reconnectTime(2_000).comment("klient"));
        stream.notice(List.of());
        return emitter;
    }

    /**
     * Refuses a request that did not ask for an event stream ({@code Accept: text/event-stream}, as every
     * EventSource sends): a plain GET of a stream's address is answered at once instead of being held open.
     */
    public static void requireEventStream(jakarta.servlet.http.HttpServletRequest request) {
        String accept = request.getHeader(org.springframework.http.HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE)) {
            throw new app.klient.platform.KlientException(org.springframework.http.HttpStatus.NOT_ACCEPTABLE,
                    "live.streamOnly");
        }
    }

    /** How many streams this node holds now (for the benchmark and health). */
    public int openStreams() {
        return streams.size();
    }

    /** Whether this node hears notices now. */
    public boolean listening() {
        return listening;
    }

    void forget(LiveStream stream) {
        if (streams.remove(stream)) {
            for (String topic : stream.topics()) {
                byTopic.computeIfPresent(topic, (t, set) -> {
                    set.remove(stream);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    void schedule(Runnable work) {
        senders.execute(work);
    }

    private void heard(String payload) {
        int newline = payload.indexOf('\n');
        String topic = newline < 0 ? payload : payload.substring(0, newline);
        String hint = newline < 0 ? "" : payload.substring(newline + 1);
        Set<LiveStream> listeners = byTopic.get(topic);
        if (listeners != null) {
            Notice notice = new Notice(topic, hint);
            for (LiveStream stream : listeners) {
                stream.notice(List.of(notice));
            }
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = listeningConnection(); Statement statement = connection.createStatement()) {
                statement.execute("listen " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                // notices may have been missed while no connection listened: every stream reads again
                for (LiveStream stream : streams) {
                    stream.notice(List.of(Notice.RESYNC));
                }
                while (running) {
                    PGNotification[] notices = pg.getNotifications(1_000);
                    if (notices == null) {
                        continue;
                    }
                    for (PGNotification notice : notices) {
                        heard(notice.getParameter());
                    }
                }
            }
            catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn("Live notices: the listening connection failed ({}); trying again in 2 s", e.toString());
                    sleep(Duration.ofSeconds(2));
                }
            }
        }
        listening = false;
    }

    /**
     * A connection of its own, outside the pool: it is held for as long as the node runs and must not take one of
     * the pool's places (nor be retired by it).
     */
    private Connection listeningConnection() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private void beat() {
        for (LiveStream stream : List.copyOf(streams)) {
            stream.send(SseEmitter.event().comment("beat"));
        }
    }

    @Override
    public void start() {
        running = true;
        listener = daemon("live-listen").newThread(this::listen);
        listener.start();
        beats.scheduleAtFixedRate(this::beat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false;
        beats.shutdownNow();
        for (LiveStream stream : new ArrayList<>(streams)) {
            stream.complete();
        }
        senders.shutdown();
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A topic's announcement: {@link #RESYNC} when anything may have been missed. */
    public record Notice(String topic, String hint) {

        public static final Notice RESYNC = new Notice("", "resync");

        public boolean resync() {
            return this == RESYNC;
        }
    }

    /**
     * Writes what is new to one stream. Called on a sender thread, never twice at once for the same stream; the
     * notices heard since the last call are given (none on the first call), so a hint-only notice (someone typing)
     * can be passed on as it is.
     */
    @FunctionalInterface
    public interface Feed {

        void write(List<Notice> notices, LiveStream stream) throws Exception;
    }
}
