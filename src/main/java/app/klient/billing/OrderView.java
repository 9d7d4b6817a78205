package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

public record OrderView(long id, String number, Long companyId, Long contactId, Long dealId, Long quoteId,
        Long ownerId, String currency, OrderStatus status, String externalSource, String externalId,
        boolean reverseCharge, List<Line> lines, BigDecimal netTotal, BigDecimal taxTotal, BigDecimal grossTotal,
        List<Totals.RateRow> byRate, List<Long> invoiceIds, Instant orderedAt, Instant updatedAt, int version,
        String couponCode) {
}
