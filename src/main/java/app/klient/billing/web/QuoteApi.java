package app.klient.billing.web;

import java.util.List;

import app.klient.billing.OrderView;
import app.klient.billing.QuoteForm;
import app.klient.billing.QuoteStatus;
import app.klient.billing.QuoteView;
import app.klient.billing.Quotes;
import app.klient.billing.Seller;
import app.klient.billing.internal.BillingPdf;
import app.klient.billing.internal.Buyers;
import app.klient.platform.pdf.PdfResponse;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Quotes")
@RequestMapping("/api/v1/quotes")
class QuoteApi {

    private final Quotes quotes;
    private final BillingPdf pdf;
    private final Seller seller;
    private final Buyers buyers;

    QuoteApi(Quotes quotes, BillingPdf pdf, Seller seller, Buyers buyers) {
        this.quotes = quotes;
        this.pdf = pdf;
        this.seller = seller;
        this.buyers = buyers;
    }

    record Decision(Integer version) {
    }

    @Operation(summary = "The latest revision of each quote. Filters: companyId, dealId, status")
    @GetMapping
    PageResponse<QuoteView> list(@RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Long dealId, @RequestParam(required = false) QuoteStatus status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(quotes.list(new Quotes.Query(companyId, dealId, status),
                Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one quote with its lines and totals.")
    @GetMapping("/{id}")
    QuoteView get(@PathVariable long id) {
        return quotes.get(id);
    }

    @Operation(summary = "Every revision of the quote, the first first")
    @GetMapping("/{id}/revisions")
    List<QuoteView> revisions(@PathVariable long id) {
        return quotes.revisions(id);
    }

    @Operation(summary = "Make a quote for a customer, or from a deal (dealId: its company, currency and lines)")
    @ApiResponse(responseCode = "201", description = "The quote made; Location names it.", useReturnTypeSchema = true)
    @PostMapping
    ResponseEntity<QuoteView> create(@Valid @RequestBody QuoteForm form) {
        QuoteView created = quotes.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/quotes/" + created.id())
                .body(created);
    }

    @Operation(summary = "Change a quote: answers a new revision; the one changed is kept, superseded")
    @ApiResponse(responseCode = "201", description = "The new revision; Location names it.", useReturnTypeSchema = true)
    @PutMapping("/{id}")
    ResponseEntity<QuoteView> revise(@PathVariable long id, @Valid @RequestBody QuoteForm form) {
        QuoteView revision = quotes.revise(id, form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/quotes/" + revision.id())
                .body(revision);
    }

    @Operation(summary = "Record that the quote was sent to the customer; send the version you read.")
    @PostMapping("/{id}/sent")
    QuoteView sent(@PathVariable long id, @RequestBody Decision decision) {
        return quotes.markSent(id, decision.version());
    }

    @Operation(summary = "The customer accepted: the quote becomes an order (answered)")
    @PostMapping("/{id}/accept")
    ResponseEntity<OrderView> accept(@PathVariable long id, @RequestBody Decision decision) {
        return ResponseEntity.status(HttpStatus.CREATED).body(quotes.accept(id, decision.version()));
    }

    @Operation(summary = "Record that the customer rejected the quote; send the version you read.")
    @PostMapping("/{id}/reject")
    QuoteView reject(@PathVariable long id, @RequestBody Decision decision) {
        return quotes.reject(id, decision.version());
    }

    @Operation(summary = "The quote as PDF, in its language")
    @GetMapping(value = "/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        QuoteView quote = quotes.get(id);
        return PdfResponse.inline(pdf.quote(quote, seller.get(), buyers.of(quote.companyId(), quote.contactId())),
                quote.number());
    }
}
