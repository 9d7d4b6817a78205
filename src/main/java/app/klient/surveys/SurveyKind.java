package app.klient.surveys;

/**
 * What a survey measures: Net Promoter Score (0–10), Customer Effort Score (1–7), satisfaction (CSAT, 1–5), or only
 * the administrator's own questions. A poor score is one the customer's owner should call back about.
 */
public enum SurveyKind {

    NPS(0, 10, 6), CES(1, 7, 3), CSAT(1, 5, 2), CUSTOM(0, 0, -1);

    private final int min;
    private final int max;
    private final int poorUpTo;

    SurveyKind(int min, int max, int poorUpTo) {
        this.min = min;
        this.max = max;
        this.poorUpTo = poorUpTo;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** A detractor (NPS 0–6), a hard time (CES 1–3), a dissatisfied customer (CSAT 1–2). */
    public boolean poor(Integer score) {
        return score != null && this != CUSTOM && score <= poorUpTo;
    }

    /** The question that carries this kind's score. */
    public QuestionKind scoreQuestion() {
        return switch (this) {
            case NPS -> QuestionKind.NPS;
            case CES -> QuestionKind.CES;
            case CSAT -> QuestionKind.CSAT;
            case CUSTOM -> null;
        };
    }
}
