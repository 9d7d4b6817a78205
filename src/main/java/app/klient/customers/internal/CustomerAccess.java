package app.klient.customers.internal;

import app.klient.identity.OwnedRecords;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;

/**
 * Who may change a customer record. Everybody signed in reads every company and contact (one shared customer
 * database). Administrators and managers change any record; sales, marketing and support change the records they
 * own and records nobody owns yet, and create new ones; read-only users change nothing.
 */
public final class CustomerAccess {

    private CustomerAccess() {
    }

    public static boolean canEdit(Long ownerId) {
        return OwnedRecords.canEdit(ownerId);
    }

    public static boolean canCreate() {
        return OwnedRecords.canCreate();
    }

    /** Handing records of one person to another is a manager's or administrator's tool. */
    public static boolean canReassignAnyone() {
        return OwnedRecords.canReassignAnyone();
    }

    public static void checkEdit(Long ownerId) {
        if (!canEdit(ownerId)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
    }

    public static void checkCreate() {
        if (!canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
    }
}
