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

    BillingPdf(ITemplateEngine templates, PdfRenderer renderer, AmountInWords words,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.templates = templates;
        this.renderer = renderer;
        this.words = words;
    }

    public byte[] invoice(InvoiceView invoice) {
        Locale locale = Locale.forLanguageTag(invoice.language());
        return render("billing/pdf/invoice", locale, Map.of("invoice", invoice, "inWords",
                // a refund is said as the amount to return ("Do zwrotu"), without a minus
                words.of(invoice.grossTotal().abs(), invoice.currency(), locale)));
    }

    public byte[] quote(QuoteView quote, SellerProfile seller, Party buyer) {
        Locale locale = Locale.forLanguageTag(quote.language());
        return render("billing/pdf/quote", locale, Map.of("quote", quote, "seller", seller.asParty(), "buyer", buyer,
                "inWords", words.of(quote.grossTotal(), quote.currency(), locale)));
    }

    private byte[] render(String template, Locale locale, Map<String, Object> model) {
        Context context = new Context(locale);
        context.setVariables(model);
        context.setVariable("f", new DocumentFormat(locale, messages));
        return renderer.render(templates.process(template, context));
    }
}
