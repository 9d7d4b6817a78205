package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import app.klient.catalog.LineItems;
import org.junit.jupiter.api.Test;

/** Hand-computed totals: net rounded per line, VAT per rate on the rate's net sum (see {@link Totals}). */
class TotalsTests {

    private static Line line(String quantity, String price, String discount, String rate, boolean exempt) {
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal p = new BigDecimal(price);
        BigDecimal d = new BigDecimal(discount);
        return new Line(null, "item", q, "pcs", p, d, new BigDecimal(rate), exempt, LineItems.net(q, p, d));
    }

    @Test
    void vat_is_rounded_once_per_rate_not_once_per_line() {
        List<Line> lines = List.of(line("1", "0.33", "0", "23", false), line("1", "0.33", "0", "23", false),
                line("1", "0.33", "0", "23", false));
        Totals totals = Totals.of(lines, false);
        // per line it would be 3 × round(0.0759) = 3 × 0.08 = 0.24; per rate it is round(0.99 × 0.23 = 0.2277)
        assertThat(totals.taxTotal()).isEqualByComparingTo("0.23");
        assertThat(totals.grossTotal()).isEqualByComparingTo("1.22");
        assertThat(totals.byRate()).hasSize(1);
    }

    @Test
    void a_polish_invoice_with_three_rates_a_discount_and_an_exempt_line() {
        Totals totals = Totals.of(List.of(
                line("2", "100", "10", "23", false),    // 180.00, VAT 41.40
                line("1", "49.99", "0", "8", false),    // 49.99, VAT 3.9992 → 4.00
                line("3", "99.99", "10", "23", false),  // 269.973 → 269.97; with the 180: 449.97 × 23 % = 103.4931
                line("3", "10", "0", "0", true)),        // 30.00 exempt
                false);
        assertThat(totals.byRate()).extracting(Totals.RateRow::code).containsExactly("23", "8", Totals.EXEMPT);
        assertThat(totals.byRate().get(0).net()).isEqualByComparingTo("449.97");
        assertThat(totals.byRate().get(0).tax()).isEqualByComparingTo("103.49");
        assertThat(totals.byRate().get(1).tax()).isEqualByComparingTo("4.00");
        assertThat(totals.byRate().get(2).tax()).isEqualByComparingTo("0");
        assertThat(totals.netTotal()).isEqualByComparingTo("529.96");
        assertThat(totals.taxTotal()).isEqualByComparingTo("107.49");
        assertThat(totals.grossTotal()).isEqualByComparingTo("637.45");
    }

    @Test
    void czech_rates_in_korunas() {
        Totals totals = Totals.of(List.of(line("1.5", "1234.50", "0", "21", false),  // 1851.75 × 21 % = 388.8675
                line("4", "99.90", "5", "12", false)), false);                            // 379.62 × 12 % = 45.5544 → 45.55
        assertThat(totals.byRate()).extracting(Totals.RateRow::tax).containsExactly(new BigDecimal("388.87"),
                new BigDecimal("45.55"));
        assertThat(totals.grossTotal()).isEqualByComparingTo("2665.79");
    }

    @Test
    void reverse_charge_charges_no_vat_and_says_so_in_one_row() {
        Totals totals = Totals.of(List.of(line("1", "1000", "0", "23", false), line("2", "50", "0", "8", false)),
                true);
        assertThat(totals.byRate()).singleElement().satisfies(row -> {
            assertThat(row.code()).isEqualTo(Totals.REVERSE_CHARGE);
            assertThat(row.net()).isEqualByComparingTo("1100");
            assertThat(row.tax()).isEqualByComparingTo("0");
        });
        assertThat(totals.grossTotal()).isEqualByComparingTo("1100.00");
    }

    @Test
    void a_correction_with_a_returned_item_has_negative_totals() {
        Totals totals = Totals.of(List.of(line("-1", "199.99", "0", "23", false)), false);
        assertThat(totals.netTotal()).isEqualByComparingTo("-199.99");
        assertThat(totals.taxTotal()).as("-45.9977 half up").isEqualByComparingTo("-46.00");
        assertThat(totals.grossTotal()).isEqualByComparingTo("-245.99");
    }

    @Test
    void vat_in_the_company_currency_is_converted_per_rate_as_the_e_invoice_states_it() {
        // 10.01 at two rates, at 4.2345: 42.39 + 42.39 per rate, where converting the total would give 84.77
        List<Totals.RateRow> rows = List.of(
                new Totals.RateRow("23", new BigDecimal("23"), new BigDecimal("43.52"), new BigDecimal("10.01"),
                        new BigDecimal("53.53")),
                new Totals.RateRow("8", new BigDecimal("8"), new BigDecimal("125.13"), new BigDecimal("10.01"),
                        new BigDecimal("135.14")));
        assertThat(Invoices.inCompanyCurrency(rows, new BigDecimal("4.2345"))).isEqualByComparingTo("84.78");
    }
}
