package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import app.klient.billing.einvoice.Fa3Invoice;
import app.klient.platform.InvalidFields;
import org.junit.jupiter.api.Test;

/**
 * The checks Klient runs before it numbers a Polish invoice and the official schema agree: an invoice the checks
 * pass is valid FA(3), and each case a check refuses is one the schema refuses too when the check is bypassed (the
 * XML built directly from such an invoice).
 */
class Fa3ChecksTests {

    static final Party SELLER = new Party("Klient Test Sp. z o.o.", "ul. Prosta 20, 00-850 Warszawa, PL",
            "5261040828", "PL5261040828", "PL", "PL61 1090 1014 0000 0712 1981 2874", "012345678");
    static final Party BUYER = new Party("Piekarnia Nowak", "ul. Długa 5, 31-147 Kraków, PL", "7740001454", null, "PL",
            null, null);

    @Test
    void a_complete_invoice_passes_the_checks_and_the_schema() {
        InvoiceView invoice = view(UnaryOperator.identity());
        assertThat(Fa3Invoice.problems(invoice, context())).isEmpty();
        Fa3Schema.validate(Fa3Invoice.build(invoice, context()));
    }

    @Test
    void a_seller_without_a_nip_is_refused_and_the_schema_agrees() {
        refused(b -> b.seller(new Party(SELLER.name(), SELLER.address(), null, null, "PL", null)), "seller.taxId",
                "fa3.sellerTaxId", true);
        refused(b -> b.seller(new Party(SELLER.name(), SELLER.address(), "123", null, "PL", null)), "seller.taxId",
                "fa3.sellerTaxId", true);
    }

    @Test
    void a_seller_without_an_address_is_refused_and_the_schema_agrees() {
        refused(b -> b.seller(new Party(SELLER.name(), null, SELLER.taxId(), null, "PL", null)), "seller.address",
                "fa3.sellerAddress", true);
    }

    @Test
    void a_polish_business_buyer_whose_nip_is_not_ten_digits_is_refused_and_the_schema_agrees() {
        refused(b -> b.buyer(new Party(BUYER.name(), BUYER.address(), "774-000-14", null, "PL", null)),
                "buyer.taxId", "fa3.buyerNip", true);
    }

    @Test
    void a_buyer_without_an_address_is_refused_business_or_private() {
        // the schema leaves the buyer's address optional (for the simplified invoice Klient does not issue); the
        // VAT act (art. 106e ust. 1 pkt 3) asks for it on every invoice Klient issues, so the check is the law's
        refused(b -> b.buyer(new Party(BUYER.name(), null, BUYER.taxId(), null, "PL", null)), "buyer.address",
                "fa3.buyerAddress", false);
        refused(b -> b.buyer(new Party("Jan Kowalski", "PL", null, null, "PL", null)), "buyer.address",
                "fa3.buyerAddress", false);
    }

    @Test
    void an_eu_buyer_whose_vat_number_fits_no_eu_format_is_refused_and_the_schema_agrees() {
        refused(b -> b.buyer(new Party("Bäckerei GmbH", "Hauptstr. 1, 10115 Berlin, DE", null, "DE 12345-678/90ab",
                "DE", null)).reverseCharge(true), "buyer.vatId", "fa3.buyerVatId", true);
    }

    @Test
    void a_line_description_longer_than_the_schema_allows_is_refused_and_the_schema_agrees() {
        refused(b -> b.lines(List.of(line("x".repeat(513), "23", "1", "100.00"))), "lines[0].description",
                "fa3.lineDescription", true);
    }

    @Test
    void a_rate_the_schema_does_not_know_is_refused_and_the_schema_agrees() {
        refused(b -> b.lines(List.of(line("Usługa", "21", "1", "100.00"))), "lines[0].taxRate", "fa3.lineRate",
                true);
    }

    @Test
    void more_than_ten_thousand_rows_are_refused() {
        // the schema's limit of 10,000 rows is one of those the compiled copy no longer checks (see Fa3Schema)
        List<Line> many = new ArrayList<>(Collections.nCopies(Fa3Invoice.MAX_ROWS + 1,
                line("Śruba", "23", "1", "1.00")));
        refused(b -> b.lines(many), "lines", "fa3.tooManyLines", false);
    }

    @Test
    void a_bank_account_the_schema_cannot_take_is_refused_and_the_schema_agrees() {
        refused(b -> b.seller(new Party(SELLER.name(), SELLER.address(), SELLER.taxId(), null, "PL", "12 34")),
                "seller.bankAccount", "fa3.bankAccount", true);
    }

    @Test
    void an_exemption_basis_longer_than_the_schema_allows_is_refused_and_the_schema_agrees() {
        refused(b -> b.lines(List.of(exempt("Kurs", "500.00"))).exemptionBasis("art. 43 " + "x".repeat(260)),
                "exemptionBasis", "fa3.exemptionBasisTooLong", true);
    }

    private static void refused(UnaryOperator<Builder> change, String field, String key, boolean schemaToo) {
        InvoiceView invoice = view(change);
        List<InvalidFields.FieldError> problems = Fa3Invoice.problems(invoice, context());
        assertThat(problems).extracting(InvalidFields.FieldError::field).contains(field);
        assertThat(problems).extracting(InvalidFields.FieldError::messageKey).contains(key);
        if (schemaToo) {
            byte[] xml;
            try {
                xml = Fa3Invoice.build(invoice, context());
            }
            catch (RuntimeException e) {
                return; // cannot even be written: refused all the more
            }
            assertThat(Fa3Schema.errors(xml)).as("the schema refuses it too").isNotEmpty();
        }
    }

    static Fa3Invoice.Context context() {
        return new Fa3Invoice.Context(null, List.of(), null, Set.of(), Set.of(), false, Instant.now());
    }

    static Line line(String description, String rate, String quantity, String price) {
        BigDecimal net = new BigDecimal(quantity).multiply(new BigDecimal(price)).setScale(2);
        return new Line(null, description, new BigDecimal(quantity), "szt.", new BigDecimal(price), BigDecimal.ZERO,
                new BigDecimal(rate), false, net);
    }

    static Line exempt(String description, String price) {
        return new Line(null, description, BigDecimal.ONE, "szt.", new BigDecimal(price), BigDecimal.ZERO,
                BigDecimal.ZERO, true, new BigDecimal(price));
    }

    static InvoiceView view(UnaryOperator<Builder> change) {
        return change.apply(new Builder()).build();
    }

    /** An issued invoice made by hand, to try the builder on what the services would refuse. */
    static final class Builder {
        Party seller = SELLER;
        Party buyer = BUYER;
        List<Line> lines = List.of(line("Chleb", "23", "2", "100.00"));
        boolean reverseCharge;
        String exemptionBasis;

        Builder seller(Party p) {
            seller = p;
            return this;
        }

        Builder buyer(Party p) {
            buyer = p;
            return this;
        }

        Builder lines(List<Line> l) {
            lines = l;
            return this;
        }

        Builder reverseCharge(boolean rc) {
            reverseCharge = rc;
            return this;
        }

        Builder exemptionBasis(String basis) {
            exemptionBasis = basis;
            return this;
        }

        InvoiceView build() {
            Totals totals = Totals.of(lines, reverseCharge);
            LocalDate today = LocalDate.now();
            return new InvoiceView(1, "FV/2026/12/0001", "INVOICE", null, null, null, null, null, null, null, null,
                    "pl", "PLN", null, today, today, today.plusDays(14), PaymentMethod.TRANSFER, reverseCharge,
                    seller, buyer, lines, totals.netTotal(), totals.taxTotal(), totals.grossTotal(), totals.byRate(),
                    null, BigDecimal.ZERO, BigDecimal.ZERO, totals.grossTotal(), InvoiceStatus.UNPAID, List.of(),
                    Instant.now(), null, null, exemptionBasis, null, false);
        }
    }
}
