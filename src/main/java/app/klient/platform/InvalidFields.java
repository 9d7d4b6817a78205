package app.klient.platform;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Business validation that names the fields it refuses (a tax number whose check digit is wrong, a custom field of
 * the wrong type): problem+json lists them under {@code errors}; a page shows each next to its field.
 */
public class InvalidFields extends KlientException {

    private final transient List<FieldError> errors;

    public InvalidFields(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, "error.invalid");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    public record FieldError(String field, String messageKey, Object... arguments) {
    }

    /** Collects errors while a form is checked; {@link #throwIfAny()} at the end. */
    public static final class Collector {

        private final List<FieldError> errors = new ArrayList<>();

        public void add(String field, String messageKey, Object... arguments) {
            errors.add(new FieldError(field, messageKey, arguments));
        }

        public boolean has(String field) {
            return errors.stream().anyMatch(e -> e.field().equals(field));
        }

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        public java.util.Optional<FieldError> first() {
            return errors.stream().findFirst();
        }

        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidFields(errors);
            }
        }
    }
}
