package app.klient.billing;

/** A seller or buyer as a document prints it, frozen when the document is issued. */
public record Party(String name, String address, String taxId, String vatId, String country, String bankAccount) {
}
