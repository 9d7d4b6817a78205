package app.klient.customers;

/**
 * Told by {@link ContactImport} about the contacts a file just added that agreed to marketing (its consent
 * column), inside the import's transaction, so that the module keeping consents records them in one statement.
 * Customers does not know that module; it implements this.
 */
public interface ImportConsent {

    /**
     * The new contacts with ids between {@code fromId} and {@code toId} whose {@code marketing_consent} is set and
     * whose {@code consent_at} is this transaction's time ({@code now()}) are the ones this import made consenting.
     */
    void agreed(long fromId, long toId);
}
