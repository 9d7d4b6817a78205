/**
 * Marketing: consent per purpose and channel (with its history and double opt-in), the suppression list, segments,
 * e-mail campaigns with open and click tracking, bounces, attribution with cost and ROI, website visits and journeys.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "platform", "identity", "audit", "customers", "sales", "catalog", "billing", "mail",
            "documents", "activities" })
package app.klient.marketing;
