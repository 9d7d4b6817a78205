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
     * a few hundred megabytes as objects, a hundred as text), keeping only their recency, frequency and value in
     * arrays; their quintiles are then known, and one transaction replaces the table with the file's rows, each with
     * its three scores, through COPY.
     */
    Run refresh(LocalDate today) {
        long started = System.nanoTime();
        int window = churn.lostAfterDays();
        Optional<Models.Active<ChurnRisk.Body>> risk = models.active(ModelKind.CHURN, ChurnRisk.Body.class);
        Optional<Models.Active<CustomerGroups.Body>> groups = models.active(ModelKind.GROUPS, CustomerGroups.Body.class);
        String groupsModel = groups.map(g -> String.valueOf(g.number())).orElse("\\N");
        String churnModel = risk.map(r -> String.valueOf(r.number())).orElse("\\N");
        Figures figures = new Figures();
        int[] withRisk = { 0 };
        Path file = temporaryFile();
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
                        withRisk[0]++;
                    }
                    double revenue = java.math.BigDecimal.valueOf(row.recentValue())
                            .setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
                    figures.add(recency, row.recentPurchases(), revenue);
                    line.setLength(0);
                    line.append(row.kind()).append('\t').append(row.id()).append('\t').append(recency).append('\t')
                            .append(row.recentPurchases()).append('\t')
                            .append(java.math.BigDecimal.valueOf(revenue).setScale(2).toPlainString())
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
            int[][] scores = figures.quintiles();
            Boolean written = transaction.execute(status -> write(file, scores));
            return new Run(figures.size, withRisk[0], (System.nanoTime() - started) / 1_000_000,
                    Boolean.TRUE.equals(written));
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

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("klient-scores-", ".tsv");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the table with the file's rows, the i-th row given its recency, frequency and value scores. */
    private boolean write(Path file, int[][] scores) {
        // two nodes scoring at once: one writes, the other's (equal) scores are dropped
        if (!jdbc.sql("select pg_try_advisory_xact_lock(hashtext('klient.models.scores'))").query(Boolean.class)
                .single()) {
            return false;
        }
        jdbc.sql("delete from customer_scores").update();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            org.postgresql.copy.CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy customer_scores (customer_kind, customer_id, recency_days, purchases, revenue, group_no,
                        groups_model, churn_probability, churn_model, reasons, r_score, f_score, m_score) from stdin""");
            try {
                StringBuilder batch = new StringBuilder(1 << 17);
                String line;
                int i = 0;
                while ((line = in.readLine()) != null) {
                    batch.append(line).append('\t').append(scores[0][i]).append('\t').append(scores[1][i]).append('\t')
                            .append(scores[2][i]).append('\n');
                    i++;
                    if (batch.length() > (1 << 16)) {
                        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        batch.setLength(0);
                    }
                }
                byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
            }
            finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
        catch (IOException | SQLException e) {
            throw new IllegalStateException("writing the customer scores failed", e);
        }
        return true;
    }

    /** Every scored customer's recency, purchases and revenue, in the order they were written. */
    private static final class Figures {

        private int[] recency = new int[1 << 12];
        private int[] purchases = new int[1 << 12];
        private double[] revenue = new double[1 << 12];
        private int size;

        void add(int days, int bought, double value) {
            if (size == recency.length) {
                recency = java.util.Arrays.copyOf(recency, size * 2);
                purchases = java.util.Arrays.copyOf(purchases, size * 2);
                revenue = java.util.Arrays.copyOf(revenue, size * 2);
            }
            recency[size] = days;
            purchases[size] = bought;
            revenue[size] = value;
            size++;
        }

        /** Recency (fewer days score higher), frequency and monetary scores, 1–5, for each customer in order. */
        int[][] quintiles() {
            double[] r = new double[size];
            double[] f = new double[size];
            for (int i = 0; i < size; i++) {
                r[i] = -recency[i];
                f[i] = purchases[i];
            }
            return new int[][] { CustomerScores.quintiles(r), CustomerScores.quintiles(f),
                CustomerScores.quintiles(java.util.Arrays.copyOf(revenue, size)) };
        }
    }

    /**
     * 1–5 by quintile, by the share of the values strictly below each one (so equal values share a score): the lowest
     * fifth scores 1, the highest 5.
     */
    static int[] quintiles(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int[] scores = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < values[i]) {
                    lo = mid + 1;
                }
                else {
                    hi = mid;
                }
            }
            scores[i] = Math.min(5, 1 + (int) (5L * lo / Math.max(1, values.length)));
        }
        return scores;
    }
}
