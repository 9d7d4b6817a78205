package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.internal.InvoiceExport;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The export form on the invoice list: the period, Polish or Czech only, and the format. */
@Controller
@RequestMapping("/invoices")
class InvoiceExportPages {

    private final InvoiceExport export;

    InvoiceExportPages(InvoiceExport export) {
        this.export = export;
    }

    @GetMapping("/export")
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format, @RequestParam(required = false) String country,
            HttpServletResponse response) throws IOException {
        InvoiceExportApi.download(export, from, to, format, country, response);
    }
}
