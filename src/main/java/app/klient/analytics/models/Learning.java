package app.klient.analytics.models;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * What Klient asks of Tribuo: a logistic regression (trained by stochastic gradient descent on standardized features,
 * judged by its AUC on a held-out fifth) and k-means (with k-means++ starts, k chosen by the silhouette). The trained
 * weights and centroids are copied out into Klient's own records ({@link LinearModel}, {@link Centroids}), which
 * score and explain without the library.
 */
final class Learning {

    static final Label YES = new Label("yes");
    static final Label NO = new Label("no");

    /** A trained classifier, its AUC on the held-out cases and how many cases each side had. */
    record Classifier(LinearModel model, double auc, int trained, int heldOut, int positives) {
    }

    /** Nearest-centroid groups on standardized features. */
    record Centroids(List<String> features, double[] mean, double[] scale, double[][] centres) {

        int nearest(double[] x) {
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int g = 0; g < centres.length; g++) {
                double d = 0;
                for (int j = 0; j < x.length; j++) {
                    double diff = (x[j] - mean[j]) / scale[j] - centres[g][j];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = g;
                }
            }
            return best;
        }
    }

    /** A clustering, its silhouette (on a sample) and the silhouette of each k tried. */
    record Clustering(Centroids centroids, double silhouette, double[] silhouettes, int firstK) {
    }

    private Learning() {
    }

    /** Below this many cases the quality is measured by five-fold cross-validation rather than one held-out fifth. */
    static final int CROSS_VALIDATE_BELOW = 5_000;

    /**
     * A logistic regression on {@code rows}, each in the {@code fold} (0–4) the caller gave it by customer or lead,
     * so one customer's cases never sit on both sides. With many cases the model learns from folds 1–4 and its AUC is
     * Tribuo's evaluation on fold 0. With fewer than {@link #CROSS_VALIDATE_BELOW}, one fifth would be too few to
     * judge by (a hundred cases: an AUC that varies by ±0.1 from one split to the next), so each fold is scored by a
     * model trained on the other four, the AUC is taken over all those out-of-fold scores, and the model kept learns
     * from every case.
     */
    static Classifier logistic(List<String> features, List<double[]> rows, boolean[] positive, int[] fold,
            long seed) {
        int n = rows.size();
        int positives = countTrue(positive);
        if (n >= CROSS_VALIDATE_BELOW) {
            Fitted fitted = fit(features, rows, positive, fold, 0, seed);
            return new Classifier(fitted.model(), fitted.auc(), fitted.trained(), fitted.heldOut(), positives);
        }
        double[] scores = new double[n];
        for (int f = 0; f < 5; f++) {
            Fitted fitted = fit(features, rows, positive, fold, f, seed);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    scores[i] = fitted.model().probability(rows.get(i));
                }
            }
        }
        Fitted all = fit(features, rows, positive, fold, -1, seed);
        return new Classifier(all.model(), auc(scores, positive), n, n, positives);
    }

    private record Fitted(LinearModel model, double auc, int trained, int heldOut) {
    }

    /** Trains on the rows outside fold {@code heldOut} (all rows for -1) and, when there is one, judges it on that fold. */
    private static Fitted fit(List<String> features, List<double[]> rows, boolean[] positive, int[] fold, int heldOut,
            long seed) {
        List<double[]> train = new ArrayList<>(rows.size());
        List<Boolean> trainLabels = new ArrayList<>(rows.size());
        List<double[]> held = new ArrayList<>();
        List<Boolean> heldLabels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            boolean out = fold[i] == heldOut;
            (out ? held : train).add(rows.get(i));
            (out ? heldLabels : trainLabels).add(positive[i]);
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on");
        }
        double[][] standard = LinearModel.standardization(train, features.size());
        String[] names = features.toArray(String[]::new);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("klient", OffsetDateTime.now(), factory), factory);
        for (int i = 0; i < train.size(); i++) {
            dataset.add(new ArrayExample<>(trainLabels.get(i) ? YES : NO, names, standardized(train.get(i), standard)));
        }
        int epochs = train.size() > 100_000 ? 3 : train.size() > 10_000 ? 8 : 20;
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.3, 0.1), epochs,
                Integer.MAX_VALUE, 1, seed);
        LinearSGDModel trained = trainer.train(dataset);
        LinearModel model = copied(trained, features, standard);
        if (held.isEmpty()) {
            return new Fitted(model, Double.NaN, train.size(), 0);
        }
        MutableDataset<Label> test = new MutableDataset<>(
                new SimpleDataSourceProvenance("klient-held-out", OffsetDateTime.now(), factory), factory);
        double[] scores = new double[held.size()];
        boolean[] truth = new boolean[held.size()];
        for (int i = 0; i < held.size(); i++) {
            test.add(new ArrayExample<>(heldLabels.get(i) ? YES : NO, names, standardized(held.get(i), standard)));
            scores[i] = model.probability(held.get(i));
            truth[i] = heldLabels.get(i);
        }
        boolean bothSides = countTrue(truth) > 0 && countTrue(truth) < held.size();
        double auc = bothSides && trained.getOutputIDInfo().size() == 2
                ? new LabelEvaluator().evaluate(trained, test).AUCROC(YES) : auc(scores, truth);
        return new Fitted(model, auc, train.size(), held.size());
    }

    /** The weights Tribuo learnt, as the log-odds of {@link #YES} against {@link #NO} over Klient's features. */
    private static LinearModel copied(LinearSGDModel trained, List<String> features, double[][] standard) {
        DenseMatrix w = trained.getWeightsCopy();
        ImmutableFeatureMap map = trained.getFeatureIDMap();
        int yes = trained.getOutputIDInfo().getID(YES);
        int no = trained.getOutputIDInfo().getID(NO);
        int bias = w.getDimension2Size() - 1;
        double[] weights = new double[features.size()];
        for (int j = 0; j < features.size(); j++) {
            int id = map.getID(features.get(j));
            weights[j] = id < 0 ? 0 : at(w, yes, id) - at(w, no, id);
        }
        return new LinearModel(List.copyOf(features), standard[0], standard[1], weights,
                at(w, yes, bias) - at(w, no, bias));
    }

    private static double at(DenseMatrix w, int row, int column) {
        return row < 0 ? 0 : w.get(row, column);
    }

    /**
     * k-means for each k in {@code from … to}, on the rows standardized (categories as 0 or 1) and each feature
     * multiplied by its weight, on a sample of at most {@code sample} rows, judged by the silhouette on
     * that sample; the best k is then fitted on all rows (up to {@code limit}, sampled beyond).
     */
    static Clustering kMeans(List<String> features, boolean[] categorical, double[] weights, List<double[]> rows,
            int from, int to, int sample, long seed) {
        double[][] standard = LinearModel.standardization(rows, features.size());
        for (int j = 0; j < categorical.length; j++) {
            if (categorical[j]) {
                // a category stays 0 or 1: standardizing would make a rare one weigh more than a common one
                standard[0][j] = 0;
                standard[1][j] = 1;
            }
            standard[1][j] /= weights[j];
        }
        List<double[]> all = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            all.add(standardized(row, standard));
        }
        List<double[]> sampled = sample(all, sample, seed);
        int last = Math.min(to, Math.max(from, sampled.size() - 1));
        double[] silhouettes = new double[last - from + 1];
        int bestK = from;
        double best = -2;
        for (int k = from; k <= last; k++) {
            double[][] centres = fit(features, sampled, k, seed);
            double s = silhouette(sampled, assign(sampled, centres), k);
            silhouettes[k - from] = s;
            if (s > best + 1e-9) {
                best = s;
                bestK = k;
            }
        }
        double[][] centres = fit(features, sample(all, 200_000, seed + 1), bestK, seed);
        double finalSilhouette = silhouette(sampled, assign(sampled, centres), bestK);
        return new Clustering(new Centroids(List.copyOf(features), standard[0], standard[1], centres),
                finalSilhouette, silhouettes, from);
    }

    private static double[][] fit(List<String> features, List<double[]> rows, int k, long seed) {
        String[] names = features.toArray(String[]::new);
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("klient", OffsetDateTime.now(), factory), factory);
        for (double[] row : rows) {
            dataset.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, row));
        }
        KMeansTrainer trainer = new KMeansTrainer(k, 100, KMeansTrainer.Distance.EUCLIDEAN,
                KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        KMeansModel model = trainer.train(dataset);
        DenseVector[] vectors = model.getCentroidVectors();
        ImmutableFeatureMap map = model.getFeatureIDMap();
        double[][] centres = new double[vectors.length][features.size()];
        for (int g = 0; g < vectors.length; g++) {
            for (int j = 0; j < features.size(); j++) {
                int id = map.getID(features.get(j));
                centres[g][j] = id < 0 ? 0 : vectors[g].get(id);
            }
        }
        return centres;
    }

    private static int[] assign(List<double[]> standardRows, double[][] centres) {
        int[] groups = new int[standardRows.size()];
        for (int i = 0; i < groups.length; i++) {
            double[] x = standardRows.get(i);
            double bestDistance = Double.MAX_VALUE;
            for (int g = 0; g < centres.length; g++) {
                double d = squared(x, centres[g]);
                if (d < bestDistance) {
                    bestDistance = d;
                    groups[i] = g;
                }
            }
        }
        return groups;
    }

    /** The mean silhouette: for each point, (b − a) ÷ max(a, b) with a its mean distance within its group, b to the nearest other. */
    static double silhouette(List<double[]> rows, int[] groups, int k) {
        int n = rows.size();
        if (k < 2 || n < 3) {
            return 0;
        }
        double total = 0;
        int[] sizes = new int[k];
        for (int g : groups) {
            sizes[g]++;
        }
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sums, 0);
            double[] x = rows.get(i);
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sums[groups[j]] += Math.sqrt(squared(x, rows.get(j)));
                }
            }
            int own = groups[i];
            if (sizes[own] <= 1) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.MAX_VALUE;
            for (int g = 0; g < k; g++) {
                if (g != own && sizes[g] > 0) {
                    b = Math.min(b, sums[g] / sizes[g]);
                }
            }
            if (b == Double.MAX_VALUE) {
                continue;
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }

    /** The area under the ROC curve by ranks (ties share their rank), for scores and what truly happened. */
    static double auc(double[] scores, boolean[] truth) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (truth[order[t]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    static double[] standardized(double[] row, double[][] standard) {
        double[] x = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            x[j] = (row[j] - standard[0][j]) / standard[1][j];
        }
        return x;
    }

    private static double squared(double[] x, double[] y) {
        double d = 0;
        for (int j = 0; j < x.length; j++) {
            double diff = x[j] - y[j];
            d += diff * diff;
        }
        return d;
    }

    private static List<double[]> sample(List<double[]> rows, int size, long seed) {
        if (rows.size() <= size) {
            return rows;
        }
        int[] order = shuffled(rows.size(), seed);
        List<double[]> sampled = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            sampled.add(rows.get(order[i]));
        }
        return sampled;
    }

    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** How many of {@code items} have each (non-blank) value. */
    static <T> Map<String, Integer> counts(List<T> items, Function<T, String> value) {
        Map<String, Integer> counts = new HashMap<>();
        for (T item : items) {
            String v = value.apply(item);
            if (v != null && !v.isBlank()) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The values counted at least {@code atLeast} times, the most frequent first (ties by name), at most {@code limit}. */
    static List<String> mostFrequent(Map<String, Integer> counts, int atLeast, int limit) {
        return counts.entrySet().stream().filter(e -> e.getValue() >= atLeast)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    private static int countTrue(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
