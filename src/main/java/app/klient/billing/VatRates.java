package app.klient.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VAT column of an invoice's lines and its summary rows as the PDF and the invoice page print them.
 * {@code lines}: per line the message key of a reverse-charge label ({@code fa3.rate.WDT}, {@code fa3.rate.EX},
 * {@code pdf.rate.REVERSE_CHARGE}), or null where the line's own rate is printed; {@code rows}: the summary, one row
 * per label (codes {@code WDT}, {@code EX}, {@code REVERSE_CHARGE}) or the invoice's own rows.
 */
public record VatRates(List<String> lines, List<Totals.RateRow> rows) {

    /** Reverse-charge lines classified by the FA(3) codes ("0 WDT", "0 EX", "np I", "np II"). */
    static VatRates reverseCharged(InvoiceView invoice, List<String> fa3Codes) {
        List<String> keys = new ArrayList<>();
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        for (String code : List.of("WDT", "EX", Totals.REVERSE_CHARGE)) {
            net.put(code, null);
        }
        for (int i = 0; i < invoice.lines().size(); i++) {
            String code = switch (fa3Codes.get(i)) {
                case "0 WDT" -> "WDT";
                case "0 EX" -> "EX";
                default -> Totals.REVERSE_CHARGE;
            };
            keys.add(code.equals(Totals.REVERSE_CHARGE) ? "pdf.rate.REVERSE_CHARGE" : "fa3.rate." + code);
            BigDecimal amount = invoice.lines().get(i).netAmount();
            net.merge(code, amount, BigDecimal::add);
        }
        List<Totals.RateRow> rows = new ArrayList<>();
        net.forEach((code, sum) -> {
            if (sum != null) {
                rows.add(new Totals.RateRow(code, BigDecimal.ZERO, sum, BigDecimal.ZERO.setScale(2), sum));
            }
        });
        return new VatRates(keys, rows);
    }

    static VatRates own(InvoiceView invoice) {
        List<String> keys = new ArrayList<>();
        invoice.lines().forEach(l -> keys.add(invoice.reverseCharge() ? "pdf.rate.REVERSE_CHARGE" : null));
        return new VatRates(keys, invoice.byRate());
    }
}
