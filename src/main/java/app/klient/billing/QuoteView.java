package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A revision of a quote; {@code number} names the quote and its revision ("OF/12/2"); {@code couponCode}: the coupon
 * whose discount is among its lines.
 */
public record QuoteView(long id, long rootId, int revision, String number, Long companyId, Long contactId,
        Long dealId, Long ownerId, String language, String currency, LocalDate validUntil, String terms,
        QuoteStatus status, boolean expired, boolean reverseCharge, List<Line> lines, BigDecimal netTotal,
        BigDecimal taxTotal, BigDecimal grossTotal, List<Totals.RateRow> byRate, Long orderId, Instant createdAt,
        Instant updatedAt, int version, String couponCode) {
}
