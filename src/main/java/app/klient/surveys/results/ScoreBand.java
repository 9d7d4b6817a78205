package app.klient.surveys.results;

/** Where a score falls on its scale: detractors, passives, promoters for NPS; poor, neutral, good for CES and CSAT. */
public enum ScoreBand {
    LOW, MIDDLE, HIGH
}
