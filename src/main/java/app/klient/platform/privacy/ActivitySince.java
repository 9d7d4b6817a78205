package app.klient.platform.privacy;

/**
 * What a module knows of a contact's recent activity, for the retention rule of contacts without activity: each
 * module that keeps rows about contacts (tickets, deals, invoices, e-mails, points...) implements it over its own
 * tables (in its {@code internal} package), so the rule never reads another module's tables and a contact with a
 * ticket last month is not taken for one nobody has heard of.
 */
public interface ActivitySince {

    /**
     * An SQL condition, true when the module has a row about the contact at or after {@code :cutoff} (a timestamp
     * parameter the rule binds) or one still going on (an open deal): an {@code exists (...)} over the module's
     * tables. {@code contactId} is the SQL of the contact's id in the rule's query, such as {@code c.id}.
     */
    String activeSince(String contactId);
}
