package app.klient.platform.imports;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.platform.InvalidFields;

/**
 * A kind of record that the import wizard (module {@code data}) can bring in from a file. The module that owns the
 * records provides the bean, so their rules and their table stay with it; the wizard only reads files, maps columns
 * to {@link #fields()} and calls these methods inside its own batch transaction: a batch's rows are checked, looked
 * up and created together ({@link #checkAll}, {@link #findAll}, {@link #createAll}), an update one row at a time.
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

    /** The problems of each row, in the rows' order (what all rows need is looked up once). */
    default List<List<InvalidFields.FieldError>> checkAll(List<Map<String, String>> rows) {
        return rows.stream().map(this::check).toList();
    }

    /**
     * A key value as duplicates are compared (an e-mail in lower case, a phone in E.164), or null when the value
     * cannot be a key: two rows with the same one are the same record.
     */
    String normalized(String key, String value);

    /** The record that already has {@code value} in the key field, if one has. */
    default Optional<Long> find(String key, String value) {
        return Optional.ofNullable(findAll(key, List.of(value)).get(value));
    }

    /** For each of {@code values} that a record already has in the key field, that record (the oldest). */
    Map<String, Long> findAll(String key, Collection<String> values);

    /** Stores a new record from checked values; {@code owner} owns it where the kind has owners. */
    default long create(Map<String, String> values, long owner) {
        return createAll(List.of(values), owner).get(0);
    }

    /**
     * Stores new records from checked values, all or none (a refused one takes the others back with it); answers
     * their ids in the rows' order.
     */
    List<Long> createAll(List<Map<String, String>> rows, long owner);

    /**
     * Writes the non-empty values over an existing record; answers what they replaced (to undo it) and the
     * record's version after the change, or empty when the record is gone. {@code owner} (the importing user) owns
     * what the update makes, as it owns what {@link #createAll} makes.
     */
    Optional<Replaced> update(long id, Map<String, String> values, long owner);

    /**
     * Removes a record an import made, if it is still at {@code version} (as the import left it); false when it is
     * gone, somebody changed it since, or other records need it.
     */
    boolean delete(long id, int version);

    /**
     * The records that creating {@code created} made alongside them, by kind (a company that a contact's cell named
     * and that did not exist): an undo takes them back after the records, by that kind's {@link #delete} at version
     * 0, the version they were made with. None by default.
     */
    default Map<String, List<Long>> madeAlongside(Collection<Long> created) {
        return Map.of();
    }

    /** Puts back what an update replaced; false when the record changed since (its version moved on) or is gone. */
    boolean restore(long id, Replaced replaced);

    /** The columns an update replaced with their old values (as JSON), and the version it left. */
    record Replaced(String before, int version) {
    }
}
