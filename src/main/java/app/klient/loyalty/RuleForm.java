package app.klient.loyalty;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A rule to add to a program (see {@link RuleView} for what each kind needs). */
public record RuleForm(@NotNull @Pattern(regexp = "RATE|PRODUCT|CATEGORY|CAMPAIGN|BIRTHDAY|FIRST_PURCHASE") String kind,
        @Pattern(regexp = "[A-Z]{3}") String currency,
        @DecimalMin(value = "0.01") @DecimalMax("1000000000") @Digits(integer = 16, fraction = 2) BigDecimal perAmount,
        @Min(1) @Max(1_000_000) Integer points, Long productId, @Size(max = 100) String category,
        @DecimalMin("0") @DecimalMax("100") @Digits(integer = 4, fraction = 2) BigDecimal multiplier,
        LocalDate validFrom, LocalDate validTo, Long campaignId) {
}
