package app.klient.sales;

import java.math.BigDecimal;

/**
 * A line of a deal. {@code netAmount} = quantity × unit price × (1 − discount / 100), rounded half up to cents per
 * line; the deal's amount is the sum of its lines' net amounts (tax is added on quotes and invoices, not here).
 * {@code taxRate} is null on a free-text line whose rate nobody chose yet (lines from before the deal page asked for
 * it); {@code taxExempt} is VAT-exempt ("zw").
 */
public record DealLine(long id, Long productId, String description, BigDecimal quantity, String unit,
        BigDecimal unitPrice, BigDecimal discountPercent, BigDecimal taxRate, BigDecimal netAmount,
        boolean taxExempt) {
}
