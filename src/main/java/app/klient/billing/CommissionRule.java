package app.klient.billing;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A commission rule: {@code percent} of the net of paid invoices, for one salesperson ({@code userId}) or everyone in
 * a team ({@code teamId}), optionally only for products of a {@code category}. The most specific rule wins: the
 * person's rule for the category, the person's general rule, the team's rule for the category, the team's general.
 */
public record CommissionRule(Long id, Long userId, Long teamId, @Size(max = 100) String category,
        @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal percent,
        Integer version) {
}
