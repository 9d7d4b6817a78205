package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice or a correction as issued. A correction names the invoice it corrects by number and issue date
 * ({@code correctsNumber}, {@code correctsIssueDate}: art. 106j of the Polish VAT act asks for both).
 */
public record InvoiceView(long id, String number, String kind, Long correctsId, String correctsNumber,
        LocalDate correctsIssueDate, String correctionReason, Long orderId, Long companyId, Long contactId, Long ownerId, String language,
        String currency, BigDecimal exchangeRate, LocalDate issueDate, LocalDate saleDate, LocalDate dueDate,
        PaymentMethod paymentMethod, boolean reverseCharge, Party seller, Party buyer, List<Line> lines,
        BigDecimal netTotal, BigDecimal taxTotal, BigDecimal grossTotal, List<Totals.RateRow> byRate,
        BigDecimal taxTotalInCompanyCurrency, BigDecimal correctedTotal, BigDecimal paidTotal, BigDecimal outstanding,
        InvoiceStatus status, List<Long> correctionIds, Instant createdAt) {
}
