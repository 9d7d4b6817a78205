package app.klient.loyalty.tier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How a program's tiers are reached: by the points earned ({@code POINTS}) or the amount paid ({@code SPEND}) over the
 * last {@code months} months; and the points each side of a referral earns (null: no referrals). Changing them needs
 * the program's {@code version}.
 */
@JsonIgnoreProperties({"id", "name"})
public record TierSettings(@NotNull Basis basis, @NotNull @Min(1) @Max(60) Integer months,
        @Min(1) @Max(1000000) Integer referralPoints, Integer version) {

    public enum Basis {
        POINTS, SPEND
    }
}
