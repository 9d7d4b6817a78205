package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.internal.InvoiceExport;
import app.klient.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The accountant's export of a period's invoices, for administrators and managers. */
@RestController
@Tag(name = "Invoices and payments")
@RequestMapping("/api/v1")
class InvoiceExportApi {

    private final InvoiceExport export;

    InvoiceExportApi(InvoiceExport export) {
        this.export = export;
    }

    @Operation(summary = "The invoices and corrections issued in a period for the accountant: format=csv or xlsx "
            + "(one row per document: kind, buyer, currency and rate, net/VAT/gross per VAT rate with the net in the "
            + "company currency, exempt, intra-EU supply, export, EU services (art. 28b) and other supplies outside "
            + "Poland as in FA(3), VAT in the company currency, KSeF number and state) or zip (the FA(3) XML and, "
            + "for Czech invoices, the ISDOC file of each). from and to are issue dates (ISO, inclusive, at most 400 days); country=PL "
            + "or CZ keeps only Polish or Czech invoices. Administrators and managers; every export is audited")
    @GetMapping(value = "/invoices/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip" })
    void export(@Parameter(description = "first issue date, e.g. 2026-11-01") @RequestParam(required = false) String from,
            @Parameter(description = "last issue date, e.g. 2026-11-30") @RequestParam(required = false) String to,
            @Parameter(description = "csv (default), xlsx or zip") @RequestParam(required = false) String format,
            @Parameter(description = "PL or CZ") @RequestParam(required = false) String country,
            HttpServletResponse response) throws IOException {
        download(export, from, to, format, country, response);
    }

    /** Refuses and checks before any header is set, so a refusal is a problem or an error page, not a file. */
    static void download(InvoiceExport export, String from, String to, String format, String country,
            HttpServletResponse response) throws IOException {
        Permission.EXPORT_INVOICES.check();
        InvoiceExport.Period period = InvoiceExport.Period.of(from, to, country);
        InvoiceExport.Format chosen = InvoiceExport.format(format);
        response.setContentType(InvoiceExport.contentType(chosen));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(InvoiceExport.filename(period, chosen)).build().toString());
        export.export(period, chosen, response.getOutputStream());
    }
}
