package app.klient.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A KPI's figure for one period and what it is made of: a rate is {@code numerator ÷ denominator} (both kept, so a
 * page can say "12 of 140"), a count or sum has only its value. {@code value} is null when the figure is undefined
 * (a rate over nobody), which is not the same as zero.
 */
public record Measure(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {

    public static final Measure NONE = new Measure(null, null, null);

    public static Measure of(BigDecimal value) {
        return new Measure(value, null, null);
    }

    public static Measure of(long value) {
        return of(BigDecimal.valueOf(value));
    }

    /** {@code numerator ÷ denominator × 100} to one decimal; undefined over zero. */
    public static Measure percent(long numerator, long denominator) {
        return percent(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
    }

    public static Measure percent(BigDecimal numerator, BigDecimal denominator) {
        if (denominator == null || denominator.signum() == 0) {
            return new Measure(null, numerator, denominator);
        }
        return new Measure(numerator.multiply(BigDecimal.valueOf(100)).divide(denominator, 1, RoundingMode.HALF_UP),
                numerator, denominator);
    }

    /** {@code numerator ÷ denominator} to {@code scale} decimals (an average); undefined over zero. */
    public static Measure ratio(BigDecimal numerator, BigDecimal denominator, int scale) {
        if (denominator == null || denominator.signum() == 0 || numerator == null) {
            return new Measure(null, numerator, denominator);
        }
        return new Measure(numerator.divide(denominator, scale, RoundingMode.HALF_UP), numerator, denominator);
    }

    public boolean defined() {
        return value != null;
    }
}
