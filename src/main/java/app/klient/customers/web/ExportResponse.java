package app.klient.customers.web;

import java.time.LocalDate;

import app.klient.identity.Permission;
import jakarta.servlet.http.HttpServletResponse;

/** Headers of a CSV download named after the list and the day. */
final class ExportResponse {

    private ExportResponse() {
    }

    /** Refuses before any header is set, so a refusal is an error page or problem, not a downloaded file. */
    static void csv(HttpServletResponse response, String list) {
        Permission.EXPORT_CUSTOMERS.check();
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition",
                "attachment; filename=\"klient-" + list + "-" + LocalDate.now() + ".csv\"");
    }
}
