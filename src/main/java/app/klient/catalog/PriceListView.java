package app.klient.catalog;

import java.math.BigDecimal;
import java.util.List;

public record PriceListView(long id, String name, String currency, String customerGroup, boolean active,
        List<Item> items, int version) {

    /** A product's price on this list, next to its own price for comparison. */
    public record Item(long productId, String sku, String productName, String unit, BigDecimal unitPrice,
            BigDecimal ownPrice, String ownCurrency) {
    }
}
