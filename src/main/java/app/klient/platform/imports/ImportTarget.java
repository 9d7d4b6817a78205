package app.klient.platform.imports;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.platform.InvalidFields;

/**
 * A kind of record that the import wizard (module {@code data}) can bring in from a file. The module that owns the
 * records provides the bean, so their rules and their table stay with it; the wizard only reads files, maps columns
 * to {@link #fields()} and calls these methods, one row at a time, inside its own batch transaction.
 */
public interface ImportTarget {

    /** The kind as the wizard's URLs and API name it: {@code companies}, {@code contacts}, {@code leads}... */
    String kind();

    /** Whether the signed-in user may import this kind. */
    boolean mayImport();

    /** The fields a column may fill, custom fields included; {@code required} ones must be mapped. */
    List<ImportField> fields();

    /** The fields a duplicate can be recognised by ({@code email}, {@code taxId}, {@code phone}, {@code sku}). */
    List<String> keys();

    /** The problems of one row's values (field key to cell text), none when it can be stored. */
    List<InvalidFields.FieldError> check(Map<String, String> values);

    /** The record that already has {@code value} in the key field, if one has. */
    Optional<Long> find(String key, String value);

    /** Stores a new record from checked values; {@code owner} owns it where the kind has owners. */
    long create(Map<String, String> values, long owner);

    /**
     * Writes the non-empty values over an existing record; answers what they replaced (to undo it) and the
     * record's version after the change, or empty when the record is gone.
     */
    Optional<Replaced> update(long id, Map<String, String> values);

    /** Removes a record an import made; false when it can no longer be removed (it is gone already). */
    boolean delete(long id);

    /** Puts back what an update replaced; false when the record changed since (its version moved on) or is gone. */
    boolean restore(long id, Replaced replaced);

    /** The columns an update replaced with their old values (as JSON), and the version it left. */
    record Replaced(String before, int version) {
    }
}
