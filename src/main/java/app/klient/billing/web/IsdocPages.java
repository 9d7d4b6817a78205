package app.klient.billing.web;

import app.klient.billing.IsdocFiles;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** The ISDOC file of a Czech invoice, the link beside its PDF on the invoice's page. */
@Controller
@RequestMapping("/invoices")
class IsdocPages {

    private final IsdocFiles isdoc;

    IsdocPages(IsdocFiles isdoc) {
        this.isdoc = isdoc;
    }

    /** 404 for an invoice that is not Czech: it has no ISDOC file. */
    @GetMapping("/{id:\\d+}/isdoc")
    ResponseEntity<byte[]> isdoc(@PathVariable long id) {
        return IsdocApi.download(isdoc.get(id));
    }
}
