package app.klient.analytics.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores every customer with a purchase in the last three lost-after periods, in one pass: recency, frequency (in the
 * last period) and monetary value (its net revenue) with their 1–5 quintile scores; the group of the groups model in
 * use; and, for a customer still counted as one (a purchase within the period), the churn probability with its
 * reasons. The table is replaced in one transaction (readers see the old scores until it commits), written with COPY.
 * Two nodes refreshing at once: one writes, the other's (equal) scores are dropped.
 */
@Component
class CustomerScores {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How many customers were scored, how many of them got a churn risk, and how long it took. */
    record Run(int customers, int withRisk, long millis, boolean written) {
    }

    private final CustomerFeatures features;
    private final ChurnRisk churn;
    private final Models models;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;

    CustomerScores(CustomerFeatures features, ChurnRisk churn, Models models, JdbcClient jdbc, DataSource dataSource,
            TransactionTemplate transaction) {
        this.features = features;
        this.churn = churn;
        this.models = models;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transaction = transaction;
    }

    Run refresh() {
        return refresh(LocalDate.now());
    }

    /**
     * Scores as of {@code today}. The customers are read and scored one at a time into a file (a million of them take
     * a few hundred megabytes as objects, a hundred as text), which one transaction then copies in, replacing the
     * table and giving each customer their quintiles of recency, frequency and value among all scored.
     */
    Run refresh(LocalDate today) {
        long started = System.nanoTime();
        int window = churn.lostAfterDays();
        Optional<Models.Active<ChurnRisk.Body>> risk = models.active(ModelKind.CHURN, ChurnRisk.Body.class);
        Optional<Models.Active<CustomerGroups.Body>> groups = models.active(ModelKind.GROUPS, CustomerGroups.Body.class);
        String groupsModel = groups.map(g -> String.valueOf(g.number())).orElse("\\N");
        String churnModel = risk.map(r -> String.valueOf(r.number())).orElse("\\N");
        int[] counts = new int[2];
        Path file;
        try {
            file = Files.createTempFile("klient-scores-", ".tsv");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder(256);
                features.read(today, window, 3 * window, 3 * window, row -> {
                    int recency = row.recency(today);
                    Integer group = groups.map(g -> g.body().group(row, today)).orElse(null);
                    Double probability = null;
                    List<Reason> reasons = List.of();
                    if (risk.isPresent() && recency < window) {
                        ChurnRisk.Body body = risk.get().body();
                        probability = body.model().probability(ChurnRisk.vector(row, today, body.lostAfterDays()));
                        reasons = ChurnRisk.reasons(body.model(), row, today, body.lostAfterDays());
                        counts[1]++;
                    }
                    counts[0]++;
                    line.setLength(0);
                    line.append(row.kind()).append('\t').append(row.id()).append('\t').append(recency).append('\t')
                            .append(row.recentPurchases()).append('\t')
                            .append(java.math.BigDecimal.valueOf(row.recentValue())
                                    .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString())
                            .append('\t').append(group == null ? "\\N" : group).append('\t')
                            .append(group == null ? "\\N" : groupsModel).append('\t')
                            .append(probability == null ? "\\N" : probability).append('\t')
                            .append(probability == null ? "\\N" : churnModel).append('\t')
                            .append(JSON.writeValueAsString(reasons).replace("\\", "\\\\")).append('\n');
                    try {
                        out.append(line);
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Boolean written = transaction.execute(status -> write(file));
            return new Run(counts[0], counts[1], (System.nanoTime() - started) / 1_000_000, Boolean.TRUE.equals(written));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                // a temporary file left behind is the system's to clean
            }
        }
    }

    private boolean write(Path file) {
        // two nodes scoring at once: one writes, the other's (equal) scores are dropped
        if (!jdbc.sql("select pg_try_advisory_xact_lock(hashtext('klient.models.scores'))").query(Boolean.class)
                .single()) {
            return false;
        }
        // inside a longer transaction (the demo's) an earlier refresh's table is still there
        jdbc.sql("drop table if exists pg_temp.scored").update();
        jdbc.sql("""
                create temporary table scored (customer_kind varchar(7), customer_id bigint, recency_days integer,
                    purchases integer, revenue numeric(18, 2), group_no smallint, groups_model integer,
                    churn_probability double precision, churn_model integer, reasons jsonb) on commit drop""")
                .update();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy scored from stdin", in, 1 << 16);
        }
        catch (IOException | SQLException e) {
            throw new IllegalStateException("writing the customer scores failed", e);
        }
        jdbc.sql("delete from customer_scores").update();
        // a quintile by the share of customers strictly below: equal figures share a score
        jdbc.sql("""
                insert into customer_scores (customer_kind, customer_id, recency_days, purchases, revenue, r_score,
                    f_score, m_score, group_no, groups_model, churn_probability, churn_model, reasons)
                select customer_kind, customer_id, recency_days, purchases, revenue,
                       least(5, 1 + floor(5.0 * (rank() over (order by recency_days desc) - 1) / count(*) over ())),
                       least(5, 1 + floor(5.0 * (rank() over (order by purchases) - 1) / count(*) over ())),
                       least(5, 1 + floor(5.0 * (rank() over (order by revenue) - 1) / count(*) over ())),
                       group_no, groups_model, churn_probability, churn_model, reasons
                from scored""").update();
        return true;
    }
}
