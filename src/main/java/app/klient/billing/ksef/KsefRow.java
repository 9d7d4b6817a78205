package app.klient.billing.ksef;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An invoice in the list of those on their way to KSeF (or, with KSeF switched off, of those that would be sent:
 * {@code state} null). {@code reason} is a rejection in plain words.
 */
public record KsefRow(long invoiceId, String number, String buyerName, LocalDate issueDate, BigDecimal grossTotal,
        String currency, String state, boolean offline, Integer statusCode, String reason, Instant queuedAt) {
}
