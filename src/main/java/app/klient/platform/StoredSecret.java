package app.klient.platform;

/**
 * A column that holds sealed secrets ({@link Secrets}), declared as a bean by the module that owns the table: the start
 * seals what is still plaintext there, and a key rotation seals it again under the new key. {@code id} is the table's
 * key column.
 */
public record StoredSecret(String table, String id, String column) {

    public StoredSecret {
        for (String name : new String[] { table, id, column }) {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Not a plain SQL name: " + name);
            }
        }
    }
}
