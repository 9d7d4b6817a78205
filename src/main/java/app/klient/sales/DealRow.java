package app.klient.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A deal as the list shows it. */
public record DealRow(long id, String name, Long companyId, String companyName, long stageId, String stageName,
        int probability, BigDecimal amount, String currency, LocalDate expectedCloseDate, Long ownerId,
        String ownerName, DealStatus status, Instant updatedAt) {
}
