package app.klient.analytics;

/** The groups KPIs are shown in, in this order. */
public enum KpiGroup {
    CUSTOMERS, SALES, MARGINS, SERVICE, MARKETING
}
