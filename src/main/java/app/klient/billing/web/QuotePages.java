package app.klient.billing.web;

import app.klient.identity.RecordKind;
import java.util.ArrayList;
import java.util.List;

import app.klient.billing.Invoices;
import app.klient.billing.LineForm;
import app.klient.billing.OrderView;
import app.klient.billing.QuoteForm;
import app.klient.billing.QuoteStatus;
import app.klient.billing.QuoteView;
import app.klient.billing.Quotes;
import app.klient.billing.Seller;
import app.klient.billing.internal.BillingPdf;
import app.klient.billing.internal.Buyers;
import app.klient.platform.pdf.PdfResponse;
import app.klient.platform.KlientException;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Quotes: the list, a quote with its revisions and what the customer said, making and revising one, its PDF. */
@Controller
@RequestMapping("/quotes")
class QuotePages {

    private final Quotes quotes;
    private final Deals deals;
    private final DocumentPages documents;
    private final BillingPdf pdf;
    private final Seller seller;
    private final Buyers buyers;

    QuotePages(Quotes quotes, Deals deals, DocumentPages documents, BillingPdf pdf, Seller seller, Buyers buyers) {
        this.quotes = quotes;
        this.deals = deals;
        this.documents = documents;
        this.pdf = pdf;
        this.seller = seller;
        this.buyers = buyers;
    }

    @GetMapping
    String list(@RequestParam(required = false) QuoteStatus status, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        model.addAttribute("quotes", quotes.list(new Quotes.Query(null, null, status),
                Paging.of(page, 25, null, java.util.Map.of(), Sort.unsorted())));
        model.addAttribute("listBase", Paging.listBase("/quotes", request.getQueryString()));
        model.addAttribute("status", status);
        model.addAttribute("statuses", QuoteStatus.values());
        model.addAttribute("canIssue", InvoicePages.canIssue());
        return Htmx.view(request, "billing/quotes", "results");
    }

    @GetMapping("/{id:\\d+}")
    String quote(@PathVariable long id, Model model) {
        QuoteView quote = quotes.get(id);
        model.addAttribute("quote", quote);
        model.addAttribute("buyer", buyers.of(quote.companyId(), quote.contactId()));
        model.addAttribute("revisions", quotes.revisions(id));
        model.addAttribute("canIssue", InvoicePages.canActOn(RecordKind.QUOTE, quote.id(), quote.ownerId()));
        return "billing/quote";
    }

    @GetMapping("/{id:\\d+}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        QuoteView quote = quotes.get(id);
        return PdfResponse.inline(pdf.quote(quote, seller.get(), buyers.of(quote.companyId(), quote.contactId())),
                quote.number());
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) Long companyId, @RequestParam(required = false) Long dealId,
            Model model) {
        Invoices.checkIssuer();
        List<LineForm> lines = new ArrayList<>();
        Long company = companyId;
        String currency = null;
        if (dealId != null) {
            DealView deal = deals.get(dealId);
            company = deal.companyId();
            currency = deal.currency();
            deal.lines().forEach(l -> lines.add(new LineForm(l.productId(), l.description(), l.quantity(),
                    l.unitPrice(), l.discountPercent(), l.taxExempt() ? null : l.taxRate(), l.taxExempt())));
        }
        documents.formModel(model, new DocumentPageForm(company, null, dealId, null, currency, null, null, null, null,
                null, null, null, false, lines, null, null));
        return "billing/quote-form";
    }

    @GetMapping("/{id:\\d+}/revise")
    String revise(@PathVariable long id, Model model) {
        QuoteView q = quotes.get(id);
        Invoices.checkActOn(RecordKind.QUOTE, q.id(), q.ownerId());
        model.addAttribute("quote", q);
        documents.formModel(model, new DocumentPageForm(q.companyId(), q.contactId(), q.dealId(), null, q.currency(),
                q.language(), null, null, null, q.validUntil(), q.terms(), null, q.reverseCharge(),
                q.lines().stream().map(InvoicePages::form).toList(), q.version(), q.couponCode()));
        return "billing/quote-form";
    }

    @PostMapping({ "", "/{id:\\d+}" })
    String save(@PathVariable(required = false) Long id, @ModelAttribute("form") DocumentPageForm form,
            BindingResult errors, @RequestParam(required = false) String addLines, Model model,
            RedirectAttributes redirect) {
        // refused before the form is checked: a form shown again with its errors is an answer too
        if (id == null) {
            Invoices.checkIssuer();
        }
        else {
            Invoices.checkActOn(RecordKind.QUOTE, id, quotes.get(id).ownerId());
        }
        // "Add line" without a script: the same form again with more empty rows, nothing checked yet
        if (addLines != null) {
            if (id != null) {
                model.addAttribute("quote", quotes.get(id));
            }
            documents.formModel(model, form, DocumentPageForm.ADDED_ROWS);
            return "billing/quote-form";
        }
        if (!errors.hasErrors() && documents.linesValid(form, errors)) {
            try {
                QuoteForm quote = new QuoteForm(form.companyId(), form.contactId(), form.dealId(),
                        InvoicePages.blank(form.currency()), InvoicePages.blank(form.language()), form.validUntil(),
                        form.terms(), form.reverseCharge(), form.filledLines(), null, form.version(),
                        form.couponCode());
                QuoteView saved = id == null ? quotes.create(quote) : quotes.revise(id, quote);
                redirect.addFlashAttribute("flash", id == null ? "quote.created" : "quote.revised");
                return "redirect:/quotes/" + saved.id();
            }
            catch (KlientException e) {
                documents.apply(e, errors);
            }
        }
        if (id != null) {
            model.addAttribute("quote", quotes.get(id));
        }
        documents.formModel(model, form);
        return "billing/quote-form";
    }

    @PostMapping("/{id:\\d+}/sent")
    String sent(@PathVariable long id, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return act(id, redirect, "quote.markedSent", () -> quotes.markSent(id, version));
    }

    @PostMapping("/{id:\\d+}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "quote.markedRejected", () -> quotes.reject(id, version));
    }

    @PostMapping("/{id:\\d+}/accept")
    String accept(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        try {
            OrderView order = quotes.accept(id, version);
            redirect.addFlashAttribute("flash", "quote.accepted");
            return "redirect:/orders/" + order.id();
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
            return "redirect:/quotes/" + id;
        }
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        return app.klient.platform.web.Flash.act(redirect, "/quotes/" + id, done, action);
    }
}
