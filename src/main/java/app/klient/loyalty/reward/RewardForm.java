package app.klient.loyalty.reward;

import java.math.BigDecimal;

import app.klient.billing.CouponCodes;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A reward as the marketer writes it: {@code percent} for PERCENT, {@code amount} and {@code currency} for AMOUNT and
 * GIFT_CARD, {@code productId} for FREE_PRODUCT; {@code version} to change one.
 */
@JsonIgnoreProperties("id")
public record RewardForm(@NotNull Long programId, @NotNull CouponCodes.Kind kind,
        @NotBlank @Size(max = 100) String nameEn, @NotBlank @Size(max = 100) String namePl,
        @NotBlank @Size(max = 100) String nameCs, @NotNull @Min(1) @Max(10000000) Integer points,
        @DecimalMin("0.01") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal percent,
        @DecimalMin("0.01") @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @Pattern(regexp = "[A-Z]{3}") String currency, Long productId, Long tierId,
        @Min(1) @Max(730) Integer validDays, Boolean active, Integer version) {
}
