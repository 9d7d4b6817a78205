package app.klient.customers;

/** The two kinds of customer record; custom fields and saved views are defined per kind. */
public enum CustomerType {
    COMPANY, CONTACT;

    public String auditName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
