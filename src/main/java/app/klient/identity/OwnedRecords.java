package app.klient.identity;

/**
 * The rule for records with an owner (customers, deals): everybody signed in reads them; administrators and managers
 * change any; sales, marketing and support change what they own or what nobody owns yet, and create new ones;
 * read-only users change nothing.
 */
public final class OwnedRecords {

    private OwnedRecords() {
    }

    public static boolean canEdit(Long ownerId) {
        if (CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            return true;
        }
        if (CurrentUser.hasRole(Role.SALES, Role.MARKETING, Role.SUPPORT)) {
            return ownerId == null || ownerId == CurrentUser.id();
        }
        return false;
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
