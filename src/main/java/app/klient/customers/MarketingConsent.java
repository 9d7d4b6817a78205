package app.klient.customers;

import java.time.Instant;

/**
 * What "agrees to marketing" on a contact means, answered by the module that keeps consents (customers does not
 * know it; it implements this). The contact form's and the API's single {@code marketingConsent} flag is a shortcut
 * into that history: ticking it records consent there, unticking it a withdrawal, and what a contact shows as its
 * marketing consent is read back from there, so an unsubscribe is seen at once.
 */
public interface MarketingConsent {

    /** Where the shortcut was used: the contact form page or the API. */
    enum Origin {
        PAGE, API
    }

    /** Whether the contact currently agrees to marketing by e-mail (for any purpose), and since when it stands. */
    record Standing(boolean agrees, Instant since) {

        public static final Standing NONE = new Standing(false, null);
    }

    Standing standing(long contactId);

    /**
     * SQL over the contacts alias {@code c}: a boolean expression that is true when the contact agrees (for lists and
     * exports that read many rows at once).
     */
    String agreesSql();

    /** SQL over the contacts alias {@code c}: when the contact's e-mail consent last changed (a timestamp or null). */
    String sinceSql();

    /** The contact agreed, told by a user through the contact form or the API ({@code method} and {@code note}). */
    void given(long contactId, Origin origin, ConsentMethod method, String note);

    /** The contact no longer agrees to any marketing by e-mail. */
    void withdrawn(long contactId, Origin origin, String note);
}
