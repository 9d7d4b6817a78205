package app.klient.surveys;

/**
 * A question: one of the three scores (NPS 0–10, CES 1–7, CSAT 1–5), a choice among options, a scale of the
 * administrator's (between 0 and 10), or free text.
 */
public enum QuestionKind {

    NPS, CES, CSAT, CHOICE, SCALE, TEXT;

    /** The scores have fixed ranges; a survey asks each of them at most once. */
    public boolean isScore() {
        return this == NPS || this == CES || this == CSAT;
    }

    public SurveyKind scoreKind() {
        return isScore() ? SurveyKind.valueOf(name()) : null;
    }
}
