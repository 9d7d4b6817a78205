package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice or a correction as issued. A correction names the invoice it corrects by number and issue date
 * ({@code correctsNumber}, {@code correctsIssueDate}: art. 106j of the Polish VAT act asks for both).
 * {@code exchangeRateDate} and {@code exchangeRateTable} name the central bank's table its rate comes from;
 * {@code exemptionBasis} is the legal basis of its VAT-exempt lines; {@code variableSymbol} is the number a Czech
 * payment carries (the digits of the invoice number, at most ten). {@code splitPayment}: the Polish split payment
 * mechanism applies (gross over 15,000 PLN, goods of Annex 15, a business buyer), decided when it was issued.
 */
public record InvoiceView(long id, String number, String kind, Long correctsId, String correctsNumber,
        LocalDate correctsIssueDate, String correctionReason, Long orderId, Long companyId, Long contactId, Long ownerId, String language,
        String currency, BigDecimal exchangeRate, LocalDate issueDate, LocalDate saleDate, LocalDate dueDate,
        PaymentMethod paymentMethod, boolean reverseCharge, Party seller, Party buyer, List<Line> lines,
        BigDecimal netTotal, BigDecimal taxTotal, BigDecimal grossTotal, List<Totals.RateRow> byRate,
        BigDecimal taxTotalInCompanyCurrency, BigDecimal correctedTotal, BigDecimal paidTotal, BigDecimal outstanding,
        InvoiceStatus status, List<Long> correctionIds, Instant createdAt, LocalDate exchangeRateDate,
        String exchangeRateTable, String exemptionBasis, String variableSymbol, boolean splitPayment) {

    /** The digits of an invoice number, the last ten when there are more: what Czech banks take as its symbol. */
    public static String variableSymbol(String number) {
        String digits = number == null ? "" : number.replaceAll("\\D", "");
        String last = digits.length() > 10 ? digits.substring(digits.length() - 10) : digits;
        // leading zeros carry nothing in a numeric symbol
        String stripped = last.replaceFirst("^0+(?=\\d)", "");
        return stripped.isEmpty() ? null : stripped;
    }
}
