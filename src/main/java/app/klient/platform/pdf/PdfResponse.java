package app.klient.platform.pdf;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A PDF answer shown in the browser, named after its document ("FV/2026/11/0001" becomes "FV-2026-11-0001.pdf"). */
public final class PdfResponse {

    private PdfResponse() {
    }

    public static ResponseEntity<byte[]> inline(byte[] pdf, String name) {
        String file = name.replaceAll("[^\\p{L}\\p{N}._-]+", "-") + ".pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(file,
                        StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }
}
