package app.klient.analytics;

/**
 * What a KPI's figure is: a count, a percentage (a change between two is in percentage points), an amount in the
 * company currency, days, working hours, or a score (NPS −100 to 100, CES 1–7).
 */
public enum KpiUnit {
    COUNT, PERCENT, MONEY, DAYS, HOURS, SCORE
}
