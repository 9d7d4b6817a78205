package app.klient.service.web;

import java.io.IOException;

import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.service.TicketExport;
import app.klient.service.Tickets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ticket list as a file over the API, with the list's filters; administrators and managers. */
@RestController
class TicketExportApi {

    private final TicketExport export;

    TicketExportApi(TicketExport export) {
        this.export = export;
    }

    @Tag(name = "Tickets")
    @Operation(summary = "The filtered ticket list as a file: format=csv (UTF-8 with a byte order mark, the default) or "
            + "xlsx; the same filters as GET /tickets; administrators and managers; audited with the row count")
    @GetMapping(value = "/api/v1/tickets/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    void api(@ModelAttribute Tickets.Query query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Downloads.api(response, "tickets", format, Permission.EXPORT_TICKETS::check,
                (chosen, out) -> export.tickets(query, chosen, out));
    }
}
