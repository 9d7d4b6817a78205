package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.BillingExport;
import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.billing.Quotes;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.export.Downloads;
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
        Downloads.page(request, response, "quotes", errors, Permission.EXPORT_SALES::check,
                (format, out) -> export.quotes(query, format, out));
    }

    @GetMapping({ "/orders/export.csv", "/orders/export.xlsx" })
    void orders(@ModelAttribute("query") Orders.Query query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "orders", errors, Permission.EXPORT_SALES::check,
                (format, out) -> export.orders(query, format, out));
    }

    @GetMapping({ "/invoices/export.csv", "/invoices/export.xlsx" })
    void invoices(@ModelAttribute("query") Invoices.Query query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "invoices", errors, () -> mayExport(query),
                (format, out) -> export.invoices(query, format, out));
    }

    /** Who may export invoices, and a search the list takes (the list's own limit). */
    static void mayExport(Invoices.Query query) {
        Permission.EXPORT_INVOICES.check();
        if (query.q() != null && query.q().length() > 100) {
            throw KlientException.invalid("customer.badFilter");
        }
    }
}
