package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.BillingExport;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.billing.Quotes;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The quote, order and invoice lists as files, with the filters of the lists. */
@RestController
@RequestMapping("/api/v1")
class BillingExportApi {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final BillingExport export;

    BillingExportApi(BillingExport export) {
        this.export = export;
    }

    @Tag(name = "Quotes")
    @Operation(summary = "The filtered quote list as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /quotes; administrators and managers; audited with the row count")
    @GetMapping(value = "/quotes/export", produces = { "text/csv", XLSX })
    void quotes(@ModelAttribute Quotes.Query query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "quotes", format, Permission.EXPORT_SALES::check,
                (chosen, out) -> export.quotes(query, chosen, out));
    }

    @Tag(name = "Orders")
    @Operation(summary = "The filtered order list as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /orders; administrators and managers; audited with the row count")
    @GetMapping(value = "/orders/export", produces = { "text/csv", XLSX })
    void orders(@ModelAttribute Orders.Query query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "orders", format, Permission.EXPORT_SALES::check,
                (chosen, out) -> export.orders(query, chosen, out));
    }

    @Tag(name = "Invoices and payments")
    @Operation(summary = "The filtered invoice list as a file (one row per invoice or correction, with its status): "
            + "format=csv (UTF-8 with a byte order mark, the default) or xlsx; the same filters as GET /invoices. "
            + "The accountant's export of a period with VAT per rate is GET /invoices/export. Administrators and "
            + "managers; audited with the row count")
    @GetMapping(value = "/invoices/list-export", produces = { "text/csv", XLSX })
    void invoices(@ModelAttribute Invoices.Query query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "invoices", format, () -> BillingExportPages.mayExport(query),
                (chosen, out) -> export.invoices(query, chosen, out));
    }
}
