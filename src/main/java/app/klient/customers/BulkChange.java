package app.klient.customers;

import java.util.List;

import app.klient.customers.internal.FormChecks;
import app.klient.identity.Users;

/** One change applied to many selected records at once from a list. */
public sealed interface BulkChange {

    /** The change with its value checked and normalized, or an {@link app.klient.platform.InvalidFields}. */
    BulkChange checked(Users users);

    record AssignOwner(Long ownerId) implements BulkChange {
        @Override
        public BulkChange checked(Users users) {
            FormChecks checks = new FormChecks();
            Long owner = checks.owner("ownerId", ownerId, users);
            checks.errors().throwIfAny();
            return new AssignOwner(owner);
        }
    }

    record AddTag(String tag) implements BulkChange {
        @Override
        public BulkChange checked(Users users) {
            FormChecks checks = new FormChecks();
            List<String> tags = checks.tags("tag", tag == null ? List.of() : List.of(tag));
            if (tags.isEmpty() && !checks.errors().has("tag")) {
                checks.errors().add("tag", "jakarta.validation.constraints.NotBlank.message");
            }
            checks.errors().throwIfAny();
            return new AddTag(tags.get(0));
        }
    }

    record Delete() implements BulkChange {
        @Override
        public BulkChange checked(Users users) {
            return this;
        }
    }
}
