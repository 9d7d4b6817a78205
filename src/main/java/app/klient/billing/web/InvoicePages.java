package app.klient.billing.web;

import app.klient.identity.RecordKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.klient.billing.CorrectionForm;
import app.klient.billing.InvoiceForm;
import app.klient.billing.InvoiceStatus;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.Line;
import app.klient.billing.LineForm;
import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.billing.PaymentForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Seller;
import app.klient.billing.internal.BillingPdf;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.pdf.PdfResponse;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
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

/** Invoices: the list, issuing one, an invoice with its payments and corrections, and its PDF. */
@Controller
@RequestMapping("/invoices")
class InvoicePages {

    private final Invoices invoices;
    private final Orders orders;
    private final DocumentPages documents;
    private final BillingPdf pdf;
    private final Seller seller;

    InvoicePages(Invoices invoices, Orders orders, DocumentPages documents, BillingPdf pdf, Seller seller) {
        this.seller = seller;
        this.invoices = invoices;
        this.orders = orders;
        this.documents = documents;
        this.pdf = pdf;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) InvoiceStatus status,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        String search = q == null || q.length() > 100 ? null : q;
        model.addAttribute("invoices", invoices.list(new Invoices.Query(search, companyId, status, null, null),
                Paging.of(page, 25, null, InvoiceApi.SORTABLE, Sort.by(Sort.Order.desc("issueDate")))));
        model.addAttribute("listBase", Paging.listBase("/invoices", request.getQueryString()));
        model.addAttribute("q", search);
        model.addAttribute("status", status);
        model.addAttribute("statuses", InvoiceStatus.values());
        model.addAttribute("canIssue", canIssue());
        // the accountant's export (InvoiceExportPages): last month unless another period is chosen
        model.addAttribute("canExport", app.klient.identity.Permission.EXPORT_INVOICES.granted());
        LocalDate lastMonth = invoices.today().withDayOfMonth(1).minusMonths(1);
        model.addAttribute("exportFrom", lastMonth);
        model.addAttribute("exportTo", lastMonth.plusMonths(1).minusDays(1));
        return Htmx.view(request, "billing/invoices", "results");
    }

    @GetMapping("/{id:\\d+}")
    String invoice(@PathVariable long id, Model model) {
        InvoiceView invoice = invoices.get(id);
        model.addAttribute("invoice", invoice);
        model.addAttribute("payments", invoices.payments(id));
        List<InvoiceView> corrections = new ArrayList<>();
        invoice.correctionIds().forEach(c -> corrections.add(invoices.get(c)));
        model.addAttribute("corrections", corrections);
        model.addAttribute("methods", PaymentMethod.values());
        model.addAttribute("canIssue", canActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId()));
        model.addAttribute("today", invoices.today());
        model.addAttribute("companyCurrency", pdf.companyCurrency());
        model.addAttribute("vatRates", pdf.vatRates(invoice));
        if (invoice.kind().equals("INVOICE") && canActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId())) {
            model.addAttribute("left", invoices.left(id));
            model.addAttribute("rates", seller.get().rates());
        }
        return "billing/invoice";
    }

    @GetMapping("/{id:\\d+}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        InvoiceView invoice = invoices.get(id);
        return PdfResponse.inline(pdf.invoice(invoice), invoice.number());
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) Long companyId, @RequestParam(required = false) Long orderId,
            Model model) {
        Invoices.checkIssuer();
        List<LineForm> lines = new ArrayList<>();
        Long company = companyId;
        String currency = null;
        if (orderId != null) {
            OrderView order = orders.get(orderId);
            company = order.companyId();
            currency = order.currency();
            order.lines().forEach(l -> lines.add(form(l)));
            model.addAttribute("invoicedAlready", !order.invoiceIds().isEmpty());
        }
        documents.formModel(model, new DocumentPageForm(company, null, null, orderId, currency, null, null, null,
                null, null, null, PaymentMethod.TRANSFER, false, lines, null, null));
        model.addAttribute("exemptionBasis", seller.get().exemptionBasis());
        return "billing/invoice-form";
    }

    @PostMapping
    String issue(@ModelAttribute("form") DocumentPageForm form, BindingResult errors,
            @RequestParam(defaultValue = "false") boolean again, @RequestParam(required = false) String exemptionBasis,
            @RequestParam(required = false) String addLines,
            Model model, RedirectAttributes redirect) {
        Invoices.checkIssuer();
        if (form.orderId() != null) {
            // invoicing an order acts on it: refused before the form is checked
            Invoices.checkActOn(RecordKind.ORDER, form.orderId(), orders.get(form.orderId()).ownerId());
        }
        // "Add line" without a script: the same form again with more empty rows, nothing checked yet
        if (addLines != null) {
            if (form.orderId() != null) {
                model.addAttribute("invoicedAlready", !orders.get(form.orderId()).invoiceIds().isEmpty());
            }
            documents.formModel(model, form, DocumentPageForm.ADDED_ROWS);
            model.addAttribute("exemptionBasis", exemptionBasis);
            return "billing/invoice-form";
        }
        // the API's limit: a longer basis is refused on its field, never replaced by the seller's default
        boolean basisTooLong = exemptionBasis != null && exemptionBasis.length() > 300;
        if (basisTooLong) {
            errors.reject("fa3.tooLong", new Object[] { 300 }, "fa3.tooLong");
            model.addAttribute("exemptionBasisTooLong", true);
        }
        if (!errors.hasErrors() && documents.linesValid(form, errors)) {
            try {
                InvoiceView issued = invoices.issue(new InvoiceForm(form.companyId(), form.contactId(),
                        form.orderId(), blank(form.currency()), blank(form.language()), form.issueDate(),
                        form.saleDate(), form.dueDate(), form.paymentMethod(), form.reverseCharge(),
                        form.filledLines(), null, again, exemptionBasis, form.couponCode()));
                redirect.addFlashAttribute("flash", "invoice.issued");
                return "redirect:/invoices/" + issued.id();
            }
            catch (KlientException e) {
                documents.apply(e, errors);
                // the buyer's data (address, NIP) is corrected on the customer's card, not in this form: link it
                if (e instanceof app.klient.platform.InvalidFields invalid && invalid.errors().stream()
                        .anyMatch(f -> f.field() != null && f.field().startsWith("buyer."))) {
                    model.addAttribute("buyerCard", form.companyId() != null ? "/companies/" + form.companyId()
                            : form.contactId() != null ? "/contacts/" + form.contactId() : null);
                }
            }
        }
        if (form.orderId() != null) {
            model.addAttribute("invoicedAlready", !orders.get(form.orderId()).invoiceIds().isEmpty());
        }
        documents.formModel(model, form);
        model.addAttribute("exemptionBasis", basisTooLong ? exemptionBasis.substring(0, 300) : exemptionBasis);
        return "billing/invoice-form";
    }

    /** A payment from the invoice's page. */
    @PostMapping("/{id:\\d+}/payments")
    String pay(@PathVariable long id, @RequestParam(required = false) BigDecimal amount,
            @RequestParam(required = false) LocalDate paidOn, @RequestParam(required = false) PaymentMethod method,
            @RequestParam(required = false) String reference, RedirectAttributes redirect) {
        return act(id, redirect, "payment.recorded", () -> {
            if (amount == null || amount.signum() <= 0 || amount.scale() > 2 || (reference != null
                    && reference.length() > 200)) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("amount", "payment.amount")));
            }
            invoices.pay(new PaymentForm(id, amount, paidOn, method, reference));
        });
    }

    /**
     * A correction from the invoice's page, as on a Polish "faktura korygująca": per line how many go back
     * ({@code back<i>}), or a new unit price ({@code price<i>}) or VAT rate ({@code rate<i>}); a new price or rate
     * takes what is left of the line back at the old terms and invoices it again at the new ones.
     */
    @PostMapping("/{id:\\d+}/corrections")
    String correct(@PathVariable long id, @RequestParam(required = false) String reason,
            @RequestParam Map<String, String> all, RedirectAttributes redirect) {
        InvoiceView invoice = invoices.get(id);
        Invoices.checkActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId());
        List<BigDecimal> left = invoices.left(id);
        List<LineForm> back = new ArrayList<>();
        for (int i = 0; i < invoice.lines().size(); i++) {
            Line line = invoice.lines().get(i);
            BigDecimal quantity;
            BigDecimal price;
            BigDecimal rate;
            // "EXEMPT": the line becomes VAT-exempt (zw), e.g. a service wrongly taxed
            boolean exempt = "EXEMPT".equals(all.get("rate" + i));
            try {
                quantity = number(all.get("back" + i));
                price = number(all.get("price" + i));
                rate = exempt ? null : number(all.get("rate" + i));
            }
            catch (NumberFormatException e) {
                redirect.addFlashAttribute("flashError", "invoice.correctionQuantity");
                return "redirect:/invoices/" + id;
            }
            if ((quantity != null && quantity.signum() <= 0) || (price != null && (price.signum() < 0
                    || price.scale() > 2 || price.precision() - price.scale() > 16))) {
                redirect.addFlashAttribute("flashError", "invoice.correctionQuantity");
                return "redirect:/invoices/" + id;
            }
            if (quantity != null) {
                back.add(new LineForm(line.productId(), line.description(), quantity.negate(), line.unitPrice(),
                        line.discountPercent(), line.taxRate(), line.taxExempt()));
            }
            boolean repriced = price != null && price.compareTo(line.unitPrice()) != 0;
            boolean retaxed = exempt ? !line.taxExempt()
                    : rate != null && (line.taxExempt() || rate.compareTo(line.taxRate()) != 0);
            if (repriced || retaxed) {
                BigDecimal rest = left.get(i).subtract(quantity == null ? BigDecimal.ZERO : quantity);
                if (rest.signum() <= 0) {
                    redirect.addFlashAttribute("flashError", "invoice.correctionNothingLeft");
                    redirect.addFlashAttribute("flashErrorArgs", new Object[] { i + 1 });
                    return "redirect:/invoices/" + id;
                }
                back.add(new LineForm(line.productId(), line.description(), rest.negate(), line.unitPrice(),
                        line.discountPercent(), line.taxRate(), line.taxExempt()));
                back.add(new LineForm(line.productId(), line.description(), rest, repriced ? price
                        : line.unitPrice(), line.discountPercent(), retaxed ? rate : line.taxRate(),
                        retaxed ? exempt : line.taxExempt()));
            }
        }
        if (reason == null || reason.isBlank() || reason.length() > 500 || back.isEmpty()) {
            redirect.addFlashAttribute("flashError", "invoice.correctionIncomplete");
            return "redirect:/invoices/" + id;
        }
        try {
            InvoiceView correction = invoices.correct(id, new CorrectionForm(reason, null, back,
                    all.get("exemptionBasis")));
            redirect.addFlashAttribute("flash", "invoice.corrected");
            return "redirect:/invoices/" + correction.id();
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
            return "redirect:/invoices/" + id;
        }
    }

    private static BigDecimal number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 24) {
            throw new NumberFormatException();
        }
        return new BigDecimal(value.strip().replace(" ", "").replace(',', '.'));
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        return app.klient.platform.web.Flash.act(redirect, "/invoices/" + id, done, action);
    }

    static boolean canIssue() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES);
    }

    /** Whether the page offers acting on this record: the rule {@link Invoices#checkActOn} enforces. */
    static boolean canActOn(RecordKind kind, long id, Long ownerId) {
        return canIssue() && app.klient.identity.OwnedRecords.canEdit(kind, id, ownerId);
    }

    static LineForm form(Line l) {
        return new LineForm(l.productId(), l.description(), l.quantity(), l.unitPrice(), l.discountPercent(),
                l.taxRate(), l.taxExempt());
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
