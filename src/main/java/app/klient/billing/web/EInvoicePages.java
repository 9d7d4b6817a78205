package app.klient.billing.web;

import app.klient.billing.Invoices;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** The FA(3) e-invoice downloaded from the invoice page, beside its PDF. */
@Controller
@RequestMapping("/invoices")
class EInvoicePages {

    private final Invoices invoices;

    EInvoicePages(Invoices invoices) {
        this.invoices = invoices;
    }

    @GetMapping("/{id:\\d+}/fa3.xml")
    ResponseEntity<byte[]> fa3(@PathVariable long id) {
        return EInvoiceApi.xml(invoices, id, false);
    }
}
