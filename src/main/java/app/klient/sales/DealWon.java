package app.klient.sales;

import java.math.BigDecimal;

/**
 * A deal was won: what follows from the sale (the project that delivers it) can start. Published inside the
 * transaction that won it.
 */
public record DealWon(long dealId, String name, long pipelineId, Long companyId, Long ownerId, BigDecimal amount,
        String currency) {
}
