package app.klient.sales.web;

import java.io.IOException;

import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.sales.DealQuery;
import app.klient.sales.LeadQuery;
import app.klient.sales.SalesExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The Export menus of the lead and deal lists: the list as it is filtered on the page, as CSV or XLSX. */
@Controller
class SalesExportPages {

    private final SalesExport export;

    SalesExportPages(SalesExport export) {
        this.export = export;
    }

    @GetMapping({ "/leads/export.csv", "/leads/export.xlsx" })
    void leads(@Valid @ModelAttribute("query") LeadQuery query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "leads", errors, Permission.EXPORT_SALES::check,
                (format, out) -> export.leads(query, format, out));
    }

    @GetMapping({ "/deals/export.csv", "/deals/export.xlsx" })
    void deals(@Valid @ModelAttribute("query") DealQuery query, BindingResult errors, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "deals", errors, Permission.EXPORT_SALES::check,
                (format, out) -> export.deals(query, format, out));
    }
}
