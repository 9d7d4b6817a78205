/**
 * Surveys: NPS, CES, CSAT and custom questions sent by e-mail after an event or to a segment, answered once through a
 * signed link without signing in; every answer on the timeline, a poor one a task to call back, and the results.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales", "catalog", "billing", "mail",
            "marketing", "activities", "service" })
package app.klient.surveys;
