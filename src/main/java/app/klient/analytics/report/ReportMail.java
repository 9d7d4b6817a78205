package app.klient.analytics.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.identity.UserSummary;
import app.klient.mail.OutgoingMail;
import app.klient.platform.PublicUrl;
import app.klient.platform.files.StoredFile;
import app.klient.platform.pdf.PdfRenderer;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * One person's copy of a mailed report: run as them (the caller is signed in as the recipient), in their language
 * and time zone, with the result as a PDF table (a grouped report's table is its chart's numbers) and as XLSX.
 */
@Component
class ReportMail {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Reports reports;
    private final MessageSource messages;
    private final ITemplateEngine templates;
    private final PdfRenderer pdf;
    private final PublicUrl url;

    ReportMail(Reports reports, MessageSource messages, ITemplateEngine templates, PdfRenderer pdf, PublicUrl url) {
        this.reports = reports;
        this.messages = messages;
        this.templates = templates;
        this.pdf = pdf;
        this.url = url;
    }

    /** The result as the PDF shows it: the columns' names, the cells written for the reader, which are numbers. */
    record Table(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {
    }

    OutgoingMail of(long reportId, String name, ReportDefinition definition, UserSummary person, String ownerName) {
        Locale locale = Locale.forLanguageTag(person.locale());
        ZoneId zone = ZoneId.of(person.timeZone());
        Reports.Result result = reports.run(definition, zone, locale);
        byte[] xlsx = reports.mailedXlsx(definition, zone, locale);
        LocalDate today = LocalDate.now(zone);
        String day = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(today);
        String link = url.of("/analytics/reports/" + reportId);

        Context context = new Context(locale);
        context.setVariables(Map.of("name", name, "day", day, "table", table(result, locale, zone),
                "result", result, "subject", messages.getMessage("report.subject." + definition.subject(), null,
                        locale), "ownerName", ownerName));
        byte[] printed = pdf.render(templates.process("analytics/report-pdf", context));

        String file = name.replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("^-+|-+$", "") + "-" + today;
        return OutgoingMail.to(person.email(), messages.getMessage("report.mail.subject", new Object[] { name, day },
                locale), messages.getMessage("report.mail.body", new Object[] { person.name(), name, day, link,
                        ownerName }, locale))
                .withFiles(List.of(new StoredFile(file + ".pdf", "application/pdf", printed),
                        new StoredFile(file + ".xlsx", XLSX, xlsx)))
                .generatedAutomatically();
    }

    private static Table table(Reports.Result result, Locale locale, ZoneId zone) {
        List<Reports.Column> columns = result.columns();
        List<Boolean> numeric = columns.stream().map(c -> c.type().equals("NUMBER") || c.type().equals("MONEY"))
                .toList();
        List<List<String>> rows = ReportCells.rows(result, locale, zone);
        return new Table(columns.stream().map(Reports.Column::label).toList(), numeric, rows);
    }
}
