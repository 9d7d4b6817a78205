package app.klient.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

import app.klient.catalog.LineItems;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A line as sent: with a {@code productId} the rest may be left out and comes from the catalog. {@code taxRate} is a
 * percent; {@code taxExempt} marks a line exempt from VAT (shown as "zw." / "osv."). Quantities are above zero, except
 * on a correction, where a negative one takes back what was invoiced.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
// unit: from the product; drop it here if the form learns one
@JsonIgnoreProperties({"netAmount", "unit"})
public record LineForm(
        Long productId,
        @Size(max = 300) String description,
        @NotNull @DecimalMin("-1000000000") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 3)
        BigDecimal quantity,
        @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2) BigDecimal unitPrice,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal discountPercent,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal taxRate,
        Boolean taxExempt) {

    public LineItems.Request request() {
        return new LineItems.Request(productId, description, quantity, unitPrice, discountPercent, taxRate,
                Boolean.TRUE.equals(taxExempt));
    }
}
