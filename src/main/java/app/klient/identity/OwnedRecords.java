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

    public static boolean canReassignAnyone() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
    }
}
