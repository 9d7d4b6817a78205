package app.klient.billing;

import java.util.List;

import app.klient.billing.einvoice.Fa3Invoice;

/**
 * Valid FA(3) invoices made by the real builder without a database, for tests outside this package that need an
 * e-invoice KSeF would take (the KSeF client's contract tests): the seller's NIP is the caller's, and the line's
 * description makes each document, and so its hash, its own.
 */
public final class Fa3Samples {

    private Fa3Samples() {
    }

    public static byte[] invoice(String sellerNip, String description) {
        Party s = Fa3ChecksTests.SELLER;
        Party seller = new Party(s.name(), s.address(), sellerNip, "PL" + sellerNip, s.country(), s.bankAccount(),
                s.registrationNumber());
        byte[] xml = Fa3Invoice.build(Fa3ChecksTests.view(b -> b.seller(seller)
                .lines(List.of(Fa3ChecksTests.line(description, "23", "1", "100.00")))), Fa3ChecksTests.context());
        Fa3Schema.validate(xml);
        return xml;
    }
}
