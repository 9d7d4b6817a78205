package app.klient.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An invoice in a list. */
public record InvoiceRow(long id, String number, String kind, Long companyId, String buyerName, String currency,
        LocalDate issueDate, LocalDate dueDate, BigDecimal grossTotal, BigDecimal paidTotal, InvoiceStatus status) {
}
