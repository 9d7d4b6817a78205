package app.klient.sales;

import jakarta.validation.constraints.NotNull;

/** A person on a deal with their role; as a form, a missing role is {@link ContactRole#CONTACT}. */
public record DealContact(@NotNull Long contactId, String name, ContactRole role) {
}
