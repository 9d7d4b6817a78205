package app.klient.customers;

import java.util.List;

/**
 * What a module knows about contacts, offered to filter builders (marketing segments): each module implements this
 * with criteria written as SQL over its own tables on contacts aliased {@code c}. Customers, sales, billing, service
 * and marketing contribute; the builder lists them all, grouped by {@link ContactCriterion#group()}.
 */
public interface ContactCriteria {

    List<ContactCriterion> criteria();
}
