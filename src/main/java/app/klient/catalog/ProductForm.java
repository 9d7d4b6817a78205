package app.klient.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A product or service as a form or API body sends it. {@code unitPrice} in {@code currency} is the price when no
 * price list says otherwise; {@code taxRate} is a percent. {@code version} is required when changing.
 * {@code splitPaymentGoods}: goods or services of Annex 15 of the Polish VAT act (steel, fuel, electronics...),
 * whose invoices over 15,000 PLN to a business carry the split payment marker; absent means no.
 * {@code costPrice} (in {@code currency}) is what the product costs the company, for its gross margin; empty when
 * not known.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "active", "createdAt", "updatedAt"})
public record ProductForm(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]*") String sku,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String namePl,
        @Size(max = 200) String nameCs,
        ProductKind kind,
        @Size(max = 20) String unit,
        @Size(max = 100) String category,
        @Size(max = 2000) String description,
        @NotNull @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2)
        BigDecimal unitPrice,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal taxRate,
        Integer version,
        Boolean splitPaymentGoods,
        @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2) BigDecimal costPrice) {

    public ProductForm(String sku, String name, String namePl, String nameCs, ProductKind kind, String unit,
            String category, String description, BigDecimal unitPrice, String currency, BigDecimal taxRate,
            Integer version) {
        this(sku, name, namePl, nameCs, kind, unit, category, description, unitPrice, currency, taxRate, version,
                null, null);
    }
}
