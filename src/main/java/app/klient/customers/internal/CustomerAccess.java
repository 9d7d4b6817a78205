package app.klient.customers.internal;

import app.klient.identity.OwnedRecords;
import app.klient.identity.RecordKind;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;

/**
 * Who may change a customer record: the administrator's rules for companies and contacts (identity.RecordAccess),
 * and what is shared with the user. Everybody but read-only users creates new ones.
 */
public final class CustomerAccess {

    private CustomerAccess() {
    }

    public static boolean canEdit(RecordKind kind, Long id, Long ownerId) {
        return OwnedRecords.canEdit(kind, id, ownerId);
    }

    public static boolean canCreate() {
        return OwnedRecords.canCreate();
    }

    /** Handing records of one person to another is a manager's or administrator's tool. */
    public static boolean canReassignAnyone() {
        return OwnedRecords.canReassignAnyone();
    }

    public static void checkEdit(RecordKind kind, Long id, Long ownerId) {
        if (!canEdit(kind, id, ownerId)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
    }

    public static void checkCreate() {
        if (!canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
    }
}
