package app.klient.analytics.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exponential smoothing of a monthly series, written plainly. With two years or more, additive Holt–Winters: a
 * level, a trend and a 12-month season, each updated after every month by how far that month missed its forecast
 * (alpha, beta and gamma say how much); with 4 to 23 months, Holt (level and trend, no season); with fewer, the
 * plain mean. The trend is damped (Gardner and McKenzie): each month ahead adds {@code phi} times the one before,
 * so {@code h} months ahead add {@code (φ + φ² + … + φʰ) b} and a jump in the last months levels off instead of
 * running on as a steep line; φ = 1 is the undamped trend. The factors are the ones that minimize the squared error of
 * the one-step-ahead forecasts over the history (α, β, γ on a grid of 0.05 steps, then 0.01 steps around the best,
 * φ one of {@link #PHIS}). The prediction interval widens with the horizon as the model's own errors add up: the
 * variance after {@code h} months is {@code σ² (1 + Σ c_j²)}, {@code j = 1 … h − 1}, with
 * {@code c_j = α (1 + φ_j β) + (1 − α) γ} in a month a whole number of seasons ahead and {@code α (1 + φ_j β)}
 * otherwise, {@code φ_j = φ + … + φʲ} ({@code j} undamped; Hyndman and Athanasopoulos, Forecasting: Principles and
 * Practice, 8.7), {@code σ} the residuals' standard deviation.
 */
final class HoltWinters {

    static final int SEASON = 12;
    /** Months needed for the season: its start is estimated from the first two years. */
    static final int FOR_SEASON = 2 * SEASON;
    /** Months needed for a trend. */
    static final int FOR_TREND = 4;

    /** The damping factors tried, from a trend that fades within months to none at all. */
    static final double[] PHIS = { 0.80, 0.85, 0.90, 0.95, 0.98, 1.0 };

    private static final double Z80 = 1.2816;
    private static final double Z95 = 1.9600;

    enum Method {
        MEAN, HOLT, HOLT_WINTERS
    }

    /** One month ahead: the forecast and its 80 % and 95 % prediction intervals (NaN when nothing tells the spread). */
    record Step(double value, double low80, double high80, double low95, double high95) {
    }

    /** A fitted model: its smoothing factors, its state after the last month and its residuals' deviation. */
    record Fit(Method method, double alpha, double beta, double gamma, double phi, double level, double trend,
            double[] season, double sigma, int months) {

        /** The next {@code horizon} months. */
        List<Step> forecast(int horizon) {
            List<Step> steps = new ArrayList<>();
            double sum = 0;
            // φ + φ² + … + φʰ: what h months ahead make of the trend (h itself undamped)
            double damped = 0;
            for (int h = 1; h <= horizon; h++) {
                damped += Math.pow(phi, h);
                double value = switch (method) {
                    case MEAN -> level;
                    case HOLT -> level + damped * trend;
                    case HOLT_WINTERS -> level + damped * trend + season[(h - 1) % SEASON];
                };
                double spread = sigma * Math.sqrt(method == Method.MEAN ? 1 + 1.0 / months : 1 + sum);
                steps.add(new Step(value, value - Z80 * spread, value + Z80 * spread, value - Z95 * spread,
                        value + Z95 * spread));
                if (method != Method.MEAN) {
                    double c = alpha * (1 + damped * beta) + (method == Method.HOLT_WINTERS && h % SEASON == 0
                            ? (1 - alpha) * gamma : 0);
                    sum += c * c;
                }
            }
            return steps;
        }
    }

    private HoltWinters() {
    }

    static Method methodFor(int months) {
        if (months >= FOR_SEASON) {
            return Method.HOLT_WINTERS;
        }
        return months >= FOR_TREND ? Method.HOLT : Method.MEAN;
    }

    /** The model that fits {@code history} (at least one month) best. */
    static Fit fit(double[] history) {
        if (history.length == 0) {
            throw new IllegalArgumentException("no history to fit");
        }
        Method method = methodFor(history.length);
        if (method == Method.MEAN) {
            double mean = Arrays.stream(history).average().orElse(0);
            double squares = Arrays.stream(history).map(y -> (y - mean) * (y - mean)).sum();
            // one month says nothing of the spread: no interval rather than one of no width
            double sigma = history.length < 2 ? Double.NaN : Math.sqrt(squares / (history.length - 1));
            return new Fit(method, 0, 0, 0, 1, mean, 0, new double[0], sigma, history.length);
        }
        boolean seasonal = method == Method.HOLT_WINTERS;
        double[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (double phi : PHIS) {
            for (double a = 0.05; a < 0.96; a += 0.05) {
                for (double b = 0.05; b < 0.96; b += 0.05) {
                    for (double g = seasonal ? 0.05 : 0; g < (seasonal ? 0.96 : 0.01); g += 0.05) {
                        double error = run(history, a, b, g, phi, seasonal).squaredError;
                        if (error < bestError - 1e-9) {
                            bestError = error;
                            best = new double[] { a, b, g, phi };
                        }
                    }
                }
            }
        }
        double[] coarse = best;
        for (double a = coarse[0] - 0.04; a < coarse[0] + 0.045; a += 0.01) {
            for (double b = coarse[1] - 0.04; b < coarse[1] + 0.045; b += 0.01) {
                for (double g = seasonal ? coarse[2] - 0.04 : 0; g < (seasonal ? coarse[2] + 0.045 : 0.005);
                        g += 0.01) {
                    if (a <= 0 || a >= 1 || b <= 0 || b >= 1 || seasonal && (g <= 0 || g >= 1)) {
                        continue;
                    }
                    double error = run(history, a, b, g, coarse[3], seasonal).squaredError;
                    if (error < bestError - 1e-9) {
                        bestError = error;
                        best = new double[] { a, b, g, coarse[3] };
                    }
                }
            }
        }
        State state = run(history, best[0], best[1], best[2], best[3], seasonal);
        double sigma = state.residuals == 0 ? 0 : Math.sqrt(state.squaredError / state.residuals);
        return new Fit(method, best[0], best[1], seasonal ? best[2] : 0, best[3], state.level,
                state.trend, state.nextSeason, sigma, history.length);
    }

    /**
     * What each of the last {@code months} months of {@code history} was forecast one month before it, by the model
     * fitted on the months before it only (NaN where no month came before).
     */
    static double[] oneStepAhead(double[] history, int months) {
        int first = Math.max(0, history.length - months);
        double[] forecasts = new double[history.length - first];
        for (int t = first; t < history.length; t++) {
            forecasts[t - first] = t == 0 ? Double.NaN
                    : fit(Arrays.copyOf(history, t)).forecast(1).get(0).value();
        }
        return forecasts;
    }

    /**
     * The mean absolute percentage error of {@code forecasts} against {@code actual}, in percent: the average of
     * |actual − forecast| ÷ |actual|. A month with an actual of zero (no percentage of nothing) or without a
     * forecast is left out; NaN when none is left.
     */
    static double mape(double[] actual, double[] forecasts) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != 0 && !Double.isNaN(forecasts[i])) {
                sum += Math.abs(actual[i] - forecasts[i]) / Math.abs(actual[i]);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : 100 * sum / counted;
    }

    /** The state after running through the series with given factors, and the one-step-ahead errors on the way. */
    private record State(double level, double trend, double[] nextSeason, double squaredError, int residuals) {
    }

    private static State run(double[] y, double alpha, double beta, double gamma, double phi, boolean seasonal) {
        int n = y.length;
        double level;
        double trend;
        double[] season = new double[n];
        int start;
        if (seasonal) {
            // the first year's mean is the level at its middle, the step from it to the second year's the trend;
            // each month of the first year is off that line by its season
            double first = mean(y, 0, SEASON);
            trend = (mean(y, SEASON, 2 * SEASON) - first) / SEASON;
            for (int i = 0; i < SEASON; i++) {
                season[i] = y[i] - (first + trend * (i - (SEASON - 1) / 2.0));
            }
            level = first + trend * (SEASON - 1) / 2.0;
            start = SEASON;
        }
        else {
            level = y[1];
            trend = y[1] - y[0];
            start = 2;
        }
        double squared = 0;
        for (int t = start; t < n; t++) {
            double seasonBefore = seasonal ? season[t - SEASON] : 0;
            double error = y[t] - (level + phi * trend + seasonBefore);
            squared += error * error;
            double next = alpha * (y[t] - seasonBefore) + (1 - alpha) * (level + phi * trend);
            trend = beta * (next - level) + (1 - beta) * phi * trend;
            if (seasonal) {
                season[t] = gamma * (y[t] - next) + (1 - gamma) * seasonBefore;
            }
            level = next;
        }
        double[] next = seasonal ? Arrays.copyOfRange(season, n - SEASON, n) : new double[0];
        return new State(level, trend, next, squared, n - start);
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        return sum / (to - from);
    }
}
