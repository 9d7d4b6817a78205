/**
 * Analytics: the KPIs the business asks for (each with one definition, a trend, comparisons and the records behind
 * it), dashboards per role and per person, the report builder and forecasts. It reads the other modules' tables
 * read-only, in SQL, as a reporting read model — a figure over a million rows is one query, not a million objects —
 * and writes only its own tables (dashboards, saved reports, quotas, the KPI figures it keeps).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales", "catalog", "billing", "mail",
            "marketing", "marketing :: attribution", "activities", "service", "surveys", "surveys :: results",
            "loyalty", "documents" })
package app.klient.analytics;
