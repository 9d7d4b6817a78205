package app.klient.identity;

/**
 * The rule for records with an owner (customers, deals, invoices…): who changes which is the administrator's rule
 * per role and kind ({@link RecordAccess}; by default administrators and managers change any, sales, marketing and
 * support what they own or what nobody owns yet, read-only users nothing), plus what is shared with
 * them to change. Everybody but read-only users creates new records.
 */
public final class OwnedRecords {

    private OwnedRecords() {
    }

    /** Whether the signed-in user may change record {@code recordId} (null: a new one) owned by {@code ownerId}. */
    public static boolean canEdit(RecordKind kind, Long recordId, Long ownerId) {
        return RecordAccess.instance().canChange(kind, recordId, ownerId);
    }

    public static boolean canCreate() {
        return CurrentUser.role().map(Role::canWrite).orElse(false);
    }

    /** The owner of a new record: the one given, else whoever creates it (nobody when Klient creates it itself). */
    public static Long ownerOfNew(Long given) {
        if (given != null) {
            return given;
        }
        return app.klient.platform.Actor.current().isPresent() && canCreate() ? CurrentUser.id() : null;
    }

    public static boolean canReassignAnyone() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
    }
}
