package app.klient.billing;

import java.util.Locale;
import java.util.Optional;

import app.klient.billing.einvoice.IsdocWriter;
import app.klient.catalog.ExchangeRates;
import app.klient.platform.KlientException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Czech invoices and corrections as ISDOC 6.0.2 files ({@code .isdoc}), what Czech accounting systems import: for
 * every invoice whose seller or buyer is in Czechia. Built on demand from the issued invoice, which never changes,
 * so the same invoice always gives the same file (its UUID is derived from the invoice).
 */
@Service
public class IsdocFiles {

    public static final String CONTENT_TYPE = "application/xml";

    /** A file ready to download or attach. */
    public record IsdocFile(String filename, byte[] content) {
    }

    private final Invoices invoices;
    private final ExchangeRates rates;
    private final MessageSource messages;

    IsdocFiles(Invoices invoices, ExchangeRates rates, MessageSource messages) {
        this.invoices = invoices;
        this.rates = rates;
        this.messages = messages;
    }

    /** Whether an invoice is Czech: its seller or its buyer is in Czechia. */
    public static boolean applies(InvoiceView invoice) {
        return "CZ".equals(invoice.seller().country()) || "CZ".equals(invoice.buyer().country());
    }

    /** The ISDOC file of a Czech invoice; empty for any other. */
    @Transactional(readOnly = true)
    public Optional<IsdocFile> of(long invoiceId) {
        InvoiceView invoice = invoices.get(invoiceId);
        return applies(invoice) ? Optional.of(file(invoice)) : Optional.empty();
    }

    /** The ISDOC file of a Czech invoice; 404 for another, which has none. */
    @Transactional(readOnly = true)
    public IsdocFile get(long invoiceId) {
        return of(invoiceId).orElseThrow(() -> KlientException.notFound("isdoc.notCzech"));
    }

    public IsdocFile file(InvoiceView invoice) {
        Locale language = Locale.forLanguageTag(invoice.language() == null ? "cs" : invoice.language());
        byte[] content = IsdocWriter.write(invoice, new IsdocWriter.Context(rates.companyCurrency(),
                messages.getMessage("pdf.reverseChargeNote", null, language)));
        return new IsdocFile(filename(invoice.number()), content);
    }

    /** {@code FV/2026/12/0001} → {@code FV-2026-12-0001.isdoc}, as the PDF is named. */
    public static String filename(String number) {
        return number.replaceAll("[^A-Za-z0-9._-]", "-") + ".isdoc";
    }
}
