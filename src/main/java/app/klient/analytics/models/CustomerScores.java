package app.klient.analytics.models;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
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

    private record Scored(CustomerFeatures.Row row, int recency, Integer group, Double risk, List<Reason> reasons) {
    }

    Run refresh() {
        return refresh(LocalDate.now());
    }

    Run refresh(LocalDate today) {
        long started = System.nanoTime();
        int window = churn.lostAfterDays();
        Optional<Models.Active<ChurnRisk.Body>> risk = models.active(ModelKind.CHURN, ChurnRisk.Body.class);
        Optional<Models.Active<CustomerGroups.Body>> groups = models.active(ModelKind.GROUPS, CustomerGroups.Body.class);
        List<Scored> scored = new ArrayList<>();
        features.read(today, window, 3 * window, 3 * window, row -> {
            int recency = row.recency(today);
            Integer group = groups.map(g -> g.body().group(row, today)).orElse(null);
            Double probability = null;
            List<Reason> reasons = List.of();
            if (risk.isPresent() && recency < window) {
                ChurnRisk.Body body = risk.get().body();
                double[] x = ChurnRisk.vector(row, today, body.lostAfterDays());
                probability = body.model().probability(x);
                reasons = ChurnRisk.reasons(body.model(), row, today, body.lostAfterDays());
            }
            scored.add(new Scored(row, recency, group, probability, reasons));
        });
        int[] r = quintiles(scored.stream().mapToDouble(s -> -s.recency()).toArray());
        int[] f = quintiles(scored.stream().mapToDouble(s -> s.row().recentPurchases()).toArray());
        int[] m = quintiles(scored.stream().mapToDouble(s -> s.row().recentValue()).toArray());
        Integer groupsModel = groups.map(Models.Active::number).orElse(null);
        Integer churnModel = risk.map(Models.Active::number).orElse(null);
        Boolean written = transaction.execute(status -> {
            // two nodes scoring at once: one writes, the other's (equal) scores are dropped
            if (!jdbc.sql("select pg_try_advisory_xact_lock(hashtext('klient.models.scores'))").query(Boolean.class)
                    .single()) {
                return false;
            }
            jdbc.sql("delete from customer_scores").update();
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(
                    connection.unwrap(PGConnection.class), "copy customer_scores (customer_kind, customer_id,"
                            + " recency_days, purchases, revenue, r_score, f_score, m_score, group_no, groups_model,"
                            + " churn_probability, churn_model, reasons) from stdin", 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                StringBuilder line = new StringBuilder(256);
                for (int i = 0; i < scored.size(); i++) {
                    Scored s = scored.get(i);
                    line.setLength(0);
                    line.append(s.row().kind()).append('\t').append(s.row().id()).append('\t').append(s.recency())
                            .append('\t').append(s.row().recentPurchases()).append('\t')
                            .append(java.math.BigDecimal.valueOf(s.row().recentValue())
                                    .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString())
                            .append('\t').append(r[i]).append('\t').append(f[i]).append('\t').append(m[i])
                            .append('\t').append(s.group() == null ? "\\N" : s.group()).append('\t')
                            .append(s.group() == null ? "\\N" : groupsModel).append('\t')
                            .append(s.risk() == null ? "\\N" : s.risk()).append('\t')
                            .append(s.risk() == null ? "\\N" : churnModel).append('\t')
                            .append(JSON.writeValueAsString(s.reasons()).replace("\\", "\\\\")).append('\n');
                    out.append(line);
                }
            }
            catch (IOException | SQLException e) {
                throw new IllegalStateException("writing the customer scores failed", e);
            }
            return true;
        });
        int withRisk = (int) scored.stream().filter(s -> s.risk() != null).count();
        return new Run(scored.size(), withRisk, (System.nanoTime() - started) / 1_000_000,
                Boolean.TRUE.equals(written));
    }

    /** 1–5 by quintile of {@code values}, higher values higher scores; equal values share a score. */
    static int[] quintiles(double[] values) {
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] scores = new int[n];
        for (int i = 0; i < n; i++) {
            // the share of customers strictly below this one, so ties take the lower score together
            int below = lowerBound(sorted, values[i]);
            scores[i] = Math.min(5, 1 + (int) (5L * below / Math.max(1, n)));
        }
        return scores;
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            }
            else {
                hi = mid;
            }
        }
        return lo;
    }
}
