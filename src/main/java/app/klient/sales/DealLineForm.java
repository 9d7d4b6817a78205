package app.klient.sales;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A line of a deal as sent. With a {@code productId}, what is left out comes from the catalog: the price from the
 * price list for the deal's currency and customer group (else the product's own price in that currency), the
 * description from the product's name, the tax rate from the product. Without one, description, unit price and the
 * VAT rate ({@code taxRate}, or {@code taxExempt}) are required: a quote made from the deal takes the rate chosen here,
 * and a 0 % nobody chose would end up on an invoice that can never change.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
// unit: from the product; drop it here if the form learns one
@JsonIgnoreProperties({"id", "netAmount", "unit"})
public record DealLineForm(
        Long productId,
        @Size(max = 300) String description,
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000000") @Digits(integer = 10, fraction = 3)
        BigDecimal quantity,
        @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2) BigDecimal unitPrice,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal discountPercent,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal taxRate,
        Boolean taxExempt) {
}
