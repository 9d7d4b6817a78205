package app.klient.marketing.journey;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A journey's settings as sent; what is left out stays as it was ({@code version} required to change one). A product
 * notice is made with {@code kind} PRODUCT_NOTICE and a {@code productId}. {@code couponPercent} 0 takes the coupon
 * away. {@code serviceNotice} (product notices only; made so unless it is false): a recall or safety note that goes to
 * every buyer with an address, whatever their marketing consent, with no unsubscribe link.
 */
public record JourneyForm(JourneyKind kind, @Size(max = 200) String name, Boolean enabled, Long purposeId,
        @Min(0) @Max(365) Integer delayDays,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal couponPercent,
        @Min(1) @Max(365) Integer couponValidDays, Long productId, LocalDate purchasedSince,
        @Pattern(regexp = "en|pl|cs") String defaultLanguage, @Valid @Size(max = 3) List<JourneyContent> contents,
        Integer version, Boolean serviceNotice) {
}
