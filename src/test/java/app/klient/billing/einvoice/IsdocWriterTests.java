package app.klient.billing.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import app.klient.billing.InvoiceStatus;
import app.klient.billing.InvoiceView;
import app.klient.billing.Line;
import app.klient.billing.Party;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Totals;
import app.klient.support.IsdocSchema;
import org.junit.jupiter.api.Test;

/** The ISDOC writer's rules that need no database: addresses and accounts in parts, lines sharing rounded sums. */
class IsdocWriterTests {

    @Test
    void an_address_kept_in_one_line_is_split_into_the_parts_isdoc_wants() {
        assertThat(IsdocWriter.Address.parse("Dlouhá 12, 602 00 Brno, CZ", "CZ"))
                .isEqualTo(new IsdocWriter.Address("Dlouhá", "12", "Brno", "602 00"));
        assertThat(IsdocWriter.Address.parse("ul. Piotrkowska 1/3a, 90-001 Łódź, PL", "PL"))
                .isEqualTo(new IsdocWriter.Address("ul. Piotrkowska", "1/3a", "Łódź", "90-001"));
        assertThat(IsdocWriter.Address.parse("Náměstí Míru, Praha", "CZ"))
                .isEqualTo(new IsdocWriter.Address("Náměstí Míru", "", "Praha", ""));
        assertThat(IsdocWriter.Address.parse("110 00 Praha 1", "CZ"))
                .isEqualTo(new IsdocWriter.Address("", "", "Praha 1", "110 00"));
        assertThat(IsdocWriter.Address.parse(null, "CZ")).isEqualTo(new IsdocWriter.Address("", "", "", ""));
    }

    @Test
    void a_bank_account_gives_its_iban_and_its_domestic_number_with_the_bank_code() {
        assertThat(IsdocWriter.BankAccount.parse("CZ65 0800 0000 1920 0014 5399"))
                .isEqualTo(new IsdocWriter.BankAccount("19-2000145399", "0800", "CZ6508000000192000145399"));
        assertThat(IsdocWriter.BankAccount.parse("2000145399/0800"))
                .isEqualTo(new IsdocWriter.BankAccount("2000145399", "0800", ""));
        assertThat(IsdocWriter.BankAccount.parse("61 1090 1014 0000 0712 1981 2874"))
                .isEqualTo(new IsdocWriter.BankAccount("61109010140000071219812874", "10901014",
                        "PL61109010140000071219812874"));
    }

    @Test
    void lines_share_a_rate_rows_vat_so_that_they_add_up_to_it_exactly() {
        // three lines of 0.33 at 23 %: 0.08 each rounded, but the rate row's VAT is 0.99 × 23 % = 0.23
        BigDecimal third = new BigDecimal("0.33");
        BigDecimal[] shared = new BigDecimal[3];
        IsdocWriter.share(List.of(0, 1, 2), new BigDecimal[] { third, third, third }, new BigDecimal("0.23"),
                n -> n.multiply(new BigDecimal("0.23")), shared);
        assertThat(shared[0].add(shared[1]).add(shared[2])).isEqualByComparingTo("0.23");
    }

    @Test
    void the_official_schema_refuses_a_document_that_lacks_a_required_element() {
        byte[] valid = IsdocWriter.write(invoice(), new IsdocWriter.Context("PLN", "Reverse charge"));
        assertThat(IsdocSchema.errors(valid)).isEmpty();
        String broken = new String(valid, StandardCharsets.UTF_8).replaceFirst("<IssueDate>[^<]*</IssueDate>", "");
        assertThat(IsdocSchema.errors(broken.getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    @Test
    void a_correction_that_raises_the_amount_is_a_debit_note_and_control_characters_do_not_break_the_file() {
        InvoiceView invoice = invoice();
        List<Line> lines = List.of(new Line(null, "Čerpadlo\u0001 navíc", new BigDecimal("1"), "pcs",
                new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("21"), false, new BigDecimal("100.00")));
        Totals totals = Totals.of(lines, false);
        InvoiceView debit = new InvoiceView(2, "KOR/2026/12/0001", "CORRECTION", invoice.id(), invoice.number(),
                invoice.issueDate(), "Doúčtování", null, 1L, null, null, "cs", "PLN", null, invoice.issueDate(),
                invoice.saleDate(), invoice.dueDate(), PaymentMethod.TRANSFER, false, invoice.seller(),
                invoice.buyer(), lines, totals.netTotal(), totals.taxTotal(), totals.grossTotal(), totals.byRate(),
                null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, InvoiceStatus.CORRECTION, List.of(),
                Instant.now(), null, null, null, InvoiceView.variableSymbol("KOR/2026/12/0001"), false);
        assertThat(IsdocWriter.documentType(debit)).isEqualTo(3);
        byte[] file = IsdocWriter.write(debit, new IsdocWriter.Context("PLN", null));
        assertThat(IsdocSchema.errors(file)).isEmpty();
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text).contains("<DocumentType>3</DocumentType>").contains("<Description>Čerpadlo navíc</Description>")
                .contains("<TaxInclusiveAmount>121.00</TaxInclusiveAmount>");
    }

    private static InvoiceView invoice() {
        List<Line> lines = List.of(new Line(null, "Čerpadlo", new BigDecimal("2"), "pcs", new BigDecimal("100"),
                BigDecimal.ZERO, new BigDecimal("21"), false, new BigDecimal("200.00")));
        Totals totals = Totals.of(lines, false);
        Party seller = new Party("Dodavatel s.r.o.", "Dlouhá 12, 602 00 Brno, CZ", "CZ27082440", "CZ27082440", "CZ",
                "CZ65 0800 0000 1920 0014 5399", "27082440");
        Party buyer = new Party("Odběratel a.s.", "Krátká 1, 110 00 Praha, CZ", "CZ45274649", null, "CZ", null,
                "45274649");
        LocalDate day = LocalDate.of(2026, 12, 1);
        return new InvoiceView(1, "FV/2026/12/0001", "INVOICE", null, null, null, null, null, 1L, null, null, "cs",
                "PLN", null, day, day, day.plusDays(14), PaymentMethod.TRANSFER, false, seller, buyer, lines,
                totals.netTotal(), totals.taxTotal(), totals.grossTotal(), totals.byRate(), null, BigDecimal.ZERO,
                BigDecimal.ZERO, totals.grossTotal(), InvoiceStatus.UNPAID, List.of(), Instant.now(), null, null, null,
                InvoiceView.variableSymbol("FV/2026/12/0001"), false);
    }
}
