package app.klient.sales.web;

import java.io.IOException;

import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.sales.DealQuery;
import app.klient.sales.LeadQuery;
import app.klient.sales.SalesExport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The lead and deal lists as files, with the filters of the lists; administrators and managers. */
@RestController
@RequestMapping("/api/v1")
class SalesExportApi {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final SalesExport export;

    SalesExportApi(SalesExport export) {
        this.export = export;
    }

    @Tag(name = "Leads")
    @Operation(summary = "The filtered lead list as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /leads; headers in the reader's language; audited with the row count")
    @GetMapping(value = "/leads/export", produces = { "text/csv", XLSX })
    void leads(@Valid @ModelAttribute LeadQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "leads", format, Permission.EXPORT_SALES::check,
                (chosen, out) -> export.leads(query, chosen, out));
    }

    @Tag(name = "Deals")
    @Operation(summary = "The filtered deal list as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /deals; headers in the reader's language; audited with the row count")
    @GetMapping(value = "/deals/export", produces = { "text/csv", XLSX })
    void deals(@Valid @ModelAttribute DealQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "deals", format, Permission.EXPORT_SALES::check,
                (chosen, out) -> export.deals(query, chosen, out));
    }
}
