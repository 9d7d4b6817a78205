/**
 * The report builder: what reports can be about ({@link app.klient.analytics.report.ReportSubjects}), their fields,
 * and conditions on those fields as SQL ({@link app.klient.analytics.report.FieldConditions}), which automation rules
 * read too.
 */
@org.springframework.modulith.NamedInterface("report")
package app.klient.analytics.report;
