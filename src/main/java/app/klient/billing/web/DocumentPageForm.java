package app.klient.billing.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import app.klient.billing.LineForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.internal.Drafts;

/**
 * The form of the quote, order and invoice pages: a buyer, the document's settings and its line rows, as many as the
 * person adds (up to {@link Drafts#MAX_LINES}), of which the empty ones are dropped and the rest kept in order.
 * Checked by the services (and by bean validation on its lines).
 */
public record DocumentPageForm(Long companyId, Long contactId, Long dealId, Long orderId, String currency,
        String language, LocalDate issueDate, LocalDate saleDate, LocalDate dueDate, LocalDate validUntil,
        String terms, PaymentMethod paymentMethod, Boolean reverseCharge, List<LineForm> lines, Integer version,
        String couponCode) {

    /** The fewest rows the form shows; "Add line" adds more (in the page, or {@link #ADDED_ROWS} by a submit). */
    static final int ROWS = 3;
    static final int ADDED_ROWS = 5;
    /** Rows the form binds at most: beyond {@link Drafts#MAX_LINES} filled ones it is refused with a message. */
    static final int BINDABLE_ROWS = 2 * Drafts.MAX_LINES;

    /** The rows a person filled in (a product, a description or a price), in order. */
    List<LineForm> filledLines() {
        List<LineForm> filled = new ArrayList<>();
        if (lines != null) {
            for (LineForm line : lines) {
                if (line != null && (line.productId() != null || (line.description() != null
                        && !line.description().isBlank()) || line.unitPrice() != null)) {
                    filled.add(line);
                }
            }
        }
        return filled;
    }

    /** The same form to show: its filled rows in order, then {@code empty} empty ones (at least {@link #ROWS}). */
    DocumentPageForm withRows(int empty) {
        List<LineForm> rows = new ArrayList<>(filledLines());
        int wanted = Math.min(Math.max(rows.size() + empty, ROWS), Math.max(rows.size(), Drafts.MAX_LINES));
        while (rows.size() < wanted) {
            rows.add(new LineForm(null, null, java.math.BigDecimal.ONE, null, null, null, null));
        }
        return new DocumentPageForm(companyId, contactId, dealId, orderId, currency, language, issueDate, saleDate,
                dueDate, validUntil, terms, paymentMethod, reverseCharge, rows, version, couponCode);
    }
}
