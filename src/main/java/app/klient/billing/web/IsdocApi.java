package app.klient.billing.web;

import java.nio.charset.StandardCharsets;

import app.klient.billing.IsdocFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The ISDOC file of a Czech invoice, for whoever may read the invoice. */
@RestController
@Tag(name = "Invoices and payments")
@RequestMapping("/api/v1")
class IsdocApi {

    private final IsdocFiles isdoc;

    IsdocApi(IsdocFiles isdoc) {
        this.isdoc = isdoc;
    }

    @Operation(summary = "The invoice or correction as ISDOC 6.0.2 (the Czech e-invoice, <number>.isdoc): for an "
            + "invoice whose seller or buyer is in Czechia; 404 for any other")
    @GetMapping(value = "/invoices/{id}/isdoc", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> isdoc(@PathVariable long id) {
        return download(isdoc.get(id));
    }

    /** An ISDOC file as an attachment named after the invoice. */
    static ResponseEntity<byte[]> download(IsdocFiles.IsdocFile file) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.filename(), StandardCharsets.UTF_8).build().toString())
                .body(file.content());
    }
}
