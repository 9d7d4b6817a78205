package app.klient.billing.web;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A PDF answer, named after the document ("FV-2026-11-0001.pdf"). */
final class Pdfs {

    private Pdfs() {
    }

    static ResponseEntity<byte[]> attachment(byte[] pdf, String number) {
        String name = number.replaceAll("[^\\p{L}\\p{N}._-]+", "-") + ".pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name,
                        StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }
}
