package app.klient.identity;

import java.util.EnumSet;
import java.util.Set;

import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;

/**
 * What a role may do beyond reading and editing records, decided here and nowhere else. Today each permission has
 * fixed default roles; when the administrator gets a screen to grant them, this table is what it will store.
 */
public enum Permission {

    /** Taking the customer base out of Klient as a file (CSV): administrators and managers. */
    EXPORT_CUSTOMERS(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /**
     * Taking a period's invoices out for the accountant (CSV, XLSX, the XML files): administrators and managers, who
     * answer for the books. Everybody reads an invoice, but the whole ledger of every customer leaving in one file
     * is the same kind of decision as exporting the customer base.
     */
    EXPORT_INVOICES(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /**
     * Bringing people in from a file (a contact import, with its consent column): administrators and managers, who
     * answer for the customer base, and marketers, who own consent and bring in the lists of events and sign-ups. A
     * file can add a million people at once: no other role.
     */
    IMPORT_CONTACTS(EnumSet.of(Role.ADMIN, Role.MANAGER, Role.MARKETING)),

    /** Taking the sales lists out as a file (leads, deals, quotes, orders): administrators and managers. */
    EXPORT_SALES(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /** Taking the service desk's tickets out as a file: administrators and managers. */
    EXPORT_TICKETS(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /** Taking activities and tasks out as a file: administrators and managers. */
    EXPORT_ACTIVITIES(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /** Taking the product catalog out as a file (with prices): administrators and managers. */
    EXPORT_PRODUCTS(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /** Taking a report's rows out as a file (CSV, XLSX): administrators and managers, as with customer exports. */
    EXPORT_REPORTS(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /**
     * Answering a person's GDPR requests (an export of everything Klient holds about them, erasure) and setting the
     * retention rules: administrators only, since both reach into every module's records at once.
     */
    PRIVACY(EnumSet.of(Role.ADMIN)),

    /**
     * Marketing to customers: making segments, campaigns and journeys, sending them, entering costs and keeping the
     * suppression list. Everybody reads what marketing did (the card shows it); only these roles act in bulk.
     */
    MARKETING(EnumSet.of(Role.ADMIN, Role.MANAGER, Role.MARKETING)),

    /**
     * Making rules that act on their own (a task when a deal is won, an alert on a complaint): administrators for
     * everyone, managers for their own team's records.
     */
    AUTOMATION(EnumSet.of(Role.ADMIN, Role.MANAGER)),

    /**
     * Sending records out to other systems as webhooks: administrators only, since a subscription hands every change
     * of a kind of record to an address outside Klient.
     */
    WEBHOOKS(EnumSet.of(Role.ADMIN)),

    /**
     * Feeding calls and messages in from a phone system or messaging gateway, and setting where click-to-call and
     * replies go: administrators only, since the intake writes on every customer's card.
     */
    CHANNELS(EnumSet.of(Role.ADMIN));

    private final Set<Role> roles;

    Permission(Set<Role> roles) {
        this.roles = roles;
    }

    /** Whether the signed-in user has this permission. */
    public boolean granted() {
        return CurrentUser.role().map(roles::contains).orElse(false);
    }

    public void check() {
        if (!granted()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "permission.denied." + name());
        }
    }

    public Set<Role> roles() {
        return Set.copyOf(roles);
    }
}
