package app.klient.service.web;

import java.io.IOException;

import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.service.TicketExport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The queue's Export menu: the tickets of the view it shows, as CSV or XLSX. */
@Controller
class TicketExportPages {

    private final TicketExport export;

    TicketExportPages(TicketExport export) {
        this.export = export;
    }

    @GetMapping({ "/tickets/export.csv", "/tickets/export.xlsx" })
    void page(@RequestParam(defaultValue = "mine") String view, @RequestParam(required = false) Long teamId,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        Downloads.page(request, response, "tickets", null, Permission.EXPORT_TICKETS::check,
                (format, out) -> export.tickets(TicketPages.query(view, teamId), format, out));
    }
}
