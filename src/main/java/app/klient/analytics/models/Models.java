package app.klient.analytics.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import app.klient.platform.Actor;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The register of model versions ({@code models}): each kind's history, the one in use, requests for a new training
 * and the decision whether a newly trained version replaces the one in use — only when its held-out quality is not
 * worse (by more than {@link #TOLERANCE}).
 */
@Service
public class Models {

    /** How much worse than the version in use a new one may measure and still replace it (noise of the held-out split). */
    static final double TOLERANCE = 0.005;

    /** A classifier whose held-out AUC is below this guesses no better than a coin, and is not put in use. */
    static final double MIN_AUC = 0.55;

    /** A training left RUNNING this long by a node that died is taken up again. */
    static final String STALE = "30 minutes";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The version in use and what it learnt. */
    public record Active<T>(int number, java.time.Instant trainedAt, double quality, T body) {
    }

    private final JdbcClient jdbc;
    private final Map<ModelKind, Active<?>> parsed = new ConcurrentHashMap<>();

    Models(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String COLUMNS = """
            m.id, m.kind, m.number, m.state, m.step, u.name as requested_by, m.requested_at, m.trained_at, m.examples,
            m.held_out, m.positives, m.quality, m.compared_with, m.compared_quality, m.failure""";

    @Transactional(readOnly = true)
    public List<ModelVersion> versions(ModelKind kind, int limit) {
        return jdbc.sql("select " + COLUMNS + " from models m left join users u on u.id = m.requested_by"
                + " where m.kind = :kind order by m.number desc limit :limit").param("kind", kind.name())
                .param("limit", limit).query(Models::version).list();
    }

    @Transactional(readOnly = true)
    public Optional<ModelVersion> version(long id) {
        return jdbc.sql("select " + COLUMNS + " from models m left join users u on u.id = m.requested_by"
                + " where m.id = :id").param("id", id).query(Models::version).optional();
    }

    /** The version in use of {@code kind}, its body read as {@code type} (parsed once per version). */
    @SuppressWarnings("unchecked")
    public <T> Optional<Active<T>> active(ModelKind kind, Class<T> type) {
        Optional<Map<String, Object>> row = jdbc.sql("select number, trained_at, quality from models"
                + " where kind = :kind and state = 'ACTIVE'").param("kind", kind.name()).query().listOfRows().stream()
                .findFirst();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        int number = ((Number) row.get().get("number")).intValue();
        Active<?> known = parsed.get(kind);
        if (known != null && known.number() == number && type.isInstance(known.body())) {
            return Optional.of((Active<T>) known);
        }
        String body = jdbc.sql("select body::text from models where kind = :kind and number = :number")
                .param("kind", kind.name()).param("number", number).query(String.class).single();
        Active<T> active = new Active<>(number, ((java.sql.Timestamp) row.get().get("trained_at")).toInstant(),
                ((Number) row.get().get("quality")).doubleValue(), JSON.readValue(body, type));
        parsed.put(kind, active);
        return Optional.of(active);
    }

    /**
     * Asks for a new version of {@code kind}, by the person acting (none for the weekly job); a kind already waiting
     * or being trained keeps that request, which is returned.
     */
    @Transactional
    public ModelVersion request(ModelKind kind) {
        Long by = Actor.current().map(Actor::id).orElse(null);
        jdbc.sql("select pg_advisory_xact_lock(hashtext('klient.models.' || :kind))").param("kind", kind.name())
                .query().listOfRows();
        Optional<Long> waiting = jdbc.sql("select id from models where kind = :kind and state in ('QUEUED', 'RUNNING')")
                .param("kind", kind.name()).query(Long.class).optional();
        long id = waiting.orElseGet(() -> jdbc.sql("""
                insert into models (kind, number, state, requested_by)
                values (:kind, (select coalesce(max(number), 0) + 1 from models where kind = :kind), 'QUEUED', :by)
                returning id""").param("kind", kind.name()).param("by", by).query(Long.class).single());
        return version(id).orElseThrow();
    }

    /** Claims the oldest waiting training (or one whose node died mid-way) for this node, marking it RUNNING. */
    @Transactional
    public Optional<ModelVersion> claim() {
        return jdbc.sql("""
                update models set state = 'RUNNING', started_at = now(), step = 'reading'
                where id = (select id from models
                            where state = 'QUEUED' or state = 'RUNNING' and started_at < now() - interval '%s'
                            order by id limit 1 for update skip locked)
                returning id""".formatted(STALE)).query(Long.class).optional().flatMap(this::version);
    }

    @Transactional
    public void step(long id, String step) {
        jdbc.sql("update models set step = :step where id = :id and state = 'RUNNING'").param("step", step)
                .param("id", id).update();
    }

    /** What a training produced: enough data or not, the cases, the held-out quality and what was learnt. */
    public record Outcome(boolean enough, int examples, int heldOut, int positives, double quality, Object body) {

        public static Outcome tooLittle(int examples, int positives) {
            return new Outcome(false, examples, 0, positives, Double.NaN, null);
        }
    }

    /**
     * Ends a training: TOO_LITTLE without enough data; REFUSED when worse than the version in use, or, for a
     * classifier, no better than guessing (AUC under {@link #MIN_AUC}); otherwise ACTIVE, the previous one RETIRED.
     * Returns the state it ended in.
     */
    @Transactional
    public ModelState finish(long id, Outcome outcome) {
        ModelKind kind = ModelKind.valueOf(jdbc.sql("select kind from models where id = :id for update")
                .param("id", id).query(String.class).single());
        if (!outcome.enough()) {
            jdbc.sql("""
                    update models set state = 'TOO_LITTLE', step = null, trained_at = now(), examples = :examples,
                        positives = :positives where id = :id""").param("examples", outcome.examples())
                    .param("positives", outcome.positives()).param("id", id).update();
            return ModelState.TOO_LITTLE;
        }
        Optional<Map<String, Object>> current = jdbc.sql("select number, quality from models"
                + " where kind = :kind and state = 'ACTIVE' for update").param("kind", kind.name()).query()
                .listOfRows().stream().findFirst();
        ModelState state = ModelState.ACTIVE;
        Integer comparedWith = null;
        Double comparedQuality = null;
        if (kind.quality().equals("auc") && !(outcome.quality() >= MIN_AUC)) {
            // no version number to compare with: refused against the floor itself
            state = ModelState.REFUSED;
            comparedQuality = MIN_AUC;
        }
        else if (current.isPresent()) {
            comparedWith = ((Number) current.get().get("number")).intValue();
            comparedQuality = ((Number) current.get().get("quality")).doubleValue();
            if (outcome.quality() < comparedQuality - TOLERANCE) {
                state = ModelState.REFUSED;
            }
            else {
                jdbc.sql("update models set state = 'RETIRED' where kind = :kind and state = 'ACTIVE'")
                        .param("kind", kind.name()).update();
            }
        }
        jdbc.sql("""
                update models set state = :state, step = null, trained_at = now(), examples = :examples,
                    held_out = :heldOut, positives = :positives, quality = :quality, compared_with = :comparedWith,
                    compared_quality = :comparedQuality, body = cast(:body as jsonb)
                where id = :id""").param("state", state.name()).param("examples", outcome.examples())
                .param("heldOut", outcome.heldOut()).param("positives", outcome.positives())
                .param("quality", outcome.quality()).param("comparedWith", comparedWith)
                .param("comparedQuality", comparedQuality).param("body", JSON.writeValueAsString(outcome.body()))
                .param("id", id).update();
        return state;
    }

    @Transactional
    public void failed(long id, Throwable problem) {
        String text = String.valueOf(problem.getMessage() == null ? problem.getClass().getSimpleName()
                : problem.getMessage());
        jdbc.sql("update models set state = 'FAILED', step = null, failure = :failure where id = :id")
                .param("failure", text.length() > 500 ? text.substring(0, 500) : text).param("id", id).update();
    }

    static KlientException unknownKind() {
        return new KlientException(HttpStatus.NOT_FOUND, "models.unknownKind");
    }

    private static ModelVersion version(ResultSet rs, int row) throws SQLException {
        ModelKind kind = ModelKind.valueOf(rs.getString("kind"));
        java.sql.Timestamp trained = rs.getTimestamp("trained_at");
        return new ModelVersion(rs.getLong("id"), kind, rs.getInt("number"), ModelState.valueOf(rs.getString("state")),
                rs.getString("step"), rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(),
                trained == null ? null : trained.toInstant(), (Integer) rs.getObject("examples"),
                (Integer) rs.getObject("held_out"), (Integer) rs.getObject("positives"),
                (Double) rs.getObject("quality"), kind.quality(), (Integer) rs.getObject("compared_with"),
                (Double) rs.getObject("compared_quality"), rs.getString("failure"));
    }
}
