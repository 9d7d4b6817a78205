package app.klient.billing.web;

import app.klient.billing.Invoices;
import app.klient.billing.InvoiceView;
import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The FA(3) e-invoice of a Polish invoice over the API. */
@RestController
@Tag(name = "Invoices and payments")
@RequestMapping("/api/v1")
class EInvoiceApi {

    private final Invoices invoices;

    EInvoiceApi(Invoices invoices) {
        this.invoices = invoices;
    }

    @Operation(summary = "The FA(3) e-invoice (XML) of a Polish invoice or correction, byte for byte as kept when "
            + "it was issued (what KSeF receives); 404 for an invoice whose seller is not Polish")
    @GetMapping(value = "/invoices/{id}/fa3", produces = "application/xml")
    ResponseEntity<byte[]> invoiceXml(@PathVariable long id) {
        return xml(invoices, id, false);
    }

    /** The kept XML as a download named after the invoice ("FV/2026/12/0001" becomes "FV-2026-12-0001.xml"). */
    static ResponseEntity<byte[]> xml(Invoices invoices, long id, boolean inline) {
        InvoiceView invoice = invoices.get(id);
        InvoiceFiles.InvoiceFile file = invoices.fa3(id)
                .orElseThrow(() -> KlientException.notFound("fa3.notPolish"));
        String name = invoice.number().replaceAll("[^\\p{L}\\p{N}._-]+", "-") + ".xml";
        var disposition = inline ? org.springframework.http.ContentDisposition.inline()
                : org.springframework.http.ContentDisposition.attachment();
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_XML)
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, disposition.filename(name,
                        java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(file.content());
    }
}
