package app.klient.customers;

import java.util.Map;
import java.util.Optional;

/**
 * A part another module adds to the customer card (the company's deals, a contact's tickets...): a Thymeleaf
 * fragment and the data it shows. Customers does not know the modules that extend its card.
 */
public interface CardSection {

    Optional<Part> forCompany(long companyId);

    Optional<Part> forContact(long contactId);

    /** The part on a deal's page (what the deal became: its project), none unless a module has one. */
    default Optional<Part> forDeal(long dealId) {
        return Optional.empty();
    }

    /** {@code template :: fragment} rendered with {@code data} in the side column, in {@code order}. */
    record Part(int order, String template, String fragment, Map<String, Object> data) {
    }
}
