package app.klient.platform.export;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/** The headers of an exported list: its content type and a file name made of the list and the day. */
public final class Downloads {

    private Downloads() {
    }

    /** The format a page route names by its extension ({@code /leads/export.xlsx}). */
    public static ExportFormat format(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return ExportFormat.of(uri.substring(uri.lastIndexOf('.') + 1), ExportFormat.VCARD);
    }

    /** Set only after the permission and the filters were checked, so a refusal is an error, not a file. */
    public static void start(HttpServletResponse response, ExportFormat format, String list) {
        response.setContentType(format.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("klient-" + list + "-" + LocalDate.now() + "." + format.extension()).build().toString());
    }
}
