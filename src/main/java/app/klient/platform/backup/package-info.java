/**
 * {@code java -jar klient.jar backup FILE} and {@code restore FILE}: one archive holding a consistent dump of the
 * database (made by PostgreSQL's own pg_dump, read back by pg_restore) and a manifest of every table's row count and
 * checksum and every sequence's value, taken in the same snapshot as the dump. Stored files (attachments, documents,
 * signing keys) live in the database, so the dump carries them; a restore checks the restored data against the
 * manifest before it reports success.
 */
package app.klient.platform.backup;
