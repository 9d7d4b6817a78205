package app.klient.billing;

/**
 * A seller or buyer as a document prints it, frozen when the document is issued. {@code taxId} is the tax number
 * (NIP in Poland, DIČ in Czechia), {@code registrationNumber} the business register's (REGON, IČO), {@code vatId} the
 * EU VAT number; which label each gets depends on {@code country}.
 */
public record Party(String name, String address, String taxId, String vatId, String country, String bankAccount,
        String registrationNumber) {

    public Party(String name, String address, String taxId, String vatId, String country, String bankAccount) {
        this(name, address, taxId, vatId, country, bankAccount, null);
    }
}
