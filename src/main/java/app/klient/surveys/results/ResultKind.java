package app.klient.surveys.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The three scores Klient reports, each with its scale, its bands and its one definition:
 * NPS = % promoters (9–10) − % detractors (0–6); CES = the mean on 1–7; CSAT = the share of 4 and 5 in %.
 */
public enum ResultKind {

    NPS(0, 10, 6, 9),
    CES(1, 7, 3, 5),
    CSAT(1, 5, 2, 4);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final int min;
    private final int max;
    private final int lowUpTo;
    private final int highFrom;

    ResultKind(int min, int max, int lowUpTo, int highFrom) {
        this.min = min;
        this.max = max;
        this.lowUpTo = lowUpTo;
        this.highFrom = highFrom;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The highest score of the low band: a detractor (NPS), a poor effort (CES), a dissatisfied customer (CSAT). */
    public int lowUpTo() {
        return lowUpTo;
    }

    /** The lowest score of the high band: a promoter (NPS), an easy effort (CES), a satisfied customer (CSAT). */
    public int highFrom() {
        return highFrom;
    }

    public ScoreBand band(int score) {
        return score <= lowUpTo ? ScoreBand.LOW : score >= highFrom ? ScoreBand.HIGH : ScoreBand.MIDDLE;
    }

    /** The scores of a band on this scale, both ends included. */
    public int from(ScoreBand band) {
        return band == ScoreBand.LOW ? min : band == ScoreBand.MIDDLE ? lowUpTo + 1 : highFrom;
    }

    public int to(ScoreBand band) {
        return band == ScoreBand.LOW ? lowUpTo : band == ScoreBand.MIDDLE ? highFrom - 1 : max;
    }

    /**
     * The headline figure of {@code responses} answers of which {@code low} fall in the low band, {@code high} in
     * the high band, and whose scores add up to {@code sum}; null without answers. NPS to one decimal (−100 to 100),
     * CES to two decimals, CSAT in percent to one decimal.
     */
    public BigDecimal value(long responses, long low, long high, long sum) {
        if (responses == 0) {
            return null;
        }
        BigDecimal n = BigDecimal.valueOf(responses);
        return switch (this) {
            case NPS -> BigDecimal.valueOf(high - low).multiply(HUNDRED).divide(n, 1, RoundingMode.HALF_UP);
            case CES -> BigDecimal.valueOf(sum).divide(n, 2, RoundingMode.HALF_UP);
            case CSAT -> BigDecimal.valueOf(high).multiply(HUNDRED).divide(n, 1, RoundingMode.HALF_UP);
        };
    }

    /** The scale a trend of this score is drawn on: NPS −100 to 100, CES 1 to 7, CSAT 0 to 100 %. */
    public app.klient.platform.web.LineChart.Scale scale() {
        return switch (this) {
            case NPS -> new app.klient.platform.web.LineChart.Scale(-100, 100, 50);
            case CES -> new app.klient.platform.web.LineChart.Scale(1, 7, 1);
            case CSAT -> new app.klient.platform.web.LineChart.Scale(0, 100, 25);
        };
    }

    /** The kind named (in any case): none named is NPS, an unknown name null. */
    public static ResultKind parse(String value) {
        if (value == null || value.isBlank()) {
            return NPS;
        }
        for (ResultKind kind : values()) {
            if (kind.name().equalsIgnoreCase(value.strip())) {
                return kind;
            }
        }
        return null;
    }
}
