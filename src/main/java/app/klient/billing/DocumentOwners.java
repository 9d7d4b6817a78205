package app.klient.billing;

import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import org.springframework.stereotype.Component;

/**
 * Who owns a new quote, order or invoice: the owner given, or else {@code otherwise} (whoever makes it, or the owner
 * of the document it comes from). A given owner must be able to act on it (active, not read-only), as for companies
 * and deals, or the document — and its commission — would belong to someone who cannot work on it.
 */
@Component
class DocumentOwners {

    private final Users users;

    DocumentOwners(Users users) {
        this.users = users;
    }

    Long owner(Long given, Long otherwise) {
        if (given == null) {
            return otherwise == null ? CurrentUser.id() : otherwise;
        }
        users.ownerProblem(given).ifPresent(key -> {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("ownerId", key)));
        });
        return given;
    }
}
