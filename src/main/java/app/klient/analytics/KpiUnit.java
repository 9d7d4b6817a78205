package app.klient.analytics;

/**
 * What a KPI's figure is: a count, a percentage (a change between two is in percentage points), an amount in the
 * company currency, days, working hours, a score that may be negative and is written with its sign (NPS, −100 to
 * 100), or a mean on a scale (CES, 1–7; a change is the difference of the means).
 */
public enum KpiUnit {
    COUNT, PERCENT, MONEY, DAYS, HOURS, SCORE, MEAN
}
