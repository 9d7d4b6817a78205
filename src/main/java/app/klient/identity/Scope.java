package app.klient.identity;

/** How far a role's reading or changing of a kind of record reaches. Unowned records are everyone's. */
public enum Scope {
    /** Every record of the kind. */
    ALL,
    /** Records owned by the user or by anyone sharing a team with them. */
    TEAM,
    /** Records the user owns. */
    OWN,
    /** None (changing only: a role that reads but never changes). */
    NONE;

    public String messageKey() {
        return "access.scope." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
