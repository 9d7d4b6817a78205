package app.klient.customers.web;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletResponse;

/** Headers of a CSV download named after the list and the day. */
final class ExportResponse {

    private ExportResponse() {
    }

    static void csv(HttpServletResponse response, String list) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition",
                "attachment; filename=\"klient-" + list + "-" + LocalDate.now() + ".csv\"");
    }
}
