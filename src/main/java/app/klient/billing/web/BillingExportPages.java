package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.BillingExport;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.billing.Quotes;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.export.Downloads;
import app.klient.platform.export.ExportFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The Export menus of the quote, order and invoice lists: the list as filtered on the page, as CSV or XLSX. */
@Controller
class BillingExportPages {

    private final BillingExport export;

    BillingExportPages(BillingExport export) {
        this.export = export;
    }

    @GetMapping({ "/quotes/export.csv", "/quotes/export.xlsx" })
    void quotes(@ModelAttribute("query") Quotes.Query query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        ExportFormat format = checked(Permission.EXPORT_SALES, errors, request);
        Downloads.start(response, format, "quotes");
        export.quotes(query, format, response.getOutputStream());
    }

    @GetMapping({ "/orders/export.csv", "/orders/export.xlsx" })
    void orders(@ModelAttribute("query") Orders.Query query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        ExportFormat format = checked(Permission.EXPORT_SALES, errors, request);
        Downloads.start(response, format, "orders");
        export.orders(query, format, response.getOutputStream());
    }

    @GetMapping({ "/invoices/export.csv", "/invoices/export.xlsx" })
    void invoices(@ModelAttribute("query") Invoices.Query query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        ExportFormat format = checked(Permission.EXPORT_INVOICES, errors, request);
        if (query.q() != null && query.q().length() > 100) {
            throw KlientException.invalid("customer.badFilter");
        }
        Downloads.start(response, format, "invoices");
        export.invoices(query, format, response.getOutputStream());
    }

    /** Refuses before any header is set, so a refusal is an error page, not a downloaded file. */
    private static ExportFormat checked(Permission permission, BindingResult errors, HttpServletRequest request) {
        permission.check();
        if (errors.hasErrors()) {
            throw KlientException.invalid("customer.badFilter");
        }
        return Downloads.format(request);
    }
}
