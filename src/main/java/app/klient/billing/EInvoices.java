package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import app.klient.billing.einvoice.Fa3Invoice;
import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.catalog.Products;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The FA(3) e-invoices of Polish invoices (seller country PL): checked before an invoice is numbered, built and kept
 * byte for byte when it is issued, built once on first request for invoices issued before Klient made them.
 * {@link Invoices} calls it; it reads the catalog (goods, Annex 15) and the KSeF queue (the corrected invoice's
 * KSeF number) but not invoices, so the two do not depend on each other.
 */
@Component
public class EInvoices {

    public static final String FA3 = "FA3";

    private final JdbcClient jdbc;
    private final InvoiceFiles files;
    private final Products products;
    private final org.springframework.context.MessageSource messages;

    EInvoices(JdbcClient jdbc, InvoiceFiles files, Products products,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.files = files;
        this.products = products;
    }

    /** A Polish invoice has an FA(3) e-invoice; others (a Czech seller's) have none. */
    public static boolean polish(InvoiceView invoice) {
        return "PL".equals(invoice.seller().country());
    }

    /** Whether the split payment marker applies to what is about to be issued. */
    boolean splitPayment(Party seller, Party buyer, boolean reverseCharge, List<Line> lines, BigDecimal gross,
            String currency, BigDecimal exchangeRate) {
        if (!"PL".equals(seller.country())) {
            return false;
        }
        return Fa3Invoice.splitPayment(buyer, reverseCharge, lines, gross, currency, exchangeRate,
                products.splitPaymentGoods(productIds(lines)));
    }

    /**
     * The VAT labels the PDF and the invoice page print: a Polish reverse-charged invoice's lines are classified as
     * its FA(3) classifies them (0 % WDT or EX for goods, "np." for services), in one place for both.
     */
    public VatRates vatRates(InvoiceView invoice) {
        if (!invoice.reverseCharge() || !polish(invoice)) {
            return VatRates.own(invoice);
        }
        Set<Long> goods = products.goods(productIds(invoice.lines()));
        boolean eu = Fa3Invoice.euBuyer(invoice.buyer());
        return VatRates.reverseCharged(invoice, invoice.lines().stream()
                .map(l -> Fa3Invoice.reverseChargeCode(l, goods, eu)).toList());
    }

    /** Refuses, with every field named, an invoice whose FA(3) would not be valid; {@code invoice} is not numbered. */
    void check(InvoiceView invoice, InvoiceView corrected, List<InvoiceView> earlier) {
        if (!polish(invoice)) {
            return;
        }
        List<InvalidFields.FieldError> problems = Fa3Invoice.problems(invoice, context(invoice, corrected, earlier,
                null));
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
    }

    /**
     * A correction names the corrected invoice's KSeF number: one still on its way there has none yet, and one KSeF
     * rejected never entered it (it is issued again, not corrected).
     */
    void checkCorrectable(InvoiceView original) {
        if (!polish(original)) {
            return;
        }
        String state = jdbc.sql("select state from ksef_submissions where invoice_id = :id")
                .param("id", original.id()).query(String.class).optional().orElse(null);
        if ("WAITING".equals(state) || "SENT".equals(state)) {
            throw KlientException.conflict("fa3.correctionBeforeKsef", original.number());
        }
        if ("REJECTED".equals(state)) {
            throw KlientException.conflict("fa3.correctionOfRejected", original.number());
        }
    }

    /** Builds and keeps the FA(3) of an invoice just issued, inside the issuing transaction. */
    void store(InvoiceView issued, InvoiceView corrected, List<InvoiceView> earlier) {
        if (polish(issued)) {
            files.store(issued.id(), FA3, Fa3Invoice.build(issued, context(issued, corrected, earlier,
                    Instant.now())));
        }
    }

    /**
     * The kept FA(3) of an invoice; one issued before Klient made them gets it now, once: two first requests at the
     * same moment keep the first and both answer with it.
     */
    Optional<InvoiceFiles.InvoiceFile> fa3(InvoiceView invoice, InvoiceView corrected, List<InvoiceView> earlier) {
        if (!polish(invoice)) {
            return Optional.empty();
        }
        Optional<InvoiceFiles.InvoiceFile> kept = files.find(invoice.id(), FA3);
        if (kept.isPresent()) {
            return kept;
        }
        byte[] xml = Fa3Invoice.build(invoice, context(invoice, corrected, earlier, Instant.now()));
        jdbc.sql("""
                insert into invoice_files (invoice_id, format, content, sha256) values (:id, :format, :content, :sha)
                on conflict (invoice_id, format) do nothing""").param("id", invoice.id()).param("format", FA3)
                .param("content", xml).param("sha", InvoiceFiles.sha256(xml)).update();
        return files.find(invoice.id(), FA3);
    }

    /** What the builder needs beside the invoice; {@code madeAt} null: only checking. */
    Fa3Invoice.Context context(InvoiceView invoice, InvoiceView corrected, List<InvoiceView> earlier,
            Instant madeAt) {
        List<Line> all = new java.util.ArrayList<>(invoice.lines());
        if (corrected != null) {
            all.addAll(corrected.lines());
            earlier.forEach(c -> all.addAll(c.lines()));
        }
        Set<Long> ids = productIds(all);
        String ksefNumber = corrected == null ? null : jdbc.sql(
                "select ksef_number from ksef_submissions where invoice_id = :id and ksef_number is not null")
                .param("id", corrected.id()).query(String.class).optional().orElse(null);
        return new Fa3Invoice.Context(corrected, earlier, ksefNumber, products.goods(ids),
                products.splitPaymentGoods(ids), invoice.splitPayment(), madeAt == null ? Instant.now() : madeAt,
                new app.klient.billing.internal.DocumentFormat(java.util.Locale.forLanguageTag(invoice.language()),
                        messages)::unit);
    }

    private static Set<Long> productIds(List<Line> lines) {
        return Set.copyOf(lines.stream().map(Line::productId).filter(Objects::nonNull).toList());
    }
}
