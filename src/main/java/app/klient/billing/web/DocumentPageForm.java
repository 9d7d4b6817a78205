package app.klient.billing.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import app.klient.billing.LineForm;
import app.klient.billing.PaymentMethod;

/**
 * The form of the quote, order and invoice pages: a buyer, the document's settings and up to {@link #ROWS} line
 * rows, of which the empty ones are dropped. Checked by the services (and by bean validation on its lines).
 */
public record DocumentPageForm(Long companyId, Long contactId, Long dealId, Long orderId, String currency,
        String language, LocalDate issueDate, LocalDate saleDate, LocalDate dueDate, LocalDate validUntil,
        String terms, PaymentMethod paymentMethod, Boolean reverseCharge, List<LineForm> lines, Integer version) {

    static final int ROWS = 8;

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

    /** The same form with {@link #ROWS} rows to show: its own, then empty ones. */
    DocumentPageForm withRows() {
        List<LineForm> rows = new ArrayList<>(filledLines());
        while (rows.size() < ROWS) {
            rows.add(new LineForm(null, null, java.math.BigDecimal.ONE, null, null, null, null));
        }
        return new DocumentPageForm(companyId, contactId, dealId, orderId, currency, language, issueDate, saleDate,
                dueDate, validUntil, terms, paymentMethod, reverseCharge, rows, version);
    }
}
