package app.klient.surveys.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A score over some answers: how many, how many in each band, and the headline figure ({@link ResultKind#value});
 * {@code value} is null without answers.
 */
public record Score(ResultKind kind, long responses, long low, long middle, long high, BigDecimal value) {

    public static Score of(ResultKind kind, long responses, long low, long high, long sum) {
        return new Score(kind, responses, low, responses - low - high, high, kind.value(responses, low, high, sum));
    }

    public static Score none(ResultKind kind) {
        return of(kind, 0, 0, 0, 0);
    }

    /** The share of a band in percent (whole numbers, for the band bar). */
    public int percent(ScoreBand band) {
        if (responses == 0) {
            return 0;
        }
        long count = band == ScoreBand.LOW ? low : band == ScoreBand.MIDDLE ? middle : high;
        return BigDecimal.valueOf(count * 100).divide(BigDecimal.valueOf(responses), 0, RoundingMode.HALF_UP)
                .intValue();
    }

    public int lowPercent() {
        return percent(ScoreBand.LOW);
    }

    public int middlePercent() {
        return percent(ScoreBand.MIDDLE);
    }

    /** The rest of the bar, so the three shares always fill it. */
    public int highPercent() {
        return responses == 0 ? 0 : 100 - lowPercent() - middlePercent();
    }

    /** The headline figure as a page writes it. */
    public String figure(java.util.Locale locale) {
        return figure(value, kind, locale);
    }

    /** A score as the page writes it: NPS with its sign ("+32", "−5"), CES with two decimals, CSAT in percent. */
    public static String figure(BigDecimal value, ResultKind kind, java.util.Locale locale) {
        if (value == null) {
            return "—";
        }
        java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(kind == ResultKind.CES ? 2 : 1);
        format.setMinimumFractionDigits(kind == ResultKind.CES ? 1 : 0);
        String number = format.format(value.abs());
        return switch (kind) {
            case NPS -> (value.signum() > 0 ? "+" : value.signum() < 0 ? "−" : "") + number;
            case CES -> number;
            case CSAT -> number + " %";
        };
    }
}
