package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

public record Payment(long id, long invoiceId, BigDecimal amount, LocalDate paidOn, PaymentMethod method,
        String reference, Instant createdAt) {
}
