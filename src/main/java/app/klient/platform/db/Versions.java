package app.klient.platform.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one way to change a record that a person edited from what they saw: {@code update … where id = ? and version =
 * ?}, the row count checked in the same statement, so two edits made from the same version can never both win.
 * No row because the record is gone answers 404 with the caller's key; no row because the version moved on answers
 * 409 ({@link StaleVersion}); an edit that does not say which version it started from answers 400 naming
 * {@code version}. JPA entities with {@code @Version} use {@link #check(Integer, int)} on the entity loaded in the
 * same transaction: Hibernate's own {@code where version = ?} then catches whoever saves in between.
 */
@Component
public class Versions {

    private final JdbcClient jdbc;

    Versions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The version an edit must name; without one the edit is refused as a bad request naming {@code version}. */
    public static int required(Integer version) {
        if (version == null) {
            throw missing();
        }
        return version;
    }

    /** The edit's version against the one just loaded (JPA entities, or a row read under the same transaction). */
    public static void check(Integer sent, int current) {
        if (required(sent) != current) {
            throw new StaleVersion();
        }
    }

    public static InvalidFields missing() {
        return new InvalidFields(List.of(new InvalidFields.FieldError("version", "error.versionRequired")));
    }

    /** Starts a change of row {@code id} of {@code table} made from {@code version} (null: 400). */
    public Change change(String table, long id, Integer version) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        return new Change(table, id, required(version));
    }

    /** One versioned update; {@link #apply()} runs it and answers the record's new version. */
    public final class Change {

        private final String table;
        private final long id;
        private final int version;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private String assignments;
        private String notFoundKey = "error.notFound";
        private String condition;
        private Supplier<? extends KlientException> refusal;

        private Change(String table, long id, int version) {
            this.table = table;
            this.id = id;
            this.version = version;
        }

        /** The columns to set, as SQL with named parameters; {@code version} is bumped without being named. */
        public Change set(String assignments) {
            this.assignments = assignments;
            return this;
        }

        public Change param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        public Change params(Map<String, ?> values) {
            params.putAll(values);
            return this;
        }

        /** The message key of the 404 when there is no such record. */
        public Change notFound(String messageKey) {
            this.notFoundKey = messageKey;
            return this;
        }

        /**
         * A further condition the row must meet (SQL over its columns, e.g. {@code active}); a row at the right version
         * that does not meet it is refused with {@code refusal}.
         */
        public Change onlyIf(String condition, Supplier<? extends KlientException> refusal) {
            this.condition = condition;
            this.refusal = refusal;
            return this;
        }

        public int apply() {
            Map<String, Object> all = new LinkedHashMap<>(params);
            all.put("versionedId", id);
            all.put("versionedVersion", version);
            String set = assignments == null || assignments.isBlank() ? "" : assignments + ", ";
            List<Integer> updated = jdbc.sql("update " + table + " set " + set + "version = version + 1"
                    + " where id = :versionedId and version = :versionedVersion"
                    + (condition == null ? "" : " and (" + condition + ")") + " returning version")
                    .params(all).query(Integer.class).list();
            if (updated.size() == 1) {
                return updated.get(0);
            }
            Optional<Integer> current = jdbc.sql("select version from " + table + " where id = :id").param("id", id)
                    .query(Integer.class).optional();
            if (current.isEmpty()) {
                throw KlientException.notFound(notFoundKey);
            }
            if (current.get() != version || refusal == null) {
                throw new StaleVersion();
            }
            throw refusal.get();
        }
    }
}
