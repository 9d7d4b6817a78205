package app.klient.billing;

import app.klient.billing.internal.BillingPdf;
import app.klient.billing.internal.Buyers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quotes, orders and invoices as the PDF the customer gets, with what sending one needs to know (its customer, owner
 * and language): for modules that pass documents on, such as e-mail.
 */
@Service
public class Printouts {

    /** A printed document: its kind (QUOTE, ORDER, INVOICE), title in its own language and the PDF. */
    public record Printout(String kind, long id, String number, String title, String language, Long companyId,
            Long contactId, Long ownerId, String filename, byte[] pdf, boolean draftQuote, int version) {
    }

    private final Quotes quotes;
    private final Orders orders;
    private final Invoices invoices;
    private final BillingPdf pdf;
    private final Seller seller;
    private final Buyers buyers;

    Printouts(Quotes quotes, Orders orders, Invoices invoices, BillingPdf pdf, Seller seller, Buyers buyers) {
        this.quotes = quotes;
        this.orders = orders;
        this.invoices = invoices;
        this.pdf = pdf;
        this.seller = seller;
        this.buyers = buyers;
    }

    @Transactional(readOnly = true)
    public Printout quote(long id) {
        QuoteView quote = quotes.get(id);
        return new Printout("QUOTE", id, quote.number(), pdf.title("pdf.quote", quote.number(), quote.language()),
                quote.language(), quote.companyId(), quote.contactId(), quote.ownerId(), filename(quote.number()),
                pdf.quote(quote, seller.get(), buyers.of(quote.companyId(), quote.contactId())),
                quote.status() == QuoteStatus.DRAFT, quote.version());
    }

    /**
     * An order speaks the language of the quote it came from; one without a quote (entered by hand, sent by a shop)
     * that of its buyer's country (Polish in Poland, Czech in Czechia, English elsewhere), else the seller's.
     */
    @Transactional(readOnly = true)
    public Printout order(long id) {
        OrderView order = orders.get(id);
        SellerProfile profile = seller.get();
        Party buyer = buyers.of(order.companyId(), order.contactId());
        String language = order.quoteId() != null ? quotes.get(order.quoteId()).language()
                : buyer.country() == null ? Invoices.defaultLanguage(profile) : switch (buyer.country()) {
                    case "PL" -> "pl";
                    case "CZ" -> "cs";
                    default -> "en";
                };
        return new Printout("ORDER", id, order.number(), pdf.title("pdf.order", order.number(), language), language,
                order.companyId(), order.contactId(), order.ownerId(), filename(order.number()),
                pdf.order(order, language, profile, buyer), false, order.version());
    }

    @Transactional(readOnly = true)
    public Printout invoice(long id) {
        InvoiceView invoice = invoices.get(id);
        String title = pdf.title("CORRECTION".equals(invoice.kind()) ? "pdf.correction" : "pdf.invoice",
                invoice.number(), invoice.language());
        return new Printout("INVOICE", id, invoice.number(), title, invoice.language(), invoice.companyId(),
                invoice.contactId(), invoice.ownerId(), filename(invoice.number()), pdf.invoice(invoice), false, 0);
    }

    /** A quote given to the customer: the same transition as its "mark as sent" button. */
    public QuoteView markSent(long id, int version) {
        return quotes.markSent(id, version);
    }

    static String filename(String number) {
        return number.replaceAll("[^A-Za-z0-9._-]", "-") + ".pdf";
    }
}
