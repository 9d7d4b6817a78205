package app.klient.customers;

import java.util.List;

/**
 * Records of one kind were merged into {@code survivorId}; {@code mergedIds} are deleted once every listener has run.
 * Published synchronously inside the merge's transaction: each module that keeps rows of companies or contacts
 * handles it with a plain {@code @EventListener} and moves its own rows to the survivor there and then (a row it
 * cannot move, it refuses with a {@link app.klient.platform.KlientException}, which undoes the whole merge). A row
 * still pointing at a merged record afterwards stops the merge, so a module that forgets its rows loses nothing.
 * While the event is handled, {@code klient.merging_customers} is {@code on} for the transaction: the database lets
 * an issued invoice and a consent follow their customer then, and only then.
 */
public record CustomersMerged(CustomerType kind, long survivorId, List<Long> mergedIds) {

    public CustomersMerged {
        mergedIds = List.copyOf(mergedIds);
    }

    /** The column other tables point at this kind of record with. */
    public String column() {
        return kind == CustomerType.COMPANY ? "company_id" : "contact_id";
    }
}
