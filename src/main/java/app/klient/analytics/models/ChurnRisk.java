package app.klient.analytics.models;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import app.klient.analytics.kpi.customers.CustomerSettings;
import org.springframework.stereotype.Component;

/**
 * Churn risk: the probability that a customer buys nothing in the next N days, N being the days after which the
 * customer KPIs count a customer lost (Analytics → Settings). Trained on the past: the customers of the day N days ago
 * (a purchase in the N days before it) — and, while they are few, of the quarters before that — described as they
 * were that day, each labelled by whether they bought again within N days. A logistic regression on ten features
 * (below); the reasons shown are the three features that raise a customer's risk most above an average customer's.
 */
@Component
class ChurnRisk {

    static final List<String> FEATURES = List.of("overdue", "recency", "slowing", "recentPurchases", "purchases",
            "tenure", "recentValue", "recentTickets", "earlierTickets", "satisfaction");

    /**
     * The side of the average customer on which each feature means risk in words: +1 above it (long past the usual
     * gap, slowing, tickets, dissatisfied), -1 below it (few purchases, short tenure, little spent). A feature the model
     * weighs the other way (in a company where new customers happen to stay less) still counts in the probability, but
     * is not told as a reason: "bought sooner than usual" or "fully satisfied" would explain no one's leaving.
     */
    private static final int[] RISKY_SIDE = { 1, 1, 1, -1, -1, -1, -1, 1, 1, 1 };

    /** Fewer training cases than this and earlier cut-off days are added, up to {@link #MAX_CUTOFFS}. */
    static final int ENOUGH_CASES = 5_000;
    static final int MAX_CUTOFFS = 4;
    /** More cases than this are sampled down to it. */
    static final int MAX_CASES = 200_000;
    /** Fewer cases, or fewer of either outcome, and no model is trained. */
    static final int MIN_CASES = 50;
    static final int MIN_OF_EACH = 10;

    /** What a churn model keeps: its days and the logistic model. */
    record Body(int lostAfterDays, LinearModel model) {
    }

    private final CustomerFeatures features;
    private final CustomerSettings settings;

    ChurnRisk(CustomerFeatures features, CustomerSettings settings) {
        this.features = features;
        this.settings = settings;
    }

    int lostAfterDays() {
        return settings.current().lostAfterDays();
    }

    Models.Outcome train(LocalDate today, long seed) {
        return train(today, lostAfterDays(), seed);
    }

    Models.Outcome train(LocalDate today, int n, long seed) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Integer> folds = new ArrayList<>();
        // past MAX_CASES, a uniform sample of the cases (reservoir sampling): the weights are as good, memory bounded
        long[] seen = { 0 };
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int c = 0; c < MAX_CUTOFFS && (c == 0 || seen[0] < ENOUGH_CASES); c++) {
            LocalDate cutoff = today.minusDays(n + 91L * c);
            CustomerFeatures.Customers bought = features.boughtAfter(cutoff, n);
            features.read(cutoff, n, n, 3 * n, row -> {
                seen[0]++;
                int slot = rows.size() < MAX_CASES ? rows.size() : (int) Math.min(MAX_CASES, random.nextLong(seen[0]));
                if (slot >= MAX_CASES) {
                    return;
                }
                double[] x = vector(row, cutoff, n);
                boolean lost = !bought.contains(row.kind(), row.id());
                int fold = (int) Math.floorMod(mix(row.kind(), row.id(), seed), 5);
                if (slot == rows.size()) {
                    rows.add(x);
                    labels.add(lost);
                    folds.add(fold);
                }
                else {
                    rows.set(slot, x);
                    labels.set(slot, lost);
                    folds.set(slot, fold);
                }
            });
        }
        int positives = (int) labels.stream().filter(b -> b).count();
        if (rows.size() < MIN_CASES || positives < MIN_OF_EACH || rows.size() - positives < MIN_OF_EACH) {
            return Models.Outcome.tooLittle(rows.size(), positives);
        }
        Learning.Classifier trained = Learning.logistic(FEATURES, rows, toArray(labels),
                folds.stream().mapToInt(Integer::intValue).toArray(), seed);
        return new Models.Outcome(true, trained.trained(), trained.heldOut(), positives, trained.auc(),
                new Body(n, trained.model()));
    }

    /** The features of {@code row} on {@code day}, in the order of {@link #FEATURES}. */
    static double[] vector(CustomerFeatures.Row row, LocalDate day, int window) {
        int recency = row.recency(day);
        double usual = row.usualGap() == null ? window / 2.0 : Math.max(1, row.usualGap());
        double slowing = row.lastGap() == null || row.usualGap() == null ? 1
                : Math.min(10, row.lastGap() / Math.max(1, row.usualGap()));
        return new double[] { Math.min(10, recency / usual), Math.log1p(recency), slowing,
            Math.log1p(row.recentPurchases()), Math.log1p(row.purchases()), Math.log1p(row.tenure(day)),
            Math.log1p(Math.max(0, row.recentValue())), row.recentTickets(), row.earlierTickets(),
            row.satisfaction() == null ? 0 : 3 - row.satisfaction() };
    }

    /**
     * Up to three reasons that raise this customer's risk, strongest first: the features with the largest positive
     * contributions, told with the customer's own figures.
     */
    static List<Reason> reasons(LinearModel model, CustomerFeatures.Row row, LocalDate day, int window) {
        double[] x = vector(row, day, window);
        double[] contributions = model.contributions(x);
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < contributions.length; j++) {
            if (contributions[j] > 0.05 && Math.signum(x[j] - model.mean()[j]) == RISKY_SIDE[j]) {
                order.add(j);
            }
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -contributions[j]));
        List<Reason> reasons = new ArrayList<>();
        Set<String> told = new java.util.HashSet<>();
        for (int j : order) {
            Reason reason = reason(FEATURES.get(j), row, day, window);
            if (reason != null && told.add(reason.code())) {
                reasons.add(reason);
            }
            if (reasons.size() == 3) {
                break;
            }
        }
        return reasons;
    }

    private static Reason reason(String feature, CustomerFeatures.Row row, LocalDate day, int window) {
        int recency = row.recency(day);
        return switch (feature) {
            case "overdue", "recency" -> row.usualGap() == null ? new Reason("quiet", recency, null)
                    : new Reason("overdue", recency, (double) Math.round(row.usualGap()));
            case "slowing" -> row.lastGap() == null || row.usualGap() == null || row.lastGap() <= row.usualGap() ? null
                    : new Reason("slowing", row.lastGap(), (double) Math.round(row.usualGap()));
            case "recentPurchases" -> new Reason("fewPurchases", row.recentPurchases(), (double) window);
            case "purchases" -> new Reason("newCustomer", row.purchases(), null);
            case "tenure" -> row.tenure(day) == 0 ? new Reason("firstToday", 0, null)
                    : new Reason("tenure", row.tenure(day), null);
            case "recentValue" -> new Reason("lowValue", Math.round(row.recentValue()), (double) window);
            case "recentTickets" -> row.recentTickets() == 0 ? null : new Reason("tickets", row.recentTickets(), null);
            case "earlierTickets" -> row.earlierTickets() == 0 ? null
                    : new Reason("earlierTickets", row.earlierTickets(), null);
            case "satisfaction" -> row.satisfaction() == null || row.satisfaction() >= 3.5 ? null
                    : new Reason("satisfaction", Math.round(row.satisfaction() * 10) / 10.0, null);
            default -> null;
        };
    }

    static long mix(String kind, long id, long seed) {
        long h = (id * 0x9E3779B97F4A7C15L) ^ (kind.hashCode() * 0xC2B2AE3D27D4EB4FL) ^ seed;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    static boolean[] toArray(List<Boolean> values) {
        boolean[] array = new boolean[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
