package app.klient.billing.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.billing.CorrectionForm;
import app.klient.billing.InvoiceForm;
import app.klient.billing.InvoiceRow;
import app.klient.billing.InvoiceStatus;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.Payment;
import app.klient.billing.PaymentForm;
import app.klient.billing.internal.BillingPdf;
import app.klient.platform.pdf.PdfResponse;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Invoices and payments")
@RequestMapping("/api/v1")
class InvoiceApi {

    static final Map<String, String> SORTABLE = Map.of("issueDate", "issueDate", "dueDate", "dueDate",
            "grossTotal", "grossTotal", "number", "number");

    private final Invoices invoices;
    private final BillingPdf pdf;

    InvoiceApi(Invoices invoices, BillingPdf pdf) {
        this.invoices = invoices;
        this.pdf = pdf;
    }

    @Operation(summary = "List invoices and corrections. Filters: q (number, buyer, tax id), companyId, status "
            + "(UNPAID, PARTIALLY_PAID, PAID, OVERDUE, CORRECTION), from, to (issue date); "
            + "sort=issueDate|dueDate|grossTotal|number[,asc|desc]")
    @GetMapping("/invoices")
    PageResponse<InvoiceRow> list(@RequestParam(required = false) String q,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) InvoiceStatus status,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        if (q != null && q.length() > 100) {
            throw KlientException.invalid("customer.badFilter");
        }
        return PageResponse.of(invoices.list(new Invoices.Query(q, companyId, status, from, to),
                Paging.of(page, size, sort, SORTABLE, Sort.by(Sort.Order.desc("issueDate")))));
    }

    @Operation(summary = "Read one invoice with its lines, totals, payments and corrections.")
    @GetMapping("/invoices/{id}")
    InvoiceView get(@PathVariable long id) {
        return invoices.get(id);
    }

    @Operation(summary = "Issue an invoice, by hand (companyId or contactId, lines) or from an order (orderId); "
            + "it gets the next number of the seller's pattern and is never changed afterwards; an order that already "
            + "has an invoice is invoiced again only with \"again\": true (else 409)")
    @PostMapping("/invoices")
    ResponseEntity<InvoiceView> issue(@Valid @RequestBody InvoiceForm form) {
        InvoiceView issued = invoices.issue(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/invoices/" + issued.id())
                .body(issued);
    }

    @Operation(summary = "Issue a correction of an invoice: a reason and the lines of the difference (negative "
            + "quantities take back)")
    @PostMapping("/invoices/{id}/corrections")
    ResponseEntity<InvoiceView> correct(@PathVariable long id, @Valid @RequestBody CorrectionForm form) {
        InvoiceView correction = invoices.correct(id, form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/invoices/" + correction.id())
                .body(correction);
    }

    @Operation(summary = "An issued invoice is never changed: always 409, correct it instead")
    @PutMapping("/invoices/{id}")
    ResponseEntity<Void> change(@PathVariable long id) {
        invoices.get(id);
        throw KlientException.conflict("invoice.immutable");
    }

    @Operation(summary = "An issued invoice is never changed: always 409, correct it instead.")
    @PatchMapping("/invoices/{id}")
    ResponseEntity<Void> patch(@PathVariable long id) {
        return change(id);
    }

    @Operation(summary = "An issued invoice is never deleted: always 409, correct it instead.")
    @DeleteMapping("/invoices/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        return change(id);
    }

    @Operation(summary = "The invoice as PDF, in its language")
    @GetMapping(value = "/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        InvoiceView invoice = invoices.get(id);
        return PdfResponse.inline(pdf.invoice(invoice), invoice.number());
    }

    @Operation(summary = "List the payments of an invoice.")
    @GetMapping("/invoices/{id}/payments")
    List<Payment> payments(@PathVariable long id) {
        invoices.get(id);
        return invoices.payments(id);
    }

    @Operation(summary = "Record a payment of an invoice (partial or full; never more than is still due)")
    @PostMapping("/payments")
    ResponseEntity<Payment> pay(@Valid @RequestBody PaymentForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(invoices.pay(form));
    }

    @Operation(summary = "List the payments of one invoice (the invoiceId parameter).")
    @GetMapping("/payments")
    List<Payment> paymentsOf(@RequestParam long invoiceId) {
        return payments(invoiceId);
    }
}
