package app.klient.billing.internal;

import java.util.Locale;
import java.util.Map;

import app.klient.billing.InvoiceView;
import app.klient.billing.Party;
import app.klient.billing.QuoteView;
import app.klient.billing.SellerProfile;
import app.klient.platform.pdf.AmountInWords;
import app.klient.platform.pdf.PdfRenderer;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** Quotes and invoices as PDF, in the document's language (templates {@code billing/pdf/*.html}, strict XHTML). */
@Component
public class BillingPdf {

    private final ITemplateEngine templates;
    private final PdfRenderer renderer;
    private final AmountInWords words;

    private final org.springframework.context.MessageSource messages;
    private final String companyCurrency;
    private final app.klient.billing.ksef.KsefProgress ksef;
    private final app.klient.billing.EInvoices einvoices;

    BillingPdf(ITemplateEngine templates, PdfRenderer renderer, AmountInWords words,
            org.springframework.context.MessageSource messages, app.klient.catalog.ExchangeRates rates,
            app.klient.billing.ksef.KsefProgress ksef, app.klient.billing.EInvoices einvoices) {
        this.ksef = ksef;
        this.einvoices = einvoices;
        this.messages = messages;
        this.companyCurrency = rates.companyCurrency();
        this.templates = templates;
        this.renderer = renderer;
        this.words = words;
    }

    /**
     * A party's identifiers labelled as its country names them (NIP and REGON, IČO and DIČ), in the reader's language:
     * the page shows what the PDF prints.
     */
    public java.util.List<String> ids(app.klient.billing.Party party, boolean reverseCharge) {
        return new DocumentFormat(org.springframework.context.i18n.LocaleContextHolder.getLocale(), messages)
                .ids(party, reverseCharge);
    }

    /** The VAT column and summary of an invoice as its PDF prints them (the invoice page shows the same). */
    public app.klient.billing.VatRates vatRates(InvoiceView invoice) {
        return einvoices.vatRates(invoice);
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    public byte[] invoice(InvoiceView invoice) {
        Locale locale = Locale.forLanguageTag(invoice.language());
        // a Czech payment is matched by its variable symbol: Czech invoices, or any from a Czech seller, print it
        boolean czech = "cs".equals(invoice.language()) || "CZ".equals(invoice.seller().country());
        Map<String, Object> model = new java.util.HashMap<>(Map.of("invoice", invoice, "inWords",
                // a refund is said as the amount to return ("Do zwrotu"), without a minus
                words.of(invoice.grossTotal().abs(), invoice.currency(), locale), "companyCurrency", companyCurrency,
                "variableSymbol", czech && invoice.variableSymbol() != null ? invoice.variableSymbol() : ""));
        // ksef-desk: the KSeF code "KOD I" once the invoice is on its way to KSeF; none with KSeF switched off
        model.put("ksef", ksef.printed(invoice).orElse(null));
        // the VAT column and summary say what the FA(3) says (0 % WDT / EX for goods, np. for services)
        model.put("vatRates", einvoices.vatRates(invoice));
        return render("billing/pdf/invoice", locale, model);
    }

    public byte[] quote(QuoteView quote, SellerProfile seller, Party buyer) {
        Locale locale = Locale.forLanguageTag(quote.language());
        boolean exempt = !quote.reverseCharge() && quote.lines().stream().anyMatch(app.klient.billing.Line::taxExempt);
        return render("billing/pdf/quote", locale, Map.of("quote", quote, "seller", seller.asParty(), "buyer", buyer,
                "inWords", words.of(quote.grossTotal(), quote.currency(), locale), "exemptionBasis",
                exempt && seller.exemptionBasis() != null ? seller.exemptionBasis() : ""));
    }

    public byte[] order(app.klient.billing.OrderView order, String language, SellerProfile seller, Party buyer) {
        Locale locale = Locale.forLanguageTag(language);
        return render("billing/pdf/order", locale, Map.of("order", order, "language", language, "seller",
                seller.asParty(), "buyer", buyer, "inWords", words.of(order.grossTotal(), order.currency(), locale)));
    }

    /** A printed document's title in its language ("Faktura VAT FV/2026/11/0001"). */
    public String title(String key, String number, String language) {
        return messages.getMessage(key, new Object[] { number }, Locale.forLanguageTag(language));
    }

    private byte[] render(String template, Locale locale, Map<String, Object> model) {
        Context context = new Context(locale);
        context.setVariables(model);
        context.setVariable("f", new DocumentFormat(locale, messages));
        return renderer.render(templates.process(template, context));
    }
}
