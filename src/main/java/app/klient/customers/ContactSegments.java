package app.klient.customers;

import java.util.Optional;

/**
 * Named groups of contacts kept elsewhere (marketing's segments and lists), usable as a filter of the contact list,
 * its export and the contacts API ({@code ?segment=ID}). Customers does not know how they are made; the module that
 * keeps them implements this.
 */
public interface ContactSegments {

    /** The condition on contacts aliased {@code c}; a segment that does not exist is a 404 KlientException. */
    ContactCondition condition(long segmentId);

    /** The segment's name, if it exists. */
    Optional<String> name(long segmentId);

    /** Every segment and list by name, for a filter's choice (id to name). */
    java.util.Map<Long, String> choices();
}
