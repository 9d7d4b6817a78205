package app.klient.identity;

import java.util.Set;

/** One role per user. Everybody but READ_ONLY may change business records; only ADMIN administers Klient. */
public enum Role {
    ADMIN, MANAGER, SALES, MARKETING, SUPPORT, READ_ONLY;

    /** Roles that may create, change and delete business records, as Spring Security authorities' names. */
    public static final String[] WRITERS = { "ADMIN", "MANAGER", "SALES", "MARKETING", "SUPPORT" };

    public static final Set<Role> ALL = Set.of(values());

    public boolean canWrite() {
        return this != READ_ONLY;
    }
}
