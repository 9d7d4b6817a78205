package app.klient.catalog;

import java.math.BigDecimal;

/** The price of a product for a sale: from a price list when one applies ({@code priceList} names it), else its own. */
public record Price(long productId, String description, String unit, BigDecimal unitPrice, String currency,
        BigDecimal taxRate, String priceList) {
}
