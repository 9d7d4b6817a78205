package app.klient.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

public record DealView(long id, String name, Long companyId, String companyName, List<Long> contactIds,
        List<DealContact> contacts, long pipelineId, long stageId, String stageName, int probability,
        BigDecimal amount, String currency, List<DealLine> lines,
        LocalDate expectedCloseDate, String source, String nextStep, Long ownerId, String ownerName, Long teamId,
        DealStatus status, String lostReason, String competitor, Instant closedAt, Instant stageEnteredAt,
        Instant createdAt, Instant updatedAt, int version) {
}
