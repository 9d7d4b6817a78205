package app.klient.analytics;

/** The filters a dashboard offers; each KPI honours those that mean something for what it counts. */
public enum KpiDimension {
    TEAM, OWNER, SEGMENT, PIPELINE, PRODUCT, COUNTRY, CURRENCY
}
