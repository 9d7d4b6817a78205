package app.klient.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The totals of a document, and the one rounding rule Klient uses: the net amount is rounded to cents on each line;
 * the VAT is computed once per rate, on the sum of that rate's net amounts, and rounded to cents there (the "per
 * rate" method of the Polish and Czech VAT acts, which also makes the VAT summary add up exactly). Summing VAT rounded
 * per line would differ by up to half a cent per line: three lines of 0.33 at 23 % give 3 × 0.08 = 0.24 per line,
 * but 0.99 × 23 % = 0.23 per rate.
 * <p>
 * Exempt lines form their own row without VAT; under reverse charge (EU business buyer) no VAT is charged at all and
 * the summary has one row saying so.
 */
public record Totals(BigDecimal netTotal, BigDecimal taxTotal, BigDecimal grossTotal, List<RateRow> byRate) {

    /** One row of the VAT summary: {@code code} is the rate ("23"), {@code EXEMPT} or {@code REVERSE_CHARGE}. */
    public record RateRow(String code, BigDecimal rate, BigDecimal net, BigDecimal tax, BigDecimal gross) {
    }

    public static final String EXEMPT = "EXEMPT";
    public static final String REVERSE_CHARGE = "REVERSE_CHARGE";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public static Totals of(List<Line> lines, boolean reverseCharge) {
        Map<String, BigDecimal> netByCode = new LinkedHashMap<>();
        Map<String, BigDecimal> rateOf = new LinkedHashMap<>();
        for (Line line : lines) {
            String code = reverseCharge ? REVERSE_CHARGE : line.taxExempt() ? EXEMPT
                    : line.taxRate().stripTrailingZeros().toPlainString();
            netByCode.merge(code, line.netAmount(), BigDecimal::add);
            rateOf.put(code, reverseCharge || line.taxExempt() ? BigDecimal.ZERO : line.taxRate());
        }
        List<RateRow> rows = new ArrayList<>();
        netByCode.forEach((code, net) -> {
            BigDecimal tax = net.multiply(rateOf.get(code)).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            rows.add(new RateRow(code, rateOf.get(code), net, tax, net.add(tax)));
        });
        // the highest rate first, exempt and reverse charge last, as invoices print them
        rows.sort(Comparator.comparing((RateRow r) -> r.code().equals(EXEMPT) || r.code().equals(REVERSE_CHARGE))
                .thenComparing(RateRow::rate, Comparator.reverseOrder()));
        BigDecimal net = rows.stream().map(RateRow::net).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
        BigDecimal tax = rows.stream().map(RateRow::tax).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
        return new Totals(net, tax, net.add(tax), List.copyOf(rows));
    }
}
