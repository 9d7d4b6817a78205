package app.klient.marketing.journey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A journey as the marketer sets it: on or off, the consent purpose it needs, how many days after the occasion it
 * writes, the coupon it gives (percent off, valid so many days), for a product notice the product and since when,
 * and whether it is a service notice (a recall or safety note: to every buyer, whatever their marketing consent),
 * and its wording per language. {@code sent}: messages sent so far.
 */
public record JourneyView(long id, JourneyKind kind, String name, boolean enabled, long purposeId, int delayDays,
        BigDecimal couponPercent, int couponValidDays, Long productId, LocalDate purchasedSince,
        boolean serviceNotice, String defaultLanguage, List<JourneyContent> contents, long sent, Instant lastRunAt,
        int version) {

    public JourneyContent content(String language) {
        return contents.stream().filter(c -> c.language().equals(language)).findFirst()
                .orElseGet(() -> contents.stream().filter(c -> c.language().equals(defaultLanguage)).findFirst()
                        .orElse(contents.isEmpty() ? null : contents.get(0)));
    }
}
