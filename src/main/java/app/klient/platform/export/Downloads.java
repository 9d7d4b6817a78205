package app.klient.platform.export;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.validation.BindingResult;

/**
 * The one way a list leaves Klient as a download, over the API and from a page's Export menu: what may refuse it
 * (the permission, the filters, the format) is asked first, so a refusal is an error and not a file; then the
 * content type and a file name made of the list and the day ({@code klient-contacts-2026-12-07.csv}); then the
 * module writes the file (and records it in the audit log).
 */
public final class Downloads {

    /** Writes the list to the answer's body in the format asked for. */
    @FunctionalInterface
    public interface Body {
        void write(ExportFormat format, OutputStream out);
    }

    private Downloads() {
    }

    /**
     * {@code GET /api/v1/<list>/export?format=}: {@code checks} (the permission first, then any filter the list
     * refuses), the format parameter (csv when missing, xlsx, or one of {@code also}), then the file.
     */
    public static void api(HttpServletResponse response, String list, String format, Runnable checks, Body body,
            ExportFormat... also) throws IOException {
        checks.run();
        send(response, ExportFormat.of(format, also), list, body);
    }

    /**
     * {@code GET /<list>/export.csv} and its siblings from a page's Export menu, with the page's filters: {@code
     * checks} (the permission first, then any filter the list refuses), filters that did not bind, then the file in
     * the format the address ends with.
     */
    public static void page(HttpServletRequest request, HttpServletResponse response, String list,
            BindingResult errors, Runnable checks, Body body) throws IOException {
        checks.run();
        if (errors != null && errors.hasErrors()) {
            throw KlientException.invalid("customer.badFilter");
        }
        String uri = request.getRequestURI();
        send(response, ExportFormat.of(uri.substring(uri.lastIndexOf('.') + 1), ExportFormat.VCARD), list, body);
    }

    private static void send(HttpServletResponse response, ExportFormat format, String list, Body body)
            throws IOException {
        response.setContentType(format.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("klient-" + list + "-" + LocalDate.now() + "." + format.extension()).build().toString());
        body.write(format, response.getOutputStream());
    }
}
