package app.klient.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Points added (positive) or taken away (negative) by hand, with the reason, which is required and audited. */
public record AdjustmentForm(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer points,
        @Size(max = 500) String reason) {
}
