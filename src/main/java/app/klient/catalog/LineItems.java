package app.klient.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import app.klient.platform.InvalidFields;
import org.springframework.stereotype.Component;

/**
 * Lines of deals, quotes, orders and invoices completed from the catalog. With a product, what a line leaves out
 * comes from it: the price for the sale's currency and customer group (see {@link Products#price}), the description
 * from its name in the document's language (also when the line repeats the product's name in another language, as a
 * line copied from a deal does), its unit and tax rate (these two always from the product, priced by a list or by
 * hand). Without one, description and price are required; a free-text line without a rate is at 0 % here, and
 * documents refuse it (billing's {@code Drafts}).
 * Net = quantity × unit price × (1 − discount / 100), rounded half up to cents per line.
 */
@Component
public class LineItems {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Products products;

    LineItems(Products products) {
        this.products = products;
    }

    /** A line as asked for; nulls are completed from the catalog or defaults. */
    public record Request(Long productId, String description, BigDecimal quantity, BigDecimal unitPrice,
            BigDecimal discountPercent, BigDecimal taxRate, boolean taxExempt) {
    }

    /** A complete line with its net amount. */
    public record Item(Long productId, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
            BigDecimal discountPercent, BigDecimal taxRate, boolean taxExempt, BigDecimal netAmount) {
    }

    private static boolean isNameOf(ProductView product, String text) {
        return text.equals(product.name()) || text.equals(product.namePl()) || text.equals(product.nameCs());
    }

    public static BigDecimal net(BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent) {
        return quantity.multiply(unitPrice).multiply(HUNDRED.subtract(discountPercent))
                .divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }

    /**
     * Completes the lines for a sale in {@code currency} to a customer in {@code groups}; every line that cannot be
     * completed is named ({@code lines[2].unitPrice}) and nothing is returned. {@code negativeQuantities} is for
     * corrections, where a line takes back what was invoiced.
     */
    public List<Item> complete(List<Request> lines, String currency, Collection<String> groups, Locale locale,
            String field, boolean negativeQuantities) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Request line = lines.get(i);
            String at = field == null ? "" : field + "[" + i + "].";
            if (line == null || line.quantity() == null || line.quantity().signum() == 0
                    || (line.quantity().signum() < 0 && !negativeQuantities)) {
                errors.add(at + "quantity", "line.quantity.invalid");
                continue;
            }
            Price catalog = null;
            ProductView product = null;
            if (line.productId() != null) {
                if (!products.exists(line.productId())) {
                    errors.add(at + "productId", "product.notFound");
                    continue;
                }
                product = products.get(line.productId());
                catalog = products.price(line.productId(), currency, groups, locale).orElse(null);
            }
            BigDecimal unitPrice = line.unitPrice() != null ? line.unitPrice()
                    : catalog == null ? null : catalog.unitPrice();
            String given = line.description() != null && !line.description().isBlank() ? line.description().strip()
                    : null;
            if (given != null && product != null && isNameOf(product, given)) {
                // the product's name copied from a deal or another document in someone else's language: this
                // document says it in its own; a description the salesperson wrote stays as written
                given = null;
            }
            String description = given != null ? given : catalog != null ? catalog.description()
                    : product == null ? null : product.nameIn(locale);
            if (unitPrice == null) {
                errors.add(at + "unitPrice", line.productId() == null ? "line.unitPrice.required" : "line.noPrice");
            }
            if (description == null) {
                errors.add(at + "description", "line.description.required");
            }
            if (unitPrice == null || description == null) {
                continue;
            }
            BigDecimal discount = line.discountPercent() == null ? BigDecimal.ZERO : line.discountPercent();
            // a product's own rate and unit hold whether or not a price list priced it: a hand-priced product in a
            // currency without a list must not fall to 0 % on an invoice that can never change
            BigDecimal tax = line.taxExempt() ? BigDecimal.ZERO : line.taxRate() != null ? line.taxRate()
                    : product != null ? product.taxRate() : BigDecimal.ZERO;
            BigDecimal quantity = line.quantity().setScale(3, RoundingMode.HALF_UP);
            unitPrice = unitPrice.setScale(2, RoundingMode.HALF_UP);
            discount = discount.setScale(2, RoundingMode.HALF_UP);
            items.add(new Item(line.productId(), description, quantity, product == null ? "pcs" : product.unit(),
                    unitPrice, discount, tax.setScale(2, RoundingMode.HALF_UP), line.taxExempt(),
                    net(quantity, unitPrice, discount)));
        }
        errors.throwIfAny();
        return items;
    }
}
