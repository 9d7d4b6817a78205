package app.klient.billing;

/**
 * An invoice or correction was just issued, published inside the issuing transaction: a listener that stores
 * something for it (the KSeF queue) commits or rolls back with the invoice itself.
 */
public record InvoiceIssued(long invoiceId, String number, String kind, String sellerCountry) {
}
