package app.klient.mail.web;

import app.klient.mail.DocumentMail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** E-mailing a quote, order, invoice or generated document to the customer, with its PDF. */
@RestController
@Tag(name = "E-mail")
@RequestMapping("/api/v1")
class DocumentMailApi {

    private static final String HOW = "; body (all optional): {\"to\": [\"buyer@example.com\"], \"subject\": \"...\", "
            + "\"body\": \"...\"}: the addresses must be the customer's (its people's or its own), by default the "
            + "buyer's; subject and text default to the template in the customer's language. Sent after the "
            + "commit through the outbox and recorded on the customer's timeline (owner, managers, administrators)";

    private final DocumentMail mail;

    DocumentMailApi(DocumentMail mail) {
        this.mail = mail;
    }

    @Operation(summary = "E-mail a quote to the customer with its PDF attached; \"markSent\": true marks a quote "
            + "in draft as sent (send its \"version\")" + HOW)
    @PostMapping("/quotes/{id}/email")
    ResponseEntity<DocumentMail.Sent> quote(@PathVariable long id,
            @Valid @RequestBody(required = false) DocumentMail.SendForm form) {
        return sent(mail.send(DocumentMail.Kind.QUOTE, id, form));
    }

    @Operation(summary = "E-mail an order to the customer with its PDF attached" + HOW)
    @PostMapping("/orders/{id}/email")
    ResponseEntity<DocumentMail.Sent> order(@PathVariable long id,
            @Valid @RequestBody(required = false) DocumentMail.SendForm form) {
        return sent(mail.send(DocumentMail.Kind.ORDER, id, form));
    }

    @Operation(summary = "E-mail an invoice or correction to the customer with its PDF attached" + HOW)
    @PostMapping("/invoices/{id}/email")
    ResponseEntity<DocumentMail.Sent> invoice(@PathVariable long id,
            @Valid @RequestBody(required = false) DocumentMail.SendForm form) {
        return sent(mail.send(DocumentMail.Kind.INVOICE, id, form));
    }

    @Operation(summary = "E-mail a generated document (a contract, a letter) to the customer as PDF" + HOW)
    @PostMapping("/documents/{id}/email")
    ResponseEntity<DocumentMail.Sent> document(@PathVariable long id,
            @Valid @RequestBody(required = false) DocumentMail.SendForm form) {
        return sent(mail.send(DocumentMail.Kind.DOCUMENT, id, form));
    }

    private static ResponseEntity<DocumentMail.Sent> sent(DocumentMail.Sent sent) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(sent);
    }
}
