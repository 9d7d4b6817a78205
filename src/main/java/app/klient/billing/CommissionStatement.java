package app.klient.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A salesperson's commission for a month: each paid invoice line (and the corrections of those invoices) with its
 * base in the company currency, the percent of the rule that applies and the commission.
 */
public record CommissionStatement(long userId, String userName, YearMonth month, String currency, List<Row> rows,
        BigDecimal base, BigDecimal commission) {

    public record Row(long invoiceId, String invoiceNumber, LocalDate paidOn, String description, String category,
            BigDecimal base, BigDecimal percent, BigDecimal commission) {
    }
}
