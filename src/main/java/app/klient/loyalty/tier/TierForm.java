package app.klient.loyalty.tier;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A tier as the marketer writes it; {@code version} is needed to change one. */
@JsonIgnoreProperties({"id", "position"})
public record TierForm(@NotNull Long programId, @NotBlank @Size(max = 60) String nameEn,
        @NotBlank @Size(max = 60) String namePl, @NotBlank @Size(max = 60) String nameCs,
        @NotNull @DecimalMin("0.01") @Digits(integer = 12, fraction = 2) BigDecimal threshold,
        @DecimalMin("1") @DecimalMax("10") @Digits(integer = 2, fraction = 2) BigDecimal multiplier,
        Integer version) {
}
