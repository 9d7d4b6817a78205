package app.klient.loyalty;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An earning rule of a program. RATE: {@code points} per {@code perAmount} of {@code currency} spent (net of VAT);
 * PRODUCT and CATEGORY: a {@code multiplier} of the rate for lines of a product or a category (0 excludes them);
 * CAMPAIGN: a bonus {@code multiplier} for a product's or category's lines bought from {@code validFrom} to
 * {@code validTo} (optionally naming the marketing campaign); BIRTHDAY: a bonus {@code multiplier} in the buyer's
 * birthday month; FIRST_PURCHASE: bonus {@code points} for a customer's first purchase.
 */
public record RuleView(long id, String kind, String currency, BigDecimal perAmount, Integer points, Long productId,
        String category, BigDecimal multiplier, LocalDate validFrom, LocalDate validTo, Long campaignId) {
}
