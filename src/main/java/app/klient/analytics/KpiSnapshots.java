package app.klient.analytics;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.platform.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The KPI figures kept in {@code analytics_kpi_snapshots}: one row per {@link Question}, with its measures, when
 * they were computed, when the question was last asked, and the lease of the node computing it. Each statement
 * stands alone (no transaction of the caller's), so a lease taken is seen by every other node at once.
 */
@Component
class KpiSnapshots {

    /** What a figure depends on: the key of a kept one. */
    record Question(String kpiId, KpiFilters filters, Period period, ZoneId zone, boolean withTrend) {

        String key() {
            return String.join("|", kpiId, period.from().toString(), period.to().toString(), zone.getId(),
                    withTrend ? "trend" : "figure", "team=" + text(filters.teamId()),
                    "owner=" + text(filters.ownerId()), "segment=" + text(filters.segmentId()),
                    "pipeline=" + text(filters.pipelineId()), "product=" + text(filters.productId()),
                    "country=" + text(filters.country()), "currency=" + text(filters.currency()));
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString();
        }
    }

    /**
     * A kept figure: the measures in the order {@link Kpis} asks for them, when their computation started (what they
     * count) and when it ended.
     */
    record Kept(List<Measure> measures, Instant computedAt, Instant keptAt) {

        Duration age(Instant now) {
            return Duration.between(computedAt, now);
        }
    }

    private static final TypeReference<List<Measure>> MEASURES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    KpiSnapshots(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The kept figures of these questions (those there are), noting that they were asked. */
    Map<String, Kept> read(List<Question> questions) {
        String[] keys = questions.stream().map(Question::key).distinct().toArray(String[]::new);
        Map<String, Kept> kept = new HashMap<>();
        jdbc.sql("select key, measures, computed_at, kept_at from analytics_kpi_snapshots where key = any(:keys)"
                + " and measures is not null").param("keys", keys)
                .query(rs -> {
                    kept.put(rs.getString(1), new Kept(json.readValue(rs.getString(2), MEASURES),
                            rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
                });
        // a minute's precision is enough to know what was read in the last day, and spares a write per read
        jdbc.sql("update analytics_kpi_snapshots set last_read_at = now() where key = any(:keys)"
                + " and last_read_at < now() - interval '1 minute'").param("keys", keys).update();
        return kept;
    }

    Optional<Kept> read(Question question) {
        return Optional.ofNullable(read(List.of(question)).get(question.key()));
    }

    /**
     * Takes the lease on a question's figure for {@code node} (making its row if there is none): true when this node
     * may compute it now, false while another node's lease runs.
     */
    boolean lease(Question question, String node, Duration lease) {
        return jdbc.sql("""
                insert into analytics_kpi_snapshots (key, kpi_id, filters, period_from, period_to, zone, with_trend,
                                                     leased_until, leased_by)
                values (:key, :kpi, cast(:filters as jsonb), :from, :to, :zone, :trend, now() + :lease * interval '1 millisecond',
                        :node)
                on conflict (key) do update set leased_until = excluded.leased_until, leased_by = excluded.leased_by
                where analytics_kpi_snapshots.leased_until is null or analytics_kpi_snapshots.leased_until < now()""")
                .params(row(question)).param("lease", lease.toMillis()).param("node", node).update() == 1;
    }

    /** Keeps a figure computed under this node's lease and gives the lease back. */
    void keep(Question question, String node, List<Measure> measures, Instant computedAt) {
        jdbc.sql("""
                update analytics_kpi_snapshots set measures = cast(:measures as jsonb), computed_at = :at,
                       kept_at = :kept, leased_until = null, leased_by = null
                 where key = :key and leased_by = :node""")
                .param("key", question.key()).param("node", node).param("measures", json.writeValueAsString(measures))
                .param("at", Timestamp.from(computedAt)).param("kept", Timestamp.from(Instant.now())).update();
    }

    /** Gives a lease back without a figure (the computation failed): another node may try. */
    void release(Question question, String node) {
        jdbc.sql("update analytics_kpi_snapshots set leased_until = null, leased_by = null where key = :key"
                + " and leased_by = :node").param("key", question.key()).param("node", node).update();
    }

    /** Keeps a figure computed without a lease (a reader's first), unless a newer one is kept already. */
    void keepFirst(Question question, List<Measure> measures, Instant computedAt) {
        jdbc.sql("""
                insert into analytics_kpi_snapshots (key, kpi_id, filters, period_from, period_to, zone, with_trend,
                                                     measures, computed_at, kept_at)
                values (:key, :kpi, cast(:filters as jsonb), :from, :to, :zone, :trend, cast(:measures as jsonb), :at,
                        :kept)
                on conflict (key) do update set measures = excluded.measures, computed_at = excluded.computed_at,
                                                kept_at = excluded.kept_at
                where analytics_kpi_snapshots.computed_at is null
                   or analytics_kpi_snapshots.computed_at < excluded.computed_at""")
                .params(row(question)).param("measures", json.writeValueAsString(measures))
                .param("at", Timestamp.from(computedAt)).param("kept", Timestamp.from(Instant.now())).update();
    }

    /** Whether a node holds the lease on a question's figure now. */
    boolean leased(Question question) {
        return jdbc.sql("select count(*) from analytics_kpi_snapshots where key = :key and leased_until >= now()")
                .param("key", question.key()).query(Long.class).single() > 0;
    }

    /**
     * The questions asked since {@code readSince} whose figure is missing or was computed before {@code olderThan}
     * and that no node is computing, most recently read first: what the warm-up job recomputes.
     */
    List<Question> dueSince(Instant readSince, Instant olderThan, int limit) {
        return jdbc.sql("""
                select kpi_id, filters, period_from, period_to, zone, with_trend from analytics_kpi_snapshots
                 where last_read_at >= :since and (computed_at is null or computed_at < :older)
                   and (leased_until is null or leased_until < now())
                 order by last_read_at desc limit :limit""")
                .param("since", Timestamp.from(readSince)).param("older", Timestamp.from(olderThan))
                .param("limit", limit)
                .query((rs, n) -> new Question(rs.getString(1), json.readValue(rs.getString(2), KpiFilters.class),
                        new Period(rs.getDate(3).toLocalDate(), rs.getDate(4).toLocalDate()),
                        ZoneId.of(rs.getString(5)), rs.getBoolean(6)))
                .list();
    }

    /** When each of these questions' figures was computed (those kept). */
    Map<String, Instant> computedAt(List<Question> questions) {
        Map<String, Instant> at = new HashMap<>();
        jdbc.sql("select key, computed_at from analytics_kpi_snapshots where key = any(:keys)"
                + " and computed_at is not null")
                .param("keys", questions.stream().map(Question::key).distinct().toArray(String[]::new))
                .query(rs -> {
                    at.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return at;
    }

    /** Forgets the figures nobody asked for since {@code readSince}; their number. */
    int forgetUnread(Instant readSince) {
        return jdbc.sql("delete from analytics_kpi_snapshots where last_read_at < :since"
                + " and (leased_until is null or leased_until < now())")
                .param("since", Timestamp.from(readSince)).update();
    }

    private Map<String, Object> row(Question question) {
        Map<String, Object> row = new HashMap<>();
        row.put("key", question.key());
        row.put("kpi", question.kpiId());
        row.put("filters", json.writeValueAsString(question.filters()));
        row.put("from", Date.valueOf(question.period().from()));
        row.put("to", Date.valueOf(question.period().to()));
        row.put("zone", question.zone().getId());
        row.put("trend", question.withTrend());
        return row;
    }
}
