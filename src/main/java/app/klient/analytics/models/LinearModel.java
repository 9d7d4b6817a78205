package app.klient.analytics.models;

import java.util.List;

/**
 * A trained logistic model as Klient keeps it: the features' names, the mean and spread each was standardized with,
 * one weight per feature and the intercept, all on the log-odds of the positive outcome. It scores and explains
 * without the library that trained it: the probability is the logistic of the weighted sum, and each feature's
 * contribution is its weight times how far this case lies from the average one, so the reasons add up to the score.
 */
public record LinearModel(List<String> features, double[] mean, double[] scale, double[] weights, double intercept) {

    public double logOdds(double[] x) {
        double sum = intercept;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * standard(j, x[j]);
        }
        return sum;
    }

    public double probability(double[] x) {
        return 1 / (1 + Math.exp(-logOdds(x)));
    }

    /** Each feature's share of the log-odds, against a case at every feature's mean. */
    public double[] contributions(double[] x) {
        double[] c = new double[weights.length];
        for (int j = 0; j < weights.length; j++) {
            c[j] = weights[j] * standard(j, x[j]);
        }
        return c;
    }

    double standard(int j, double value) {
        return (value - mean[j]) / scale[j];
    }

    /** The means and spreads of the columns of {@code rows} (a spread of 0 counts as 1, so a constant drops out). */
    static double[][] standardization(List<double[]> rows, int width) {
        double[] mean = new double[width];
        double[] scale = new double[width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= Math.max(1, rows.size());
        }
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < width; j++) {
            double sd = Math.sqrt(scale[j] / Math.max(1, rows.size() - 1));
            scale[j] = sd < 1e-9 ? 1 : sd;
        }
        return new double[][] { mean, scale };
    }
}
