package app.klient.billing;

import java.math.BigDecimal;

import app.klient.catalog.LineItems;

/** A line of a quote, order or invoice; {@code netAmount} is rounded per line (see {@link Totals}). */
public record Line(Long productId, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
        BigDecimal discountPercent, BigDecimal taxRate, boolean taxExempt, BigDecimal netAmount) {

    public static Line of(LineItems.Item item) {
        return new Line(item.productId(), item.description(), item.quantity(), item.unit(), item.unitPrice(),
                item.discountPercent(), item.taxRate(), item.taxExempt(), item.netAmount());
    }
}
