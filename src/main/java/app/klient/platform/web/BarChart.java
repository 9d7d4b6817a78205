package app.klient.platform.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Figures people compare, drawn as horizontal bars (templates/fragments/charts.html: plain SVG, no script, no inline
 * style, so the CSP stays strict). Each bar names what it counts and links to those records; {@code money} shows the
 * values as amounts in {@code currency}, else as counts.
 */
public record BarChart(List<Bar> bars, boolean money, String currency) {

    /** One bar: its label, the list it counts ({@code href}), its value and, optionally, the number of deals in it. */
    public record Bar(String label, String href, BigDecimal value, Long count) {
    }

    public static BarChart counts(List<Bar> bars) {
        return new BarChart(bars, false, null);
    }

    public static BarChart amounts(List<Bar> bars, String currency) {
        return new BarChart(bars, true, currency);
    }

    public boolean isEmpty() {
        return bars.stream().allMatch(b -> b.value() == null || b.value().signum() == 0);
    }

    /** The bar's length in percent of the longest; a bar above zero is at least visible. */
    public int percent(Bar bar) {
        BigDecimal max = bars.stream().map(Bar::value).filter(java.util.Objects::nonNull).max(BigDecimal::compareTo)
                .orElse(BigDecimal.ZERO);
        if (max.signum() <= 0 || bar.value() == null || bar.value().signum() <= 0) {
            return 0;
        }
        return Math.max(2, bar.value().multiply(BigDecimal.valueOf(100)).divide(max, 0, RoundingMode.HALF_UP)
                .intValue());
    }
}
